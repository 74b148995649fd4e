// The access list of a call (eth_createAccessList, as geth's AccessListTracer): every storage slot the call
// reads or writes (with its account), and every other account it touches, less the sender, the recipient and
// the precompiles (warm anyway). geth runs the
// call again with the list it found until the list stops changing, since warming slots can change the path
// (gas-dependent code); `createAccessList` does the same, at most `maxRounds` times.
import type { BlockEnv } from "../evm/env.js";
import type { ForkRules } from "../evm/forks.js";
import { precompileAddresses } from "../evm/precompiles/index.js";
import type { StateReader } from "../state/types.js";
import type { TxResult } from "../tx/execute.js";
import type { AccessListEntry, Transaction } from "../tx/types.js";
import { traceWith } from "./trace.js";
import type { EnterEvent, StepCapture, StepEvent, TransactionTracer } from "./types.js";

/** Opcodes whose stack top is an account they touch: BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH, SELFDESTRUCT. */
const ACCOUNT_OPS = new Set([0x31, 0x3b, 0x3c, 0x3f, 0xff]);

export class AccessListTracer implements TransactionTracer {
  readonly capture: StepCapture = { stack: true, storage: true };
  private readonly touched = new Map<bigint, Set<bigint>>();

  constructor(private readonly excluded: ReadonlySet<bigint>) {}

  private account(address: bigint, slot?: bigint): void {
    if (slot === undefined && this.excluded.has(address)) return;
    let slots = this.touched.get(address);
    if (slots === undefined) {
      slots = new Set();
      this.touched.set(address, slots);
    }
    if (slot !== undefined) slots.add(slot);
  }

  onEnter(e: EnterEvent): void {
    if (e.depth > 0) this.account(e.to);
  }

  onStep(e: StepEvent): void {
    if (e.storage !== undefined) this.account(e.address, e.storage.key);
    else if (ACCOUNT_OPS.has(e.op) && e.stack !== undefined && e.stack.length > 0) {
      this.account(e.stack[e.stack.length - 1]! & ((1n << 160n) - 1n));
    }
  }

  list(): AccessListEntry[] {
    return [...this.touched].map(([address, slots]) => ({ address, storageKeys: [...slots] }));
  }
}

function sameList(a: AccessListEntry[], b: AccessListEntry[]): boolean {
  const key = (l: AccessListEntry[]) =>
    l
      .map((e) => `${e.address}:${[...e.storageKeys].sort((x, y) => (x < y ? -1 : 1)).join(",")}`)
      .sort()
      .join(";");
  return key(a) === key(b);
}

/** The access list of `tx` and the result of running it with that list. */
export function createAccessList(
  reader: StateReader,
  tx: Transaction,
  env: BlockEnv,
  rules: ForkRules,
  maxRounds = 8,
): { accessList: AccessListEntry[]; result: TxResult } {
  const excluded = new Set<bigint>([tx.sender, ...precompileAddresses(rules)]);
  if (tx.to !== undefined) excluded.add(tx.to);
  let list = tx.accessList;
  for (let round = 0; ; round++) {
    const tracer = new AccessListTracer(excluded);
    const withList: Transaction = { ...tx, type: tx.type === 0 ? 1 : tx.type, accessList: list };
    const result = traceWith(reader, withList, env, rules, tracer);
    const found = tracer.list();
    if (sameList(found, list) || round + 1 >= maxRounds) return { accessList: found, result };
    list = found;
  }
}
