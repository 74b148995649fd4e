// Per-thread pools of the two buffers every frame needs: the 1,024-slot word stack and the memory.
// A fresh stack (an 8 KiB array) and a fresh memory (a 1 KiB Uint8Array with an off-heap backing store)
// per transaction were ~5% of a sequential block's time (docs/evm.md). A frame takes both when it
// starts and the frame loop gives them back when it has finished the frame; nothing may read them after
// that (the frame's output, return data and logs are copies). A frame that never finishes (an exception
// other than an exceptional halt leaves the loop) just leaves its buffers to the garbage collector.
import { Memory } from "./memory.js";

export const STACK_SLOTS = 1024;
/** Memories that grew past this stay out of the pool (a rare huge frame should not pin its buffer). */
const MAX_POOLED_MEMORY = 64 * 1024;
/** Enough for any realistic nesting; beyond it released buffers go to the garbage collector. */
const MAX_POOLED = 64;

const stacks: bigint[][] = [];
const memories: Memory[] = [];

export function acquireStack(): bigint[] {
  return stacks.pop() ?? newStack();
}

/**
 * Built by pushing, so V8 keeps it a packed array (PACKED_ELEMENTS): `new Array(n).fill(0n)` makes a
 * holey one, and every load from a holey array carries a hole check (docs/evm.md, "The 256-bit word path").
 */
function newStack(): bigint[] {
  const stack: bigint[] = [];
  for (let i = 0; i < STACK_SLOTS; i++) stack.push(0n);
  return stack;
}

/** Slots above a frame's stack pointer are never read, so a returned stack is reused as it is. */
export function releaseStack(stack: bigint[]): void {
  if (stacks.length < MAX_POOLED) stacks.push(stack);
}

/** An empty memory (size 0, every byte of its buffer zero). */
export function acquireMemory(): Memory {
  return memories.pop() ?? new Memory();
}

/** Zeroes the used part (Memory.grow relies on bytes past `size` being zero) and pools the memory. */
export function releaseMemory(memory: Memory): void {
  if (memories.length >= MAX_POOLED || memory.buf.length > MAX_POOLED_MEMORY) return;
  memory.buf.fill(0, 0, memory.size);
  memory.size = 0;
  memories.push(memory);
}
