// Loads test/conformance/known-failures.json, the one list of state-test cases allowed to fail, and matches
// failing case ids against it. Key format (see docs/conformance.md):
//   "<set>/<testName>/<fork>/d<data>g<gas>v<value>"  one case
//   "<set>/<testName>"                               a test that cannot be parsed
//   "<set>/<relative/file.json>"                     a file that cannot be parsed or hung its worker
// A key containing "*" is a pattern: "*" matches any run of characters (including "/").
// A reason starting with "skip:" on a file key means the file is not run at all (too slow to run).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Reasons with this prefix mark files that are not run; their cases count as skipped. */
export const SKIP_PREFIX = "skip:";

export interface KnownFailure {
  key: string;
  reason: string;
  /** Set for "*" patterns. */
  pattern: RegExp | undefined;
}

export interface KnownFailures {
  path: string;
  entries: KnownFailure[];
  /** Malformed entries, reported by the suite as a failure of their own. */
  problems: string[];
}

/**
 * The JSON is not copied to dist/, so look beside the source and beside the compiled test. `name` selects
 * another list in the same folder (the blockchain-test suite keeps its own).
 */
export function knownFailuresPath(name = "known-failures.json"): string {
  const candidates = [
    new URL(`./${name}`, import.meta.url),
    new URL(`../../../test/conformance/${name}`, import.meta.url),
  ].map((u) => fileURLToPath(u));
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1]!;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`);
}

export function loadKnownFailures(sets: readonly string[], path = knownFailuresPath()): KnownFailures {
  const result: KnownFailures = { path, entries: [], problems: [] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    result.problems.push(`${path}: ${e instanceof Error ? e.message : String(e)}`);
    return result;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    result.problems.push(`${path}: expected an object of "case id or pattern": "reason"`);
    return result;
  }
  for (const [key, reason] of Object.entries(json)) {
    if (typeof reason !== "string" || reason.trim() === "") {
      result.problems.push(`${key}: the reason must be a non-empty string`);
      continue;
    }
    if (!sets.some((set) => key.startsWith(`${set}/`))) {
      result.problems.push(`${key}: must start with one of ${sets.map((s) => `"${s}/"`).join(", ")}`);
      continue;
    }
    result.entries.push({ key, reason, pattern: key.includes("*") ? globToRegExp(key) : undefined });
  }
  return result;
}

/** Matches failing case ids against the entries: exact keys by lookup, then "*" patterns in file order. */
export class KnownFailureMatcher {
  private readonly exact = new Map<string, KnownFailure>();
  private readonly patterns: KnownFailure[] = [];

  constructor(entries: readonly KnownFailure[]) {
    for (const entry of entries) {
      if (entry.pattern) this.patterns.push(entry);
      else this.exact.set(entry.key, entry);
    }
  }

  match(id: string): KnownFailure | undefined {
    return this.exact.get(id) ?? this.patterns.find((e) => e.pattern!.test(id));
  }
}
