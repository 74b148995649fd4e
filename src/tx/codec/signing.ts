// What a transaction's signature commits to (per type, with the EIP-155 rule for legacy), and signing with
// a private key for tests and the dev node.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak256 } from "../../primitives/keccak.js";
import { rlpEncode } from "../../primitives/rlp.js";
import { privateKeyToAddress } from "../../primitives/secp256k1.js";
import { authorizationSigningHash } from "../authorization.js";
import type { Authorization } from "../types.js";
import { encodeTransaction, payloadFields, typedEnvelope } from "./encode.js";
import { legacyV } from "./legacy-v.js";
import type { SignedTransaction, UnsignedTransaction } from "./types.js";
import { withSender } from "./with-sender.js";

/**
 * The signed message: `rlp(fields)` for a pre-EIP-155 legacy transaction, `rlp(fields ++ [chainId, 0, 0])`
 * with EIP-155, and `type || rlp(fields)` for typed transactions.
 */
export function signingPayload(tx: UnsignedTransaction): Uint8Array {
  const fields = payloadFields(tx);
  if (tx.type !== 0) return typedEnvelope(tx.type, fields);
  return rlpEncode(tx.chainId === undefined ? fields : [...fields, tx.chainId, 0n, 0n]);
}

export function signingHash(tx: UnsignedTransaction): Uint8Array {
  return keccak256(signingPayload(tx));
}

interface RecoverableSignature {
  r: bigint;
  s: bigint;
  yParity: 0 | 1;
}

/** Deterministic (RFC 6979), low-s ECDSA over a 32-byte hash. */
function signHash(hash: Uint8Array, privateKey: Uint8Array): RecoverableSignature {
  const bytes = secp256k1.sign(hash, privateKey, { prehash: false, lowS: true, format: "recovered" });
  const sig = secp256k1.Signature.fromBytes(bytes, "recovered");
  return { r: sig.r, s: sig.s, yParity: sig.recovery === 1 ? 1 : 0 };
}

/**
 * Signs `tx` (any `sender` it carries is ignored and replaced by the key's address). A legacy transaction
 * with `chainId` undefined gets a pre-EIP-155 signature (v = 27/28); otherwise v = chainId*2 + 35/36.
 */
export function signTransaction(tx: UnsignedTransaction, privateKey: Uint8Array): SignedTransaction {
  const { r, s, yParity } = signHash(signingHash(tx), privateKey);
  const v = tx.type === 0 ? legacyV(tx.chainId, yParity) : BigInt(yParity);
  const raw = encodeTransaction(tx, { v, r, s });
  return { tx: withSender(tx, privateKeyToAddress(privateKey)), hash: keccak256(raw), raw, v, r, s };
}

/** Signs an EIP-7702 authorization tuple (keccak(0x05 || rlp([chainId, address, nonce]))). */
export function signAuthorization(
  auth: Pick<Authorization, "chainId" | "address" | "nonce">,
  privateKey: Uint8Array,
): Authorization {
  const unsigned = { chainId: auth.chainId, address: auth.address, nonce: auth.nonce };
  const { r, s, yParity } = signHash(
    authorizationSigningHash({ ...unsigned, yParity: 0n, r: 0n, s: 0n }),
    privateKey,
  );
  return { ...unsigned, yParity: BigInt(yParity), r, s };
}
