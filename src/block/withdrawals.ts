// EIP-4895 withdrawals: the consensus layer credits `amount` gwei to `address` after the block's
// transactions, with no gas, no EVM and no receipt. Also their RLP and the header's withdrawalsRoot.
import { bigIntToBytes } from "../primitives/hex.js";
import { type RlpDecoded, rlpEncode } from "../primitives/rlp.js";
import type { StateDiff, StateReader } from "../state/types.js";
import { WorldState } from "../state/world-state.js";
import { orderedTrieRoot } from "../trie/index.js";
import { BlockException } from "./errors.js";
import { readAddress, readList, readU64, structureError } from "./rlp-fields.js";
import type { Withdrawal } from "./types.js";

export const GWEI = 1_000_000_000n;

export function encodeWithdrawal(w: Withdrawal): Uint8Array {
  return rlpEncode([w.index, w.validatorIndex, bigIntToBytes(w.address, 20), w.amount]);
}

export function withdrawalsRoot(withdrawals: readonly Withdrawal[]): Uint8Array {
  return orderedTrieRoot(withdrawals.map(encodeWithdrawal));
}

/** Decodes rlp([index, validatorIndex, address, amount]); all three integers are 64-bit (geth's layout). */
export function decodeWithdrawal(item: RlpDecoded): Withdrawal {
  const f = readList(item, "withdrawal");
  if (f.length !== 4) structureError(`withdrawal has ${f.length} fields, expected 4`);
  return {
    index: readU64(f[0], "withdrawal index"),
    validatorIndex: readU64(f[1], "withdrawal validatorIndex"),
    address: readAddress(f[2], "withdrawal address", BlockException.RLP_INVALID_ADDRESS),
    amount: readU64(f[3], "withdrawal amount"),
  };
}

/**
 * Credits the withdrawals over `reader` and returns the change. A zero amount still touches the recipient, so
 * an empty recipient is removed (EIP-161), exactly as geth's AddBalance-then-Finalise does.
 */
export function applyWithdrawals(reader: StateReader, withdrawals: readonly Withdrawal[]): StateDiff {
  const state = new WorldState(reader);
  for (const w of withdrawals) state.addBalance(w.address, w.amount * GWEI);
  return state.finalize();
}
