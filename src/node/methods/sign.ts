// eth_sign, personal_sign and eth_signTypedData_v4 with the dev accounts' keys (there are none in sequencer
// mode). eth_sign and personal_sign sign EIP-191 personal messages (keccak256("\x19Ethereum Signed
// Message:\n" + length + message)); the typed-data signature is EIP-712's (micro-eth-signer's encoder).
// Signatures are r ‖ s ‖ v with v = 27 or 28, as geth, anvil and Hardhat return them.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signTyped } from "micro-eth-signer";
import { bytesToHex } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import type { LanesNode } from "../devnode.js";
import * as p from "../params.js";
import { invalidParams, serverError } from "../rpc-errors.js";
import type { MethodTable } from "./types.js";

function keyOf(node: LanesNode, address: bigint): Uint8Array {
  const key = node.devAccountKey(address);
  if (key === undefined) throw serverError("unknown account");
  return key;
}

/** The EIP-191 personal-message signature of `message` by `key`. */
export function signPersonalMessage(message: Uint8Array, key: Uint8Array): string {
  const prefix = new TextEncoder().encode(`\x19Ethereum Signed Message:\n${message.length}`);
  const digest = keccak256(new Uint8Array([...prefix, ...message]));
  const sig = secp256k1.sign(digest, key, { prehash: false, lowS: true, format: "recovered" });
  const out = new Uint8Array(65);
  out.set(sig.subarray(1, 65), 0);
  out[64] = 27 + sig[0]!;
  return bytesToHex(out);
}

export const signMethods: MethodTable = {
  eth_sign: (params, { node }) =>
    signPersonalMessage(p.data(params[1], "message", 1 << 20), keyOf(node, p.address(params[0]))),
  personal_sign: (params, { node }) =>
    signPersonalMessage(p.data(params[0], "message", 1 << 20), keyOf(node, p.address(params[1]))),
  eth_signTypedData_v4: (params, { node }) => {
    const key = keyOf(node, p.address(params[0]));
    let typed = params[1];
    if (typeof typed === "string") {
      try {
        typed = JSON.parse(typed);
      } catch {
        throw invalidParams("invalid typed data: not JSON");
      }
    }
    p.object(typed, "typed data");
    try {
      return signTyped(typed as Parameters<typeof signTyped>[0], key);
    } catch (e) {
      throw invalidParams(`invalid typed data: ${e instanceof Error ? e.message : String(e)}`);
    }
  },
};
