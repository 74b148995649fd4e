// One execution frame (a call or creation): stack, memory, program counter, gas, the call context taken
// from its message, and what the frame loop (evm.ts) needs to suspend it for a child frame and to finish
// it (checkpoint, log count, refund at entry).
import { analyzeCode } from "./code-analysis.js";
import { acquireMemory } from "./frame-pool.js";
import { OUT_OF_GAS } from "./halt.js";
import type { Host } from "./host.js";
import { MEMORY_LIMIT, type Memory, memoryCost } from "./memory.js";
import { type CreateMessage, isCreateMessage, type Message } from "./message.js";

const EMPTY = new Uint8Array(0);
const LIMIT_BIG = BigInt(MEMORY_LIMIT);

/** What a suspended frame waits for (Frame.childKind). */
export const NO_CHILD = 0;
export const CHILD_CALL = 1;
export const CHILD_CREATE = 2;

export class Frame {
  sp = 0;
  pc = 0;
  /** From the per-thread pool (frame-pool.ts); the frame loop returns it when the frame is finished. */
  readonly memory: Memory = acquireMemory();
  /** Output of the last call/creation this frame made (RETURNDATASIZE/RETURNDATACOPY). */
  returnData: Uint8Array = EMPTY;
  /**
   * Set by an opcode that leaves the interpreter loop: the frame ended (STOP, RETURN, REVERT,
   * SELFDESTRUCT), or it opened a child frame (childKind is then not NO_CHILD) and resumes after it.
   */
  stopped = false;
  reverted = false;
  output: Uint8Array = EMPTY;

  // ----- call context, from the message -----
  /** The executing account (ADDRESS): its storage and balance are the ones used. */
  readonly address: bigint;
  readonly caller: bigint;
  readonly value: bigint;
  readonly input: Uint8Array;
  readonly isStatic: boolean;
  readonly depth: number;
  gas: number;
  /** Exact gas beyond `gas`; 0n except in transactions above 2^52 gas (gas-reserve.ts has the rules). */
  gasReserve: bigint;
  readonly jumpdests: Uint8Array;
  readonly pushValues: bigint[];

  // ----- the child frame this frame waits for (set by the CALL/CREATE opcodes) -----
  childKind = NO_CHILD;
  childCall: Message | undefined = undefined;
  childCreate: CreateMessage | undefined = undefined;
  /** The caller's return area for a child call's output. */
  retOffset = 0;
  retSize = 0;

  // ----- rollback point, taken by the frame loop when the frame starts -----
  checkpoint = 0;
  logCount = 0;
  refundAtEntry = 0;

  /**
   * A frame running `code` for `message`. A call frame runs in `message.to`'s context with its input; a
   * creation frame runs the initcode at `createdAddress`, with empty input, never static.
   */
  constructor(
    readonly host: Host,
    readonly message: Message | CreateMessage,
    readonly code: Uint8Array,
    readonly stack: bigint[],
    createdAddress = 0n,
  ) {
    const analysis = analyzeCode(code);
    this.jumpdests = analysis.jumpdests;
    this.pushValues = analysis.pushValues;
    this.caller = message.caller;
    this.value = message.value;
    this.gas = message.gas;
    this.gasReserve = message.gasReserve ?? 0n;
    this.depth = message.depth;
    if (isCreateMessage(message)) {
      this.address = createdAddress;
      this.input = EMPTY;
      this.isStatic = false;
    } else {
      this.address = message.to;
      this.input = message.input;
      this.isStatic = message.isStatic;
    }
  }

  useGas(amount: number): void {
    this.gas -= amount;
    if (this.gas < 0) throw OUT_OF_GAS;
  }

  /**
   * Charges for and performs memory expansion to cover [offset, offset+size) and returns the offset as a
   * number. A zero size touches no memory (and the offset may then be anything).
   */
  memoryRange(offset: bigint, size: bigint): number {
    if (size === 0n) return 0;
    if (offset >= LIMIT_BIG || size >= LIMIT_BIG) throw OUT_OF_GAS;
    const o = Number(offset);
    const end = o + Number(size);
    if (end > MEMORY_LIMIT) throw OUT_OF_GAS;
    if (end > this.memory.size) {
      const words = Math.ceil(end / 32);
      this.useGas(memoryCost(words) - memoryCost(this.memory.size / 32));
      this.memory.grow(end);
    }
    return o;
  }
}
