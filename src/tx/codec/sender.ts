// Sender recovery: chain id, v/y-parity, r and s range (EIP-2 low-s) checks, then secp256k1 public-key
// recovery. Check order and codes follow geth, which filled the TransactionTests.
import { recoverAddress, SECP256K1_HALF_N, SECP256K1_N } from "../../primitives/secp256k1.js";
import { fail } from "./fields.js";
import { parseLegacyV } from "./legacy-v.js";
import { signingHash } from "./signing.js";
import type { TxSignature, UnsignedTransaction } from "./types.js";

export interface RecoverOptions {
  /**
   * The chain the transaction must be for (INVALID_CHAINID otherwise). Unprotected legacy transactions
   * (v = 27/28) carry no chain id and are accepted, as on mainnet.
   */
  chainId?: bigint;
  /** Accept s above n/2: Frontier blocks, before EIP-2 (Homestead) made such signatures invalid. */
  allowHighS?: boolean;
}

function yParity(tx: UnsignedTransaction, sig: TxSignature): 0 | 1 {
  if (tx.type === 0) {
    const legacy = parseLegacyV(sig.v);
    if (legacy.chainId !== tx.chainId) {
      fail("INVALID_CHAINID", `v ${sig.v} does not encode chain id ${tx.chainId ?? "none"}`);
    }
    return legacy.yParity;
  }
  if (sig.v !== 0n && sig.v !== 1n) fail("INVALID_SIGNATURE_VRS", `y-parity ${sig.v}`);
  return sig.v === 1n ? 1 : 0;
}

/** The address that signed `tx`, or InvalidTransactionError (INVALID_CHAINID, INVALID_SIGNATURE_VRS, EC_RECOVERY_FAIL). */
export function recoverSender(tx: UnsignedTransaction, sig: TxSignature, opts: RecoverOptions = {}): bigint {
  if (opts.chainId !== undefined && tx.chainId !== undefined && tx.chainId !== opts.chainId) {
    fail("INVALID_CHAINID", `chain id ${tx.chainId}, expected ${opts.chainId}`);
  }
  const parity = yParity(tx, sig);
  if (sig.r < 1n || sig.r >= SECP256K1_N) fail("INVALID_SIGNATURE_VRS", "r out of range");
  // EIP-2: s above n/2 is the malleable twin of a valid signature and is refused.
  const maxS = opts.allowHighS === true ? SECP256K1_N - 1n : SECP256K1_HALF_N;
  if (sig.s < 1n || sig.s > maxS) fail("INVALID_SIGNATURE_VRS", "s out of range (EIP-2 low-s)");
  const sender = recoverAddress(signingHash(tx), sig.r, sig.s, parity);
  if (sender === undefined) fail("EC_RECOVERY_FAIL", "no public key recovers from this signature");
  return sender;
}
