// Keccak preimages seen during a parallel block, for the profiler (src/profiler): a storage slot of a mapping
// entry is keccak256(key . slot), so the inputs of KECCAK256 are what turns a slot back into
// `balances[0xabc…]`. Recorded only when the block is profiled (EvmBlockInput.preimages): the recorder is an
// EVM step tracer (src/evm/tracing/hooks.ts) that looks only at KECCAK256, so unprofiled blocks run exactly
// as before, with no hook at all.
//
// The arena is one SharedArrayBuffer for all workers: words 0-1 are the write cursor (bytes) and the count
// of dropped preimages; entries follow from byte DATA_START as [length (1 byte), bytes]. A writer reserves
// its entry with Atomics.add on the cursor and writes it; the arena is read only after every worker has
// replied, so every reserved entry inside the capacity is complete. Aborted incarnations' preimages stay:
// the arena is a dictionary, and a superfluous entry never decodes a slot wrongly (keccak is collision-free).
import type { Frame } from "../evm/frame.js";
import type { TraceHooks } from "../evm/tracing/hooks.js";

const OP_KECCAK256 = 0x20;
const DATA_START = 16;
/** 32 bytes (a dynamic array's data slot) to 32 + 128 (a string or bytes mapping key up to 128 bytes). */
const MIN_PREIMAGE = 32;
const MAX_PREIMAGE = 160;

export function allocatePreimageArena(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(DATA_START + Math.max(1024, Math.floor(bytes)));
}

export class PreimageRecorder implements TraceHooks {
  private readonly header: Int32Array;
  private readonly data: Uint8Array;

  constructor(arena: SharedArrayBuffer) {
    this.header = new Int32Array(arena, 0, 2);
    this.data = new Uint8Array(arena);
  }

  attach(evm: Parameters<TraceHooks["attach"]>[0]): void {
    evm.tracer = this;
    evm.stepTracer = this;
  }

  step(f: Frame, _pc: number, op: number, _gas: number, sp: number): void {
    if (op !== OP_KECCAK256 || sp < 2) return;
    const offset = f.stack[sp - 1]!;
    const size = f.stack[sp - 2]!;
    if (size < MIN_PREIMAGE || size > MAX_PREIMAGE || offset > 0xffffffffn) return;
    const n = Number(size);
    const o = Number(offset);
    const at = Atomics.add(this.header, 0, n + 1);
    const data = this.data;
    if (DATA_START + at + n + 1 > data.length) {
      Atomics.add(this.header, 1, 1);
      return;
    }
    const memory = f.memory;
    const start = DATA_START + at + 1;
    data[start - 1] = n;
    // Memory past its active size reads as zeros (KECCAK256 expands it).
    const available = Math.max(0, Math.min(n, memory.size - o));
    data.set(memory.buf.subarray(o, o + available), start);
    data.fill(0, start + available, start + n);
  }

  end(): void {}
  fault(): void {}
  enterCall(): void {}
  exitCall(): void {}
  enterCreate(): void {}
  exitCreate(): void {}
  selfdestruct(): void {}
}

/** The recorded preimages (views into the arena) and how many did not fit. */
export function readPreimages(arena: SharedArrayBuffer): { preimages: Uint8Array[]; dropped: number } {
  const header = new Int32Array(arena, 0, 2);
  const data = new Uint8Array(arena);
  const end = Math.min(DATA_START + Atomics.load(header, 0), data.length);
  const preimages: Uint8Array[] = [];
  for (let p = DATA_START; p < end; ) {
    const n = data[p]!;
    if (n === 0 || p + 1 + n > end) break;
    preimages.push(data.subarray(p + 1, p + 1 + n));
    p += 1 + n;
  }
  return { preimages, dropped: Atomics.load(header, 1) };
}
