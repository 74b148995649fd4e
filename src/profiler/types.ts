// The profile report: what `lanes profile --json`, `lanes_profileBlock` and the HTML report carry. This is
// the documented schema (docs/profiler.md); every field here is part of it. Numbers are plain JSON numbers
// (times in ms), addresses, slots and hashes 0x-hex strings, quantities that may exceed 2^53 decimal strings.

export const PROFILE_SCHEMA = "lanes-profile/1";

export const THREAD_COUNTS = [2, 4, 8, 16, 32] as const;

/** Speedup per thread count: {"2": x, "4": x, "8": x, "16": x, "32": x}. */
export type SpeedupTable = Record<string, number>;

export interface LocationJson {
  kind: "nonce" | "balance" | "codeHash" | "storage";
  address: string;
  /** Storage slot (kind "storage" only). */
  slot?: string;
  /** A commutative balance credit: the fee recipient's fees, or value transfers to a hot recipient. */
  delta?: "fee" | "credit";
  /** The name of the contract at `address`, when known (--abi / --storage-layout). */
  contract?: string;
  /** The decoded variable: `reserve0`, `_balances[0xabc…]`, `_allowances[0x…][0x…]`. */
  variable?: string;
  /** Mapping keys found from keccak preimages, outermost first (even without a storage layout). */
  keys?: string[];
  /** One line for people: contract (or address), then the variable or field. */
  label: string;
}

export interface TransactionJson {
  index: number;
  from: string;
  /** null for a contract creation. */
  to: string | null;
  /** First 4 bytes of the calldata (0x-hex), when there are 4. */
  selector?: string;
  /** The function name, when an --abi names the selector. */
  function?: string;
  gasUsed: number;
  /** VM time of the committed execution (ms, instrumented). */
  execMs: number;
  /** Committed incarnation: how many times it was re-executed. */
  incarnation: number;
}

/** A dependency: transaction `to` read what transaction `from` (< to) wrote. */
export interface EdgeJson {
  from: number;
  to: number;
  /** The location that caused it; with several, the one with the most edges in the block. */
  location: LocationJson;
  /** Every location `to` read from `from` (including `location`). */
  locations: LocationJson[];
}

export interface GainJson {
  /** What was simulated, in words. */
  what: string;
  criticalPathMs: number;
  speedupBound: SpeedupTable;
}

export interface AdviceJson {
  /** A short name of the pattern: global-counter, hot-pool, hot-account, sender-chain, hot-balance, ... */
  pattern: string;
  text: string;
  /** The simulated gain, when it can be simulated from the measured schedule. */
  gain?: GainJson;
  /** The hot contract this spot belongs to (contract-state, follows-contract). */
  related?: string;
}

export interface HotLocationJson {
  location: LocationJson;
  /** Dependencies (unique transaction pairs) through this location. */
  edges: number;
  /** Transactions on dependency chains through it. */
  txs: number;
  /** Transactions whose committed writes include it. */
  writers: number;
  /** The longest chain of dependencies through this location alone (ms of execution). */
  chainMs: number;
  /** How much shorter the block's critical path would be without this location's dependencies (ms). */
  criticalPathMs: number;
  advice: AdviceJson;
}

export interface HotContractJson {
  address: string;
  name?: string;
  /** Dependencies through the contract's own state (its storage and account fields). */
  edges: number;
  txs: number;
  /** Its locations that carry dependencies. */
  locations: number;
  chainMs: number;
  criticalPathMs: number;
  advice: AdviceJson;
}

export type TimelineKind = "execute" | "dependency" | "validate" | "abort" | "idle";

export interface TimelineEventJson {
  kind: TimelineKind;
  /** -1 for idle. */
  tx: number;
  incarnation: number;
  /** ms from the start of the Block-STM phase. */
  start: number;
  end: number;
  /** dependency: the lower transaction it waited for; execute: true when the VM threw. */
  blocker?: number;
}

export interface ThreadJson {
  executions: number;
  reExecutions: number;
  validations: number;
  events: TimelineEventJson[];
}

export interface ContractJson {
  address: string;
  codeHash: string;
  name?: string;
}

export interface BlockProfile {
  schema: typeof PROFILE_SCHEMA;
  block: { number: string; gasUsed: string; timestamp: string; coinbase: string; fork?: string };
  /** Transaction count. */
  txs: number;
  threads: number;
  stats: {
    executions: number;
    reExecutions: number;
    validations: number;
    validationAborts: number;
    dependencyWaits: number;
    /** The Block-STM phase's wall time (ms) and the sum of the committed executions' VM times. */
    phaseMs: number;
    workMs: number;
    /** Transactions with at least one dependency, and edges counted per (from, to) pair. */
    dependentTxs: number;
  };
  transactions: TransactionJson[];
  edges: EdgeJson[];
  criticalPath: { txs: number[]; ms: number };
  /** min(N, work / critical path): no schedule on N threads can beat it. */
  speedupBound: SpeedupTable;
  /** work / makespan of a list schedule of the measured DAG on N threads (lowest ready index first). */
  speedupSimulated: SpeedupTable;
  hotLocations: HotLocationJson[];
  hotContracts: HotContractJson[];
  /** Every hot spot's advice, largest simulated gain first. */
  advice: AdviceJson[];
  timeline: { phaseMs: number; threads: ThreadJson[] };
  contracts: ContractJson[];
  /** keccak256 preimages behind the report's slots: hash -> preimage (for decoding with layouts later). */
  keccakPreimages: Record<string, string>;
  /** Caveats of this run (dropped preimages, ...). */
  notes: string[];
}
