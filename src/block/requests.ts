// EIP-7685 execution-layer requests: the request type bytes and the header commitment
// requestsHash = sha256(sha256(r_0) || sha256(r_1) || ...), each r_i being `type || data`, empty data left out.
import { sha256 } from "@noble/hashes/sha2.js";

/** sha256 of the empty string. */
const EMPTY_HASH = sha256.create().digest();

export const DEPOSIT_REQUEST_TYPE = 0x00;
export const WITHDRAWAL_REQUEST_TYPE = 0x01;
export const CONSOLIDATION_REQUEST_TYPE = 0x02;

/** `type || data`, or undefined when there is no data (EIP-7685 leaves empty request lists out). */
export function typedRequest(type: number, data: Uint8Array): Uint8Array | undefined {
  if (data.length === 0) return undefined;
  const out = new Uint8Array(data.length + 1);
  out[0] = type;
  out.set(data, 1);
  return out;
}

/** The requests hash over already type-prefixed, non-empty requests in ascending type order. */
export function computeRequestsHash(requests: readonly Uint8Array[]): Uint8Array {
  // Most blocks carry no request: their hash is a constant.
  if (requests.length === 0) return EMPTY_HASH.slice();
  const outer = sha256.create();
  for (const r of requests) outer.update(sha256(r));
  return outer.digest();
}

/** sha256 of nothing: the requests hash of a block without requests. */
export const EMPTY_REQUESTS_HASH = computeRequestsHash([]);
