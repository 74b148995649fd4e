// Explains a failing case: a line-per-difference diff of EEST's expected post `state` against the
// post-state Lanes produced (nonce, balance, code, storage slots), so a failure points at the account.
import { addressToHex, bytesEqual, bytesToHex, quantityToHex } from "../primitives/hex.js";
import type { InMemoryState } from "../state/memory-state.js";
import type { AllocAccount } from "./fixture.js";
import { parseAlloc } from "./parse.js";

const MAX_CODE_HEX = 66;

function codeText(code: Uint8Array): string {
  const hex = bytesToHex(code);
  const shown = hex.length > MAX_CODE_HEX ? `${hex.slice(0, MAX_CODE_HEX)}...` : hex;
  return `${shown} (${code.length} bytes)`;
}

/** What the comparison reads of an account (an alloc entry or a state's read-only account). */
interface AccountLike {
  readonly nonce: bigint;
  readonly balance: bigint;
  readonly code: Uint8Array;
  readonly storage: ReadonlyMap<bigint, bigint>;
}

function summary(account: Readonly<AllocAccount> | AccountLike): string {
  const slots = [...account.storage.values()].filter((v) => v !== 0n).length;
  return `nonce ${account.nonce}, balance ${quantityToHex(account.balance)}, code ${account.code.length} bytes, ${slots} slots`;
}

function signedDelta(got: bigint, want: bigint): string {
  const delta = got - want;
  return delta >= 0n ? `+${delta}` : `${delta}`;
}

function diffAccount(name: string, want: AllocAccount, got: AccountLike, out: string[]): void {
  if (want.nonce !== got.nonce) out.push(`${name} nonce: want ${want.nonce}, got ${got.nonce}`);
  if (want.balance !== got.balance) {
    out.push(
      `${name} balance: want ${quantityToHex(want.balance)}, got ${quantityToHex(got.balance)} (${signedDelta(got.balance, want.balance)} wei)`,
    );
  }
  if (!bytesEqual(want.code, got.code))
    out.push(`${name} code: want ${codeText(want.code)}, got ${codeText(got.code)}`);
  const slots = new Set([...want.storage.keys(), ...got.storage.keys()]);
  for (const slot of [...slots].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const w = want.storage.get(slot) ?? 0n;
    const g = got.storage.get(slot) ?? 0n;
    if (w !== g)
      out.push(`${name} storage[${quantityToHex(slot)}]: want ${quantityToHex(w)}, got ${quantityToHex(g)}`);
  }
}

/**
 * Differences between the fixture's expected post-state (raw JSON) and `actual`, one per line; empty when
 * they agree. A malformed expected state yields one line saying so rather than throwing.
 */
export function diffPostState(expectedJson: unknown, actual: InMemoryState): string[] {
  let expected: Map<bigint, AllocAccount>;
  try {
    expected = parseAlloc(expectedJson, "state");
  } catch (e) {
    return [`cannot diff: ${e instanceof Error ? e.message : String(e)}`];
  }
  const out: string[] = [];
  const addresses = new Set([...expected.keys(), ...actual.accounts.keys()]);
  for (const address of [...addresses].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const name = addressToHex(address);
    const want = expected.get(address);
    const got = actual.accounts.get(address);
    if (want && !got) out.push(`${name}: missing (want ${summary(want)})`);
    else if (!want && got) out.push(`${name}: unexpected account (got ${summary(got)})`);
    else if (want && got) diffAccount(name, want, got, out);
  }
  return out;
}
