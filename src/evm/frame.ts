// One execution frame (a call or creation): stack, memory, program counter, gas, and the call context.
import type { Evm } from "./evm.js";
import { OUT_OF_GAS } from "./halt.js";
import { MEMORY_LIMIT, Memory, memoryCost } from "./memory.js";

const EMPTY = new Uint8Array(0);
const LIMIT_BIG = BigInt(MEMORY_LIMIT);

export class Frame {
  sp = 0;
  pc = 0;
  readonly memory = new Memory();
  /** Output of the last call/creation this frame made (RETURNDATASIZE/RETURNDATACOPY). */
  returnData: Uint8Array = EMPTY;
  stopped = false;
  reverted = false;
  output: Uint8Array = EMPTY;

  constructor(
    readonly evm: Evm,
    readonly stack: bigint[],
    readonly code: Uint8Array,
    readonly jumpdests: Uint8Array,
    readonly pushValues: bigint[],
    public gas: number,
    /** The executing account (ADDRESS): its storage and balance are the ones used. */
    readonly address: bigint,
    readonly caller: bigint,
    readonly value: bigint,
    readonly input: Uint8Array,
    readonly isStatic: boolean,
    readonly depth: number,
  ) {}

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

  push(value: bigint): void {
    this.stack[this.sp++] = value;
  }

  pop(): bigint {
    return this.stack[--this.sp]!;
  }
}
