// Tallies `lanes blocktest` outcomes per network and renders the human summary printed to stderr.
import type { BlockchainOutcome } from "./runner.js";

interface NetworkTally {
  passed: number;
  failed: number;
  skipped: number;
  skipReasons: Set<string>;
}

export class BlocktestSummary {
  readonly networks = new Map<string, NetworkTally>();
  files = 0;
  blocks = 0;
  /** Unreadable files and malformed tests (each also printed as a failing line). */
  malformed = 0;
  /** Expected-invalid blocks rejected for another reason than the expected one. */
  exceptionMismatches = 0;

  add(outcome: BlockchainOutcome): void {
    if (outcome.kind === "error") {
      this.malformed++;
      return;
    }
    let tally = this.networks.get(outcome.network);
    if (!tally) {
      tally = { passed: 0, failed: 0, skipped: 0, skipReasons: new Set() };
      this.networks.set(outcome.network, tally);
    }
    if (outcome.kind === "skip") {
      tally.skipped++;
      tally.skipReasons.add(outcome.reason);
      return;
    }
    this.blocks += outcome.blocks;
    this.exceptionMismatches += outcome.exceptionMismatches;
    if (outcome.pass) tally.passed++;
    else tally.failed++;
  }

  totals(): { passed: number; failed: number; skipped: number } {
    const t = { passed: 0, failed: 0, skipped: 0 };
    for (const n of this.networks.values()) {
      t.passed += n.passed;
      t.failed += n.failed;
      t.skipped += n.skipped;
    }
    return t;
  }

  /** True when every test that ran passed and nothing was malformed. */
  ok(): boolean {
    return this.totals().failed === 0 && this.malformed === 0;
  }

  render(seconds: number): string {
    const lines: string[] = [];
    const width = Math.max(7, ...[...this.networks.keys()].map((n) => n.length));
    for (const [network, t] of [...this.networks].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const reasons = t.skipReasons.size > 0 ? ` (${[...t.skipReasons].join(", ")})` : "";
      lines.push(
        `  ${network.padEnd(width)}  ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${reasons}`,
      );
    }
    if (this.malformed > 0) lines.push(`  malformed files or tests: ${this.malformed}`);
    if (this.exceptionMismatches > 0) {
      lines.push(`  invalid blocks rejected for another reason than expected: ${this.exceptionMismatches}`);
    }
    const t = this.totals();
    lines.push(
      `${t.passed} passed, ${t.failed + this.malformed} failed, ${t.skipped} skipped ` +
        `(${this.files} files, ${this.blocks} blocks, ${seconds.toFixed(2)} s)`,
    );
    return `${lines.join("\n")}\n`;
  }
}
