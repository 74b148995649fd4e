// The binary form of a witness (RLP [state, codes, keys, headers], the lists sorted as Lanes writes them)
// and its hash: what ShardHub records as a shard block's witness hash.
import { keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, rlpDecode, rlpEncode } from "../primitives/rlp.js";
import type { ExecutionWitness } from "../witness/format.js";

export function encodeWitness(w: ExecutionWitness): Uint8Array {
  return rlpEncode([w.state, w.codes, w.keys, w.headers]);
}

export function witnessHash(w: ExecutionWitness): Uint8Array {
  return keccak256(encodeWitness(w));
}

function byteList(item: RlpDecoded | undefined, what: string): Uint8Array[] {
  if (!Array.isArray(item)) throw new Error(`witness: ${what} is not a list`);
  return item.map((x) => {
    if (!(x instanceof Uint8Array)) throw new Error(`witness: ${what} holds a list`);
    return x;
  });
}

export function decodeWitness(data: Uint8Array): ExecutionWitness {
  const top = rlpDecode(data);
  if (!Array.isArray(top) || top.length !== 4) throw new Error("witness: not a list of 4");
  return {
    state: byteList(top[0], "state"),
    codes: byteList(top[1], "codes"),
    keys: byteList(top[2], "keys"),
    headers: byteList(top[3], "headers"),
  };
}
