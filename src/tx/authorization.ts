// EIP-7702 authorization processing: recover each authority, check it, and install its delegation.
import { delegationDesignator, delegationTarget } from "../evm/delegation.js";
import { G_PER_AUTH_BASE, G_PER_EMPTY_ACCOUNT } from "../evm/gas-constants.js";
import { bigIntToBytes, concatBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";
import { recoverAddress, SECP256K1_HALF_N } from "../primitives/secp256k1.js";
import type { WorldState } from "../state/world-state.js";
import type { Authorization } from "./types.js";

const MAX_NONCE = (1n << 64n) - 1n;
const MAGIC = Uint8Array.of(0x05);

export function authorizationSigningHash(auth: Authorization): Uint8Array {
  return keccak256(
    concatBytes(MAGIC, rlpEncode([auth.chainId, bigIntToBytes(auth.address, 20), auth.nonce])),
  );
}

/** The authority that signed `auth`, or undefined when the signature is invalid (including high s). */
export function recoverAuthority(auth: Authorization): bigint | undefined {
  if (auth.yParity > 1n || auth.s > SECP256K1_HALF_N) return undefined;
  return recoverAddress(authorizationSigningHash(auth), auth.r, auth.s, Number(auth.yParity));
}

/**
 * Applies the authorization list in order (invalid tuples are skipped, not fatal) and returns the gas
 * refund owed for authorities that already existed.
 */
export function applyAuthorizations(state: WorldState, list: Authorization[], chainId: bigint): number {
  let refund = 0;
  for (const auth of list) {
    if (auth.chainId !== 0n && auth.chainId !== chainId) continue;
    if (auth.nonce >= MAX_NONCE) continue;
    const authority = recoverAuthority(auth);
    if (authority === undefined) continue;
    state.warmAddress(authority);
    const code = state.getCode(authority);
    if (code.length !== 0 && delegationTarget(code) === undefined) continue;
    if (state.getNonce(authority) !== auth.nonce) continue;
    if (state.exists(authority)) refund += G_PER_EMPTY_ACCOUNT - G_PER_AUTH_BASE;
    state.setCode(authority, auth.address === 0n ? new Uint8Array(0) : delegationDesignator(auth.address));
    state.setNonce(authority, auth.nonce + 1n);
  }
  return refund;
}
