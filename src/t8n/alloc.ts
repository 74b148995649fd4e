// Allocations in geth's genesis-alloc JSON form, both ways. Reading goes through the fixture alloc parser after
// adapting geth's conventions (nonce omitted when zero, null fields, unprefixed addresses); writing produces
// what `evm t8n --output.alloc` does: accounts sorted by address, hex quantities, 32-byte storage keys and
// values, `code`/`storage`/`nonce` left out when empty or zero.
import { type Alloc, type AllocAccount, parseAlloc } from "../fixture-io/alloc.js";
import { addressToHex, bytesToHex, quantityToHex, wordToHex } from "../primitives/hex.js";
import { asObject, FieldError, type JsonObject, join } from "../primitives/json-read.js";
import { readAddress } from "./json.js";

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U256 = (1n << 256n) - 1n;

export interface AllocJsonAccount {
  code?: string;
  storage?: Record<string, string>;
  balance: string;
  nonce?: string;
}

export type AllocJson = Record<string, AllocJsonAccount>;

/** What formatting needs of an account (InMemoryState's StoredAccount has this shape). */
export interface AccountLike {
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  storage: ReadonlyMap<bigint, bigint>;
}

/** Parses an alloc object; `path` prefixes field errors. */
export function parseT8nAlloc(raw: unknown, path: string): Alloc {
  const normalized: Record<string, unknown> = {};
  const seen = new Map<bigint, string>();
  for (const [key, value] of Object.entries(asObject(raw, path))) {
    const address = readAddress(key, join(path, key));
    if (seen.has(address)) throw new FieldError(join(path, key), "address listed twice");
    seen.set(address, join(path, key));
    const account: Record<string, unknown> = { ...asObject(value, join(path, key)) };
    for (const field of ["nonce", "code", "storage"]) if (account[field] === null) delete account[field];
    account.nonce ??= "0x0";
    // Keys stay as written (so error paths do too), except that a bare address gets its 0x prefix.
    normalized[key.startsWith("0x") || key.startsWith("0X") ? key : addressToHex(address)] = account;
  }
  const alloc = parseAlloc(normalized as JsonObject, path);
  for (const [address, accountPath] of seen) checkRanges(alloc.get(address)!, accountPath);
  return alloc;
}

/** The state trie cannot hold wider values; catching them here keeps them from failing deep in the root. */
function checkRanges(account: AllocAccount, path: string): void {
  if (account.nonce > MAX_U64) throw new FieldError(join(path, "nonce"), "exceeds 64 bits");
  if (account.balance > MAX_U256) throw new FieldError(join(path, "balance"), "exceeds 256 bits");
  for (const [slot, value] of account.storage) {
    if (slot > MAX_U256 || value > MAX_U256) {
      throw new FieldError(join(join(path, "storage"), quantityToHex(slot)), "exceeds 256 bits");
    }
  }
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One account, keys in geth's order (code, storage, balance, nonce). */
export function formatAccount(account: AccountLike): AllocJsonAccount {
  const slots = [...account.storage].filter(([, v]) => v !== 0n).sort(([a], [b]) => compare(a, b));
  return {
    ...(account.code.length > 0 ? { code: bytesToHex(account.code) } : {}),
    ...(slots.length > 0
      ? { storage: Object.fromEntries(slots.map(([k, v]) => [wordToHex(k), wordToHex(v)])) }
      : {}),
    balance: quantityToHex(account.balance),
    ...(account.nonce !== 0n ? { nonce: quantityToHex(account.nonce) } : {}),
  };
}

/** The alloc JSON of `accounts`, sorted by address. */
export function formatAlloc(accounts: Iterable<readonly [bigint, AccountLike]>): AllocJson {
  const sorted = [...accounts].sort(([a], [b]) => compare(a, b));
  const out: AllocJson = {};
  for (const [address, account] of sorted) out[addressToHex(address)] = formatAccount(account);
  return out;
}
