// Canonical encoding of transactions of type 0-4: the unsigned field layout per type (shared with the
// signing payloads) and the signed envelope. Values outside a field's width are refused with the same codes
// the decoder uses, so encode and decode stay inverses.
import { concatBytes } from "../../primitives/hex.js";
import { type RlpInput, rlpEncode } from "../../primitives/rlp.js";
import { fail } from "./fields.js";
import { parseLegacyV } from "./legacy-v.js";
import {
  checkRange,
  encodeAccessList,
  encodeAddress,
  encodeAuthorizations,
  encodeBlobHashes,
} from "./lists.js";
import type { TxSignature, UnsignedTransaction } from "./types.js";

const MAX_U64 = (1n << 64n) - 1n;
const MAX_U256 = (1n << 256n) - 1n;

function encodeTo(tx: UnsignedTransaction): Uint8Array {
  if (tx.to !== undefined) return encodeAddress(tx.to, "to");
  if (tx.type === 3 || tx.type === 4) fail(`TYPE_${tx.type}_TX_CONTRACT_CREATION`);
  return new Uint8Array(0);
}

function checkCommon(tx: UnsignedTransaction): void {
  checkRange(tx.nonce, MAX_U64, "NONCE_OVERFLOW", "nonce");
  checkRange(tx.gasLimit, MAX_U64, "GASLIMIT_OVERFLOW", "gasLimit");
  checkRange(tx.value, MAX_U256, "VALUE_OVERFLOW", "value");
  if (tx.chainId !== undefined) checkRange(tx.chainId, MAX_U256, "RLP_INVALID_VALUE", "chainId");
  if (tx.type <= 1) {
    checkRange(tx.gasPrice, MAX_U256, "GASPRICE_OVERFLOW", "gasPrice");
  } else {
    checkRange(tx.maxFeePerGas, MAX_U256, "GASPRICE_OVERFLOW", "maxFeePerGas");
    checkRange(tx.maxPriorityFeePerGas, MAX_U256, "PRIORITY_OVERFLOW", "maxPriorityFeePerGas");
  }
}

function requireChainId(tx: UnsignedTransaction): bigint {
  if (tx.chainId === undefined) fail("INVALID_CHAINID", `a type ${tx.type} transaction needs a chain id`);
  return tx.chainId;
}

/** The unsigned fields in envelope order (for legacy, without the EIP-155 chain id suffix). */
export function payloadFields(tx: UnsignedTransaction): RlpInput[] {
  checkCommon(tx);
  const to = encodeTo(tx);
  if (tx.type === 0) return [tx.nonce, tx.gasPrice, tx.gasLimit, to, tx.value, tx.data];
  const chainId = requireChainId(tx);
  const accessList = encodeAccessList(tx.accessList);
  if (tx.type === 1) {
    return [chainId, tx.nonce, tx.gasPrice, tx.gasLimit, to, tx.value, tx.data, accessList];
  }
  const common: RlpInput[] = [
    chainId,
    tx.nonce,
    tx.maxPriorityFeePerGas,
    tx.maxFeePerGas,
    tx.gasLimit,
    to,
    tx.value,
    tx.data,
    accessList,
  ];
  if (tx.type === 2) return common;
  if (tx.type === 3) {
    checkRange(tx.maxFeePerBlobGas, MAX_U256, "RLP_INVALID_VALUE", "maxFeePerBlobGas");
    return [...common, tx.maxFeePerBlobGas, encodeBlobHashes(tx.blobVersionedHashes)];
  }
  return [...common, encodeAuthorizations(tx.authorizationList)];
}

/** `type || rlp(fields)`: the EIP-2718 envelope of a typed transaction. */
export function typedEnvelope(type: number, fields: RlpInput[]): Uint8Array {
  return concatBytes(Uint8Array.of(type), rlpEncode(fields));
}

/**
 * The signed encoding. `sig.v` is the raw legacy v for type 0 (it must agree with `tx.chainId`) and the
 * y-parity for typed transactions. Like the decoder, this only checks widths: a y-parity of 2 encodes (and
 * decodes) but fails sender recovery.
 */
export function encodeTransaction(tx: UnsignedTransaction, sig: TxSignature): Uint8Array {
  const fields = payloadFields(tx);
  checkRange(sig.r, MAX_U256, "INVALID_SIGNATURE_VRS", "r");
  checkRange(sig.s, MAX_U256, "INVALID_SIGNATURE_VRS", "s");
  checkRange(sig.v, MAX_U256, "INVALID_SIGNATURE_VRS", "v");
  if (tx.type === 0) {
    if (parseLegacyV(sig.v).chainId !== tx.chainId) {
      fail("INVALID_CHAINID", `v ${sig.v} does not encode chain id ${tx.chainId ?? "none"}`);
    }
    return rlpEncode([...fields, sig.v, sig.r, sig.s]);
  }
  return typedEnvelope(tx.type, [...fields, sig.v, sig.r, sig.s]);
}
