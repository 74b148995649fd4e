// From parsed input to executable transactions: sign with `secretKey`, or encode and recover the sender
// from v/r/s, or decode an RLP list of signed transactions. In t8n a transaction that fails here is not
// fatal: it becomes a rejected entry (as in geth, where it fails sender recovery); `lanes run` treats the
// same failure as bad input.
import { InvalidTransactionError } from "../primitives/errors.js";
import { keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, type RlpInput, rlpDecode, rlpEncode } from "../primitives/rlp.js";
import { encodeTransaction } from "../tx/codec/encode.js";
import { parseLegacyV } from "../tx/codec/legacy-v.js";
import { recoverSender } from "../tx/codec/sender.js";
import { decodeSignedTransaction } from "../tx/codec/signed.js";
import { signTransaction } from "../tx/codec/signing.js";
import { withSender } from "../tx/codec/with-sender.js";
import type { Transaction } from "../tx/types.js";
import { InputError } from "./errors.js";
import type { TxJson } from "./tx-json.js";

export interface PreparedTx {
  /** The executor's view, sender included. */
  tx: Transaction;
  /** The canonical signed encoding (what the transactions root and the body hold). */
  raw: Uint8Array;
  hash: Uint8Array;
}

/** One input transaction: ready to execute, or already known to be invalid (with the reason). */
export type TxEntry = { ok: true; value: PreparedTx } | { ok: false; error: string };

function sign(json: TxJson, key: Uint8Array, path: string): PreparedTx {
  // geth's `protected: false` means a pre-EIP-155 signature, which only a legacy transaction can have.
  const body = json.body.type === 0 && !json.protected ? { ...json.body, chainId: undefined } : json.body;
  let signed: ReturnType<typeof signTransaction>;
  try {
    signed = signTransaction(body, key);
  } catch (e) {
    if (e instanceof InvalidTransactionError) throw e;
    throw new InputError(`${path}.secretKey: not a valid secp256k1 private key`);
  }
  return { tx: signed.tx, raw: signed.raw, hash: signed.hash };
}

/**
 * Signs or recovers the sender of `json`. Throws InvalidTransactionError when the transaction cannot be
 * encoded or its signature does not recover (INVALID_CHAINID, INVALID_SIGNATURE_VRS, ...), InputError for an
 * unusable secret key.
 */
export function prepareTx(json: TxJson, chainId: bigint, path: string): PreparedTx {
  const sig = json.signature;
  if (sig === undefined) {
    if (json.secretKey === undefined) {
      throw new InvalidTransactionError(
        "INVALID_SIGNATURE_VRS",
        "no signature and no secretKey to sign with",
      );
    }
    return sign(json, json.secretKey, path);
  }
  // A legacy transaction's chain id is whatever its v commits to, not the JSON's `chainId`.
  const body = json.body.type === 0 ? { ...json.body, chainId: parseLegacyV(sig.v).chainId } : json.body;
  const raw = encodeTransaction(body, sig);
  const sender = recoverSender(body, sig, { chainId });
  return { tx: withSender(body, sender), raw, hash: keccak256(raw) };
}

/** prepareTx for t8n: an invalid transaction becomes a rejected entry instead of an exception. */
export function prepareT8nTx(json: TxJson, chainId: bigint, path: string): TxEntry {
  try {
    return { ok: true, value: prepareTx(json, chainId, path) };
  } catch (e) {
    if (e instanceof InvalidTransactionError) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * Decodes an RLP list of signed transactions as a block body holds them (legacy ones as lists, typed ones as
 * byte strings). A malformed list throws (RlpError/InputError); a malformed or unsigned transaction inside a
 * well-formed list becomes a rejected entry.
 */
export function decodeRlpTxs(bytes: Uint8Array, chainId: bigint): TxEntry[] {
  let list: RlpDecoded;
  try {
    list = rlpDecode(bytes);
  } catch (e) {
    // The decoder recurses per nesting level: absurd nesting overflows the stack rather than parse.
    if (e instanceof RangeError) throw new InputError("transactions RLP: nesting too deep");
    throw e;
  }
  if (!Array.isArray(list)) throw new InputError("transactions RLP must be a list");
  return list.map((item): TxEntry => {
    const raw = Array.isArray(item) ? rlpEncode(item as RlpInput) : item;
    try {
      const signed = decodeSignedTransaction(raw, { chainId });
      return { ok: true, value: { tx: signed.tx, raw: signed.raw, hash: signed.hash } };
    } catch (e) {
      if (e instanceof InvalidTransactionError) return { ok: false, error: e.message };
      throw e;
    }
  });
}

/** The RLP list of signed transactions a block body holds (inverse of decodeRlpTxs): geth's `body` output. */
export function encodeTxList(raws: readonly Uint8Array[]): Uint8Array {
  // A legacy transaction is itself an RLP list and is nested as one; a typed envelope is a byte string.
  return rlpEncode(raws.map((raw) => (raw.length > 0 && raw[0]! >= 0xc0 ? rlpDecode(raw) : raw)));
}
