// A transaction's StateDiff as one flat array, for the trip from a worker to the main thread. Structured
// cloning a Map of objects of Maps costs the main thread about twice as much as cloning the same values in
// one array and rebuilding the Maps here, and the worker serializes it about four times faster (figures:
// docs/parallel.md, "Measurements behind the encodings"). The values are the diff's own (bigints, the code
// hash and code bytes); nothing is re-encoded.
//
// Layout, per account: address, nonce (undefined: deleted), balance, codeHash, storageCleared, code
// (undefined: unchanged), slot count, then slot and value pairs.
import type { AccountDiff, StateDiff } from "../state/types.js";

export type FlatDiff = unknown[];

const ACCOUNT_FIELDS = 7;

export function flattenDiff(diff: StateDiff): FlatDiff {
  return flattenDiffInto(diff, []);
}

/** Appends the flattened diff to `out` (no intermediate array: packOutput's own) and returns it. */
export function flattenDiffInto(diff: StateDiff, out: unknown[]): FlatDiff {
  for (const [address, change] of diff) {
    const a = change.account;
    out.push(
      address,
      a?.nonce,
      a?.balance,
      a?.codeHash,
      change.storageCleared,
      change.code,
      change.storage.size,
    );
    for (const [slot, value] of change.storage) out.push(slot, value);
  }
  return out;
}

/** The diff flattened into `flat` from index `start` to the end. */
export function unflattenDiff(flat: readonly unknown[], start = 0): StateDiff {
  const diff: StateDiff = new Map();
  let i = start;
  while (i < flat.length) {
    const nonce = flat[i + 1] as bigint | undefined;
    const code = flat[i + 5] as Uint8Array | undefined;
    const slots = flat[i + 6] as number;
    const storage = new Map<bigint, bigint>();
    let at = i + ACCOUNT_FIELDS;
    for (let k = 0; k < slots; k++, at += 2) storage.set(flat[at] as bigint, flat[at + 1] as bigint);
    const change: AccountDiff = {
      account:
        nonce === undefined
          ? undefined
          : { nonce, balance: flat[i + 2] as bigint, codeHash: flat[i + 3] as Uint8Array },
      storageCleared: flat[i + 4] as boolean,
      storage,
    };
    if (code !== undefined) change.code = code;
    diff.set(flat[i] as bigint, change);
    i = at;
  }
  return diff;
}
