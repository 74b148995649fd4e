// States and errors across a worker boundary. A state travels as its accounts (structured clone keeps Maps,
// bigints and bytes) and is rebuilt through putAccount (the state's own write path); an error travels as its
// fields and is rebuilt as the class the node branches on (InvalidBlockError with its transaction index).
import { InvalidBlockError } from "../../block/errors.js";
import { InvalidTransactionError } from "../../primitives/errors.js";
import { InMemoryState, type StoredAccount } from "../../state/memory-state.js";

export type AccountsMessage = ReadonlyMap<bigint, StoredAccount>;

export function stateToMessage(state: InMemoryState): AccountsMessage {
  return state.accounts;
}

export function stateFromMessage(accounts: AccountsMessage): InMemoryState {
  const state = new InMemoryState();
  for (const [address, a] of accounts) {
    state.putAccount(address, {
      nonce: a.nonce,
      balance: a.balance,
      codeHash: a.codeHash,
      code: a.code,
      storage: a.storage,
    });
  }
  return state;
}

export interface ErrorMessage {
  name: string;
  message: string;
  code?: string;
  kind?: string;
  txIndex?: number;
}

export function errorToMessage(e: unknown): ErrorMessage {
  if (e instanceof InvalidBlockError) {
    const out: ErrorMessage = { name: e.name, message: e.message, code: e.code, kind: e.kind };
    if (e.txIndex !== undefined) out.txIndex = e.txIndex;
    return out;
  }
  if (e instanceof InvalidTransactionError) return { name: e.name, message: e.message, code: e.code };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: "Error", message: String(e) };
}

export function errorFromMessage(m: ErrorMessage): Error {
  if (m.name === "InvalidBlockError" && m.code !== undefined) {
    const e = new InvalidBlockError(m.code, undefined, (m.kind ?? "BlockException") as never, m.txIndex);
    e.message = m.message;
    return e;
  }
  if (m.name === "InvalidTransactionError" && m.code !== undefined) {
    const e = new InvalidTransactionError(m.code);
    e.message = m.message;
    return e;
  }
  const e = new Error(m.message);
  e.name = m.name;
  return e;
}
