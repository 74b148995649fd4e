// Contract address derivation for CREATE (sender, nonce) and CREATE2 (sender, salt, initcode hash).
import { bigIntToBytes, bigIntToBytes32, bytesToBigInt, concatBytes } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { rlpEncode } from "../primitives/rlp.js";

export function createAddress(sender: bigint, nonce: bigint): bigint {
  return bytesToBigInt(keccak256(rlpEncode([bigIntToBytes(sender, 20), nonce])).subarray(12));
}

export function create2Address(sender: bigint, salt: bigint, initcode: Uint8Array): bigint {
  const preimage = concatBytes(
    Uint8Array.of(0xff),
    bigIntToBytes(sender, 20),
    bigIntToBytes32(salt),
    keccak256(initcode),
  );
  return bytesToBigInt(keccak256(preimage).subarray(12));
}
