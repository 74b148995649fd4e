// The tiny deterministic "VM" of the synthetic blocks (see synthetic-workload.ts), usable both as a Block-STM
// VM module (workers import this file and call createVm) and by the sequential reference below, which runs
// the very same execute function over a plain Map. Locations are (KIND_USER, address 0xA, slot) keys.
import { KIND_USER, keySmallSlot, newKeyBuffer, writeSmallKey } from "../../src/block-stm/location-key.js";
import type { ParallelVm, TxView } from "../../src/block-stm/vm-interface.js";
import {
  FLAG_MAY_FAIL,
  H_JITTER,
  H_OFFSETS,
  H_SEED,
  H_TX_COUNT,
  POINTER_TARGET_BASE,
  POINTER_TARGETS,
} from "./synthetic-workload.js";

const ADDRESS = 0xa;

function mix32(h: number, x: number): number {
  h ^= x;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The pre-block value of a slot: a pure function of (seed, slot). */
export function baseValue(seed: number, slot: number, out: Uint32Array): void {
  for (let w = 0; w < 8; w++) out[w] = mix32(mix32(seed, slot), w + 1);
}

export function hex(words: Uint32Array): string {
  let s = "";
  for (let w = 7; w >= 0; w--) s += words[w]!.toString(16).padStart(8, "0");
  return s;
}

export class SyntheticVm implements ParallelVm {
  private readonly acc = new Uint32Array(8);
  private readonly value = new Uint32Array(8);
  private readonly key = newKeyBuffer();
  private readonly seed: number;
  private readonly jitter: number;
  private readonly nap = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly block: Int32Array) {
    this.seed = block[H_SEED]!;
    this.jitter = block[H_JITTER]! / 1000;
  }

  get txCount(): number {
    return this.block[H_TX_COUNT]!;
  }

  /** Returns a 53-bit digest of everything the tx read (cheap to produce and to post back). */
  execute(tx: number, view: TxView): number {
    const b = this.block;
    const acc = this.acc;
    const value = this.value;
    let at = b[H_OFFSETS + tx]!;
    const work = b[at++]!;
    const flags = b[at++]!;
    for (let w = 0; w < 8; w++) acc[w] = mix32(this.seed ^ tx, w);
    const nReads = b[at++]!;
    for (let k = 0; k < nReads; k++) this.absorb(this.load(view, b[at++]!));
    const pointer = b[at++]!;
    if (pointer >= 0) {
      const target = POINTER_TARGET_BASE + (this.load(view, pointer)[0]! % POINTER_TARGETS);
      this.absorb(this.load(view, target));
    }
    const nCounters = b[at++]!;
    for (let k = 0; k < nCounters; k++) {
      const slot = b[at++]!;
      const v = this.load(view, slot);
      this.absorb(v);
      v[0] = (v[0]! + 1) >>> 0;
      view.write(this.locate(view, slot), v);
    }
    for (let r = 0; r < work; r++) {
      for (let w = 0; w < 8; w++) acc[w] = mix32(acc[w]!, acc[(w + 3) & 7]! + r);
    }
    if ((flags & FLAG_MAY_FAIL) !== 0 && acc[0]! % 3 === 0) throw new Error(`synthetic failure in tx ${tx}`);
    const nWrites = b[at++]!;
    for (let k = 0; k < nWrites; k++) {
      const slot = b[at++]!;
      for (let w = 0; w < 8; w++) value[w] = mix32(acc[w]!, slot + k);
      view.write(this.locate(view, slot), value);
    }
    const cond = b[at++]!;
    if (cond >= 0 && (acc[1]! & 1) === 1) {
      for (let w = 0; w < 8; w++) value[w] = mix32(acc[w]!, cond ^ 0x5bd1e995);
      view.write(this.locate(view, cond), value);
    }
    return (acc[1]! & 0x1fffff) * 2 ** 32 + acc[0]!;
  }

  private locate(view: TxView, slot: number): number {
    writeSmallKey(this.key, KIND_USER, ADDRESS, slot);
    return view.locate(this.key);
  }

  /** Reads a slot into this.value (the block's version or the pre-block value). */
  private load(view: TxView, slot: number): Uint32Array {
    // Math.random is fine here: the pause changes timing only, never a value.
    if (this.jitter > 0 && Math.random() < this.jitter) Atomics.wait(this.nap, 0, 0, Math.random() * 0.1);
    if (!view.read(this.locate(view, slot), this.value)) baseValue(this.seed, slot, this.value);
    return this.value;
  }

  private absorb(v: Uint32Array): void {
    const acc = this.acc;
    for (let w = 0; w < 8; w++) acc[w] = mix32(acc[w]! ^ acc[(w + 1) & 7]!, v[w]! + w);
  }
}

/** The VM-module entry point used by the workers. */
export function createVm(input: unknown): ParallelVm {
  if (!(input instanceof Int32Array)) throw new Error("synthetic VM input must be an Int32Array");
  return new SyntheticVm(input);
}

/** The slot of a synthetic key. */
export function slotOfKey(key: Uint32Array): number {
  return keySmallSlot(key);
}

export interface ReferenceResult {
  /** Per tx: the output digest, or the error message (String(error)) when it threw. */
  outputs: (number | string)[];
  failed: boolean[];
  /** Per tx: slot -> value (hex) of its writes. */
  txWrites: Map<number, string>[];
  /** Every slot written by the block -> final value (hex). */
  finalState: Map<number, string>;
}

/** A TxView over a plain map, for the sequential reference. Location ids are the slots themselves. */
class SequentialView implements TxView {
  readonly writes = new Map<number, Uint32Array>();
  /** Not tracked: the synthetic VM never asks. */
  readonly lastWriter = -1;
  dependOn(): never {
    throw new Error("no dependencies in a sequential run");
  }
  constructor(private readonly state: Map<number, Uint32Array>) {}
  locate(key: Uint32Array): number {
    return keySmallSlot(key);
  }
  read(loc: number, out: Uint32Array): boolean {
    const v = this.writes.get(loc) ?? this.state.get(loc);
    if (v) out.set(v);
    return v !== undefined;
  }
  write(loc: number, value: Uint32Array): void {
    this.writes.set(loc, value.slice());
  }
}

/** Executes the block one transaction after another: the expected result. */
export function runSequential(block: Int32Array): ReferenceResult {
  const vm = new SyntheticVm(block);
  const state = new Map<number, Uint32Array>();
  const result: ReferenceResult = { outputs: [], failed: [], txWrites: [], finalState: new Map() };
  for (let tx = 0; tx < vm.txCount; tx++) {
    const view = new SequentialView(state);
    const writes = new Map<number, string>();
    try {
      result.outputs.push(vm.execute(tx, view));
      result.failed.push(false);
      for (const [slot, v] of view.writes) {
        state.set(slot, v);
        writes.set(slot, hex(v));
      }
    } catch (e) {
      result.outputs.push(String(e));
      result.failed.push(true);
    }
    result.txWrites.push(writes);
  }
  for (const [slot, v] of state) result.finalState.set(slot, hex(v));
  return result;
}
