// The raw measurements of a profiled parallel block (executeBlockParallel's `profile` option), taken from the
// Block-STM run before its buffers go back for reuse: per transaction the VM time and incarnation of its
// committed execution; every committed read of a lower transaction's write (the block's true dependencies,
// by location); who wrote each location; each thread's timeline; and the keccak preimages the EVM computed.
// src/profiler turns this into the conflict graph, critical path and advice.
import type { BlockStmResult } from "../block-stm/block-stm.js";
import type { CommittedState } from "../block-stm/committed-state.js";
import {
  KIND_BALANCE,
  KIND_CODE_HASH,
  KIND_CREDIT,
  KIND_FEE,
  KIND_NONCE,
  KIND_STORAGE,
  keyAddress,
  keyKind,
  keySlot,
} from "../block-stm/location-key.js";
import type { BlockTimeline } from "../block-stm/timeline.js";
import type { Transaction } from "../tx/types.js";
import { readPreimages } from "./preimage-recorder.js";

export type ProfileLocationKind = "nonce" | "balance" | "codeHash" | "storage";

/** A location in EVM terms. `delta`: a commutative balance credit (the fee recipient's, or a hot recipient's). */
export interface ProfileLocation {
  kind: ProfileLocationKind;
  address: bigint;
  /** The storage slot (0n for account fields). */
  slot: bigint;
  delta?: "fee" | "credit";
}

export interface BlockProfileData {
  threads: number;
  /** Per transaction: the VM time (ms) of its committed incarnation, and that incarnation (0 = ran once). */
  execMs: number[];
  incarnations: number[];
  locations: ProfileLocation[];
  /** Committed reads of lower transactions' writes (parallel arrays; location indexes `locations`). */
  dependencies: { reader: number[]; writer: number[]; location: number[] };
  /** Per location (same index), the transactions whose committed writes include it (deltas left out). */
  writers: number[][];
  timeline: BlockTimeline | undefined;
  /** The Block-STM phase's wall time (ms). */
  phaseMs: number;
  /** KECCAK256 inputs of 32 to 160 bytes, as recorded (with duplicates), and how many did not fit. */
  preimages: Uint8Array[];
  droppedPreimages: number;
}

const KINDS: Record<number, ProfileLocationKind> = {
  [KIND_NONCE]: "nonce",
  [KIND_BALANCE]: "balance",
  [KIND_CODE_HASH]: "codeHash",
  [KIND_STORAGE]: "storage",
};

/** Interns location keys into ProfileLocations. */
class LocationIndex {
  readonly list: ProfileLocation[] = [];
  private readonly ids = new Map<string, number>();

  constructor(
    private readonly txs: readonly Transaction[],
    private readonly coinbase: bigint,
  ) {}

  /** The index of `key`'s location, or -1 for keys that are not state (markers). */
  of(key: Uint32Array): number {
    const kind = keyKind(key);
    let id: string;
    let make: () => ProfileLocation;
    if (kind === KIND_FEE) {
      id = "fee";
      make = () => ({ kind: "balance", address: this.coinbase, slot: 0n, delta: "fee" });
    } else if (kind === KIND_CREDIT) {
      // The address words hold the paying transaction's index; the credit goes to its recipient.
      const to = this.txs[Number(keyAddress(key))]?.to ?? 0n;
      id = `credit:${to}`;
      make = () => ({ kind: "balance", address: to, slot: 0n, delta: "credit" });
    } else {
      const k = KINDS[kind];
      if (k === undefined) return -1;
      id = key.join(",");
      make = () => ({ kind: k, address: keyAddress(key), slot: k === "storage" ? keySlot(key) : 0n });
    }
    let index = this.ids.get(id);
    if (index === undefined) {
      index = this.list.length;
      this.list.push(make());
      this.ids.set(id, index);
    }
    return index;
  }
}

function collectWriters(state: CommittedState, n: number, index: LocationIndex): number[][] {
  const writers: number[][] = [];
  const key = new Uint32Array(14);
  const value = new Uint32Array(8);
  for (let tx = 0; tx < n; tx++) {
    const count = state.txWriteCount(tx);
    for (let i = 0; i < count; i++) {
      state.txWrite(tx, i, key, value);
      const kind = keyKind(key);
      if (kind === KIND_FEE || kind === KIND_CREDIT) continue;
      const loc = index.of(key);
      if (loc < 0) continue;
      while (writers.length <= loc) writers.push([]);
      const list = writers[loc]!;
      if (list[list.length - 1] !== tx) list.push(tx);
    }
  }
  return writers;
}

/** Reads everything the profiler needs from a finished Block-STM run (before `stm.release()`). */
export function collectProfileData(
  stm: BlockStmResult,
  txs: readonly Transaction[],
  coinbase: bigint,
  preimageArena: SharedArrayBuffer,
): BlockProfileData {
  const index = new LocationIndex(txs, coinbase);
  const dependencies = { reader: [] as number[], writer: [] as number[], location: [] as number[] };
  stm.state.forEachDependencyRead((reader, writer, key) => {
    const loc = index.of(key);
    if (loc < 0) return;
    dependencies.reader.push(reader);
    dependencies.writer.push(writer);
    dependencies.location.push(loc);
  });
  const writers = collectWriters(stm.state, txs.length, index);
  while (writers.length < index.list.length) writers.push([]);
  const { preimages, dropped } = readPreimages(preimageArena);
  return {
    threads: stm.metrics.threads,
    execMs: Array.from(stm.execMs),
    incarnations: stm.incarnations,
    locations: index.list,
    dependencies,
    writers,
    timeline: stm.timeline,
    phaseMs: stm.metrics.wallMs,
    preimages: preimages.map((p) => p.slice()),
    droppedPreimages: dropped,
  };
}
