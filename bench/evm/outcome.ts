// What one engine computed for a benchmark transaction, and the check that both engines computed the same.
// A speed comparison between engines that disagree is worthless, so any difference aborts the benchmark.

export interface OutcomeLog {
  address: bigint;
  topics: bigint[];
  data: Uint8Array;
}

export interface EngineOutcome {
  success: boolean;
  error: string | undefined;
  /** Transaction gas: intrinsic + execution - capped refund (what a block would count). */
  gasUsed: bigint;
  output: Uint8Array;
  logs: OutcomeLog[];
  /** Contract storage slots the engine reports as written (Lanes only; ethereumjs reports none). */
  writtenSlots: bigint[];
  /** Contract storage after the transaction, for the slots that were asked for. */
  storage: Map<bigint, bigint>;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

function logKey(log: OutcomeLog): string {
  return `${log.address.toString(16)}|${log.topics.map((t) => t.toString(16)).join(",")}|${hex(log.data)}`;
}

/** Every difference between the two outcomes, as readable lines (empty when they agree). */
export function compareOutcomes(a: EngineOutcome, b: EngineOutcome, aName: string, bName: string): string[] {
  const diffs: string[] = [];
  const differ = (what: string, x: unknown, y: unknown) =>
    diffs.push(`${what}: ${aName} ${String(x)} vs ${bName} ${String(y)}`);

  if (a.success !== b.success) differ("success", `${a.success} (${a.error})`, `${b.success} (${b.error})`);
  if (a.gasUsed !== b.gasUsed) differ("gas used", a.gasUsed, b.gasUsed);
  if (hex(a.output) !== hex(b.output)) differ("output", `0x${hex(a.output)}`, `0x${hex(b.output)}`);
  if (a.logs.length !== b.logs.length) differ("log count", a.logs.length, b.logs.length);
  else {
    const bad = a.logs.findIndex((log, i) => logKey(log) !== logKey(b.logs[i]!));
    if (bad >= 0) differ(`log ${bad}`, logKey(a.logs[bad]!), logKey(b.logs[bad]!));
  }
  let storageDiffs = 0;
  for (const [slot, value] of a.storage) {
    const other = b.storage.get(slot);
    if (other !== value && storageDiffs++ < 5) differ(`storage[0x${slot.toString(16)}]`, value, other);
  }
  if (storageDiffs > 5) diffs.push(`... and ${storageDiffs - 5} more storage differences`);
  return diffs;
}
