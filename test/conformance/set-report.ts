// Aggregates one fixture set's per-file results into case counts and failure ids, and renders the summary
// and failure report the conformance suite prints.
import { mkdirSync, writeFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Failure, FileResult } from "./protocol.js";

const SLOWEST_FILES = 5;
/** Skip reasons of files a known-failures list marks "skip:" start with that list's file name. */
const LISTED_SKIP = /^\S*known-failures\.json /;

export interface IdentifiedFailure {
  id: string;
  failure: Failure;
}

export class SetRun {
  cases = 0;
  passed = 0;
  readonly skipped = new Map<string, number>();
  readonly failures: IdentifiedFailure[] = [];
  /** Wall time per file, to show which files dominate the run. */
  readonly fileTimes: { file: string; ms: number }[] = [];
  /** Sums of the files' extra tallies (FileResult.counters), printed with the summary. */
  readonly counters = new Map<string, number>();
  readonly notes: string[] = [];
  seconds = 0;

  /** `unit` names what a case is in the summary ("tests" for blockchain tests). */
  constructor(
    readonly set: string,
    readonly root: string,
    readonly unit = "cases",
  ) {}

  get failed(): number {
    return this.cases - this.passed;
  }

  /** Percentage of the cases that ran which passed (skipped-fork cases are not in the denominator). */
  get passRate(): number {
    return this.cases === 0 ? 0 : (100 * this.passed) / this.cases;
  }

  /** Cases of files known-failures.json marks "skip:": fixture cases that exist but were not run. */
  listedSkips(): number {
    let n = 0;
    for (const [reason, count] of this.skipped) if (LISTED_SKIP.test(reason)) n += count;
    return n;
  }

  get skippedTotal(): number {
    let n = 0;
    for (const count of this.skipped.values()) n += count;
    return n;
  }

  add(result: FileResult): void {
    this.cases += result.cases;
    this.passed += result.passed;
    for (const [reason, count] of Object.entries(result.skipped)) {
      this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
    }
    for (const failure of result.failures) this.failures.push({ id: this.caseId(failure), failure });
    this.fileTimes.push({ file: result.file, ms: result.ms });
    for (const [name, n] of Object.entries(result.counters ?? {})) {
      this.counters.set(name, (this.counters.get(name) ?? 0) + n);
    }
    if (result.notes) this.notes.push(...result.notes);
  }

  /** The key of a whole file: `<set>/<path relative to the set folder>`. */
  fileId(file: string): string {
    return `${this.set}/${relative(this.root, file).split(sep).join("/")}`;
  }

  /** The known-failures.json key of a failure (format documented in docs/conformance.md). */
  caseId(f: Failure): string {
    if (f.fork !== undefined && f.index !== undefined && f.name !== undefined) {
      return `${this.set}/${f.name}/${f.fork}/d${f.index.data}g${f.index.gas}v${f.index.value}`;
    }
    if (f.name !== undefined) return `${this.set}/${f.name}`;
    return this.fileId(f.file);
  }

  /** The cases the set holds: those that ran and those of files listed as skipped (not older-fork ones). */
  holds(): number {
    return this.cases + this.listedSkips();
  }

  summary(expectedCases: number, workers: number): string {
    const lines = [
      `${this.set}: ${this.cases} ${this.unit}${this.holds() === expectedCases ? "" : ` (expected ${expectedCases})`}, ` +
        `${this.passed} passed, ${this.failed} failed, ${this.skippedTotal} skipped, ` +
        `pass rate ${this.passRate.toFixed(2)}%, ${this.seconds.toFixed(1)} s on ${workers} workers`,
    ];
    if (this.counters.size > 0) {
      lines.push(`  ${[...this.counters].map(([name, n]) => `${name}: ${n}`).join(", ")}`);
    }
    const reasons = [...this.skipped].sort(([, a], [, b]) => b - a);
    for (const [reason, count] of reasons) lines.push(`  skipped ${count}: ${reason}`);
    const slowest = [...this.fileTimes].sort((a, b) => b.ms - a.ms).slice(0, SLOWEST_FILES);
    lines.push(
      `  slowest files: ${slowest.map((f) => `${this.fileId(f.file)} ${(f.ms / 1000).toFixed(1)} s`).join(", ")}`,
    );
    return lines.join("\n");
  }
}

/**
 * Writes unexpected failures in known-failures format to dist/conformance-report/<name>-failures.json, for
 * review before listing any of them. Returns the path, or undefined when there is nothing to write.
 */
export function writeFailureReport(name: string, failures: readonly IdentifiedFailure[]): string | undefined {
  if (failures.length === 0) return undefined;
  const dir = fileURLToPath(new URL("../../conformance-report/", import.meta.url));
  const path = `${dir}${name.replaceAll("/", "-")}-failures.json`;
  const entries = Object.fromEntries(failures.map(({ id, failure }) => [id, failure.error.split("\n")[0]]));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(entries, null, 2)}\n`);
  return path;
}

const FULL_REPORTS = 20;
const SHORT_REPORTS = 100;
const MAX_ERROR_CHARS = 300;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

/** The first 20 failures in full (error and post-state diff), then ids and short errors, then a count. */
export function renderFailures(
  title: string,
  failures: readonly IdentifiedFailure[],
  reportPath?: string,
): string {
  if (failures.length === 0) return "";
  const lines = [`${title} (${failures.length}):`];
  failures.forEach(({ id, failure }, i) => {
    if (i < FULL_REPORTS) {
      lines.push(
        `  ${id}`,
        `    file: ${failure.file}`,
        `    error: ${clip(failure.error, 4 * MAX_ERROR_CHARS)}`,
      );
      for (const d of failure.diff ?? []) lines.push(`    ${d}`);
    } else if (i < FULL_REPORTS + SHORT_REPORTS) {
      lines.push(`  ${id}: ${clip(failure.error, MAX_ERROR_CHARS)}`);
    }
  });
  if (failures.length > FULL_REPORTS + SHORT_REPORTS) {
    lines.push(`  ... and ${failures.length - FULL_REPORTS - SHORT_REPORTS} more`);
  }
  if (reportPath) lines.push(`  all of them, as known-failures.json entries: ${reportPath}`);
  return lines.join("\n");
}
