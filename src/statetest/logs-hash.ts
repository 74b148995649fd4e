// The state-test `logs` commitment: keccak256(rlp([[address, [topics...], data], ...])).
import type { Log } from "../evm/log.js";
import { bigIntToBytes, bigIntToBytes32 } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { type RlpInput, rlpEncode } from "../primitives/rlp.js";

export function logsHash(logs: readonly Log[]): Uint8Array {
  // Addresses and topics are fixed-width byte strings in the encoding, not minimal integers.
  const items: RlpInput[] = logs.map((log) => [
    bigIntToBytes(log.address, 20),
    log.topics.map((topic) => bigIntToBytes32(topic)),
    log.data,
  ]);
  return keccak256(rlpEncode(items));
}
