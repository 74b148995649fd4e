// Contracts that keep a node busy, for the hostile-input tests and the latency benchmark: a loop of BN254
// pairing checks (the most expensive precompile per gas in wall time), and a loop over a full stack (the
// largest struct-log entries per gas).
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { bytesToHex } from "../src/primitives/hex.js";
import { keccak256 } from "../src/primitives/keccak.js";
import { asm } from "./asm.js";
import { call } from "./node-client.js";

// The BN254 G1 generator (1, 2) and the G2 generator (EIP-197 encoding, imaginary part first).
const G2_WORDS = [
  "0x198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2",
  "0x1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed",
  "0x090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b",
  "0x12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa",
];

/** Calls the pairing precompile (0x08) on one (G1, G2) pair until less than 200,000 gas is left. */
export const PAIRING_LOOP = asm(
  [
    "PUSH1 1 PUSH0 MSTORE PUSH1 2 PUSH1 0x20 MSTORE",
    ...G2_WORDS.map((w, i) => `PUSH32 ${w} PUSH1 ${0x40 + 0x20 * i} MSTORE`),
    "loop: JUMPDEST",
    "PUSH1 0x20 PUSH1 0xc0 PUSH1 0xc0 PUSH0 PUSH1 8 GAS STATICCALL POP",
    "PUSH3 200000 GAS GT PUSH2 @loop JUMPI STOP",
  ].join(" "),
);

/** Fills the stack with 1,000 words, then jumps in place until the gas runs out. */
export const FULL_STACK_LOOP = asm(`${"PUSH0 ".repeat(1000)} loop: JUMPDEST PUSH2 @loop JUMP`);

/** Initcode that deploys `runtime`. */
export function deployment(runtime: Uint8Array): string {
  const n = runtime.length;
  const init = asm(`PUSH2 ${n} DUP1 PUSH1 10 PUSH0 CODECOPY PUSH0 RETURN`);
  if (init.length !== 10) throw new Error("deployment prefix length changed");
  return bytesToHex(new Uint8Array([...init, ...runtime]));
}

/** Deploys `runtime` from `from` (a dev account) and returns the contract's address. */
export async function deploy(url: string, from: string, runtime: Uint8Array): Promise<string> {
  const hash = (await call(url, "eth_sendTransaction", [
    { from, data: deployment(runtime), gas: "0x200000" },
  ])) as string;
  const receipt = (await call(url, "eth_getTransactionReceipt", [hash])) as { contractAddress: string };
  return receipt.contractAddress;
}

/**
 * Calls ECRECOVER (0x01) on a valid signature until less than 10,000 gas is left: the precompile loop of
 * issue 14 (a 30M-gas block of it held the event loop for 16 s).
 */
export function ecrecoverLoop(): Uint8Array {
  const key = new Uint8Array(32).fill(7);
  const hash = keccak256(new TextEncoder().encode("lanes"));
  const sig = secp256k1.sign(hash, key, { prehash: false, format: "recovered" });
  const word = (b: Uint8Array) => bytesToHex(b);
  return asm(
    [
      `PUSH32 ${word(hash)} PUSH0 MSTORE`,
      `PUSH1 ${27 + sig[0]!} PUSH1 0x20 MSTORE`,
      `PUSH32 ${word(sig.subarray(1, 33))} PUSH1 0x40 MSTORE`,
      `PUSH32 ${word(sig.subarray(33, 65))} PUSH1 0x60 MSTORE`,
      "loop: JUMPDEST",
      "PUSH1 0x20 PUSH1 0x80 PUSH1 0x80 PUSH0 PUSH1 1 GAS STATICCALL POP",
      "PUSH2 10000 GAS GT PUSH2 @loop JUMPI STOP",
    ].join(" "),
  );
}
