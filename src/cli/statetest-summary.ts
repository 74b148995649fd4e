// Tallies `lanes statetest` outcomes per fork and renders the human summary printed to stderr.
import type { Outcome } from "../statetest/runner.js";

interface ForkTally {
  passed: number;
  failed: number;
  skipped: number;
  skipReasons: Set<string>;
}

export class StatetestSummary {
  readonly forks = new Map<string, ForkTally>();
  files = 0;
  /** Unreadable files and malformed tests (each also printed as a failing line). */
  malformed = 0;

  add(outcome: Outcome): void {
    if (outcome.kind === "error") {
      this.malformed++;
      return;
    }
    let tally = this.forks.get(outcome.fork);
    if (!tally) {
      tally = { passed: 0, failed: 0, skipped: 0, skipReasons: new Set() };
      this.forks.set(outcome.fork, tally);
    }
    if (outcome.kind === "skip") {
      tally.skipped++;
      tally.skipReasons.add(outcome.reason);
    } else if (outcome.pass) tally.passed++;
    else tally.failed++;
  }

  totals(): { passed: number; failed: number; skipped: number } {
    const t = { passed: 0, failed: 0, skipped: 0 };
    for (const f of this.forks.values()) {
      t.passed += f.passed;
      t.failed += f.failed;
      t.skipped += f.skipped;
    }
    return t;
  }

  /** True when every case that ran passed and nothing was malformed. */
  ok(): boolean {
    return this.totals().failed === 0 && this.malformed === 0;
  }

  render(seconds: number): string {
    const lines: string[] = [];
    const width = Math.max(4, ...[...this.forks.keys()].map((f) => f.length));
    for (const [fork, t] of [...this.forks].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const reasons = t.skipReasons.size > 0 ? ` (${[...t.skipReasons].join(", ")})` : "";
      lines.push(
        `  ${fork.padEnd(width)}  ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${reasons}`,
      );
    }
    if (this.malformed > 0) lines.push(`  malformed files or tests: ${this.malformed}`);
    const t = this.totals();
    const failed = t.failed + this.malformed;
    lines.push(
      `${t.passed} passed, ${failed} failed, ${t.skipped} skipped (${this.files} files, ${seconds.toFixed(2)} s)`,
    );
    return `${lines.join("\n")}\n`;
  }
}
