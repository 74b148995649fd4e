// Environment and block-information opcodes: call context (ADDRESS ORIGIN CALLER CALLVALUE GASPRICE
// SELFBALANCE), block fields, the BLOCKHASH 256-block window, BLOBHASH (EIP-4844) and EXTCODEHASH of
// absent, empty and funded accounts (EIP-1052, EIP-161).
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import {
  addr,
  asm,
  CALLER,
  COINBASE,
  evalTop,
  exec,
  gasOf,
  MAX,
  memoryOf,
  ORIGIN,
  TARGET,
} from "./helpers.js";

test("call-context opcodes", () => {
  assert.equal(evalTop("ADDRESS"), TARGET);
  assert.equal(evalTop("CALLER"), CALLER);
  assert.equal(evalTop("ORIGIN"), ORIGIN);
  assert.equal(evalTop("CALLVALUE", { value: 77n }), 77n);
  assert.equal(evalTop("GASPRICE", { tx: { gasPrice: 123n } }), 123n);
  assert.equal(evalTop("SELFBALANCE", { balance: 55n }), 55n);
  assert.equal(evalTop("ADDRESS BALANCE", { balance: 55n }), 55n);
  for (const op of ["ADDRESS", "CALLER", "ORIGIN", "CALLVALUE", "GASPRICE", "CALLDATASIZE", "CODESIZE"]) {
    assert.equal(gasOf("", op), 2, op);
  }
});

test("block opcodes read the block environment", () => {
  const env = {
    coinbase: COINBASE,
    timestamp: 1234n,
    number: 1000n,
    prevRandao: 0xabcdn,
    gasLimit: 30_000_000n,
    chainId: 17n,
    baseFee: 9n,
    blobBaseFee: 5n,
  };
  const cases: [string, bigint][] = [
    ["COINBASE", COINBASE],
    ["TIMESTAMP", 1234n],
    ["NUMBER", 1000n],
    ["PREVRANDAO", 0xabcdn],
    ["GASLIMIT", 30_000_000n],
    ["CHAINID", 17n],
    ["BASEFEE", 9n],
    ["BLOBBASEFEE", 5n],
  ];
  for (const [op, value] of cases) {
    assert.equal(evalTop(op, { env }), value, op);
    assert.equal(gasOf("", op), 2, `${op} gas`);
  }
});

test("BLOCKHASH covers the 256 blocks before the current one and costs 20", () => {
  // The default environment is block 1000 with hash(n) = 0xb10c0000 + n.
  assert.equal(evalTop("PUSH2 999 BLOCKHASH"), 0xb10c0000n + 999n);
  assert.equal(evalTop("PUSH2 744 BLOCKHASH"), 0xb10c0000n + 744n);
  assert.equal(evalTop("PUSH2 743 BLOCKHASH"), 0n);
  assert.equal(evalTop("PUSH2 1000 BLOCKHASH"), 0n);
  assert.equal(evalTop("PUSH2 1001 BLOCKHASH"), 0n);
  assert.equal(evalTop(`PUSH32 ${MAX} BLOCKHASH`), 0n);
  assert.equal(evalTop("PUSH0 BLOCKHASH", { env: { number: 10n } }), 0xb10c0000n);
  assert.equal(gasOf("PUSH2 999", "BLOCKHASH"), 20);
});

test("BLOBHASH indexes the transaction's versioned hashes, 0 out of range", () => {
  const h0 = new Uint8Array(32).fill(0x11);
  const h1 = new Uint8Array(32).fill(0x22);
  h0[0] = h1[0] = 1;
  const tx = { blobHashes: [h0, h1] };
  assert.equal(evalTop("PUSH0 BLOBHASH", { tx }), BigInt(bytesToHex(h0)));
  assert.equal(evalTop("PUSH1 1 BLOBHASH", { tx }), BigInt(bytesToHex(h1)));
  assert.equal(evalTop("PUSH1 2 BLOBHASH", { tx }), 0n);
  assert.equal(evalTop(`PUSH32 ${MAX} BLOBHASH`, { tx }), 0n);
  assert.equal(evalTop("PUSH0 BLOBHASH"), 0n);
  assert.equal(gasOf("PUSH0", "BLOBHASH", { tx }), 3);
});

test("EXTCODEHASH is 0 for absent and empty accounts, keccak('') for funded ones without code", () => {
  const ABSENT = 0x9999n;
  const EMPTY = 0x8888n;
  const FUNDED = 0x7777n;
  const CONTRACT = 0x6666n;
  const accounts: [bigint, { balance?: bigint; code?: string }][] = [
    [EMPTY, {}],
    [FUNDED, { balance: 1n }],
    [CONTRACT, { code: "PUSH1 1 STOP" }],
  ];
  const hashOf = (a: bigint) => evalTop(`PUSH20 ${addr(a)} EXTCODEHASH`, { accounts });
  assert.equal(hashOf(ABSENT), 0n);
  assert.equal(hashOf(EMPTY), 0n);
  assert.equal(hashOf(FUNDED), 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n);
  assert.equal(hashOf(CONTRACT), BigInt(bytesToHex(keccak256(asm("PUSH1 1 STOP")))));
  assert.equal(evalTop(`PUSH20 ${addr(CONTRACT)} EXTCODESIZE`, { accounts }), 3n);
  assert.equal(evalTop(`PUSH20 ${addr(ABSENT)} EXTCODESIZE`, { accounts }), 0n);
  // Only the low 160 bits of the operand name the account.
  assert.equal(evalTop(`PUSH32 ${(1n << 200n) | CONTRACT} EXTCODESIZE`, { accounts }), 3n);
});

test("EXTCODECOPY pads with zeros past the end of the code", () => {
  const CONTRACT = 0x6666n;
  const accounts: [bigint, { code: string }][] = [[CONTRACT, { code: "PUSH1 1 STOP" }]];
  const r = exec(`PUSH1 6 PUSH1 1 PUSH0 PUSH20 ${addr(CONTRACT)} EXTCODECOPY`, { accounts });
  assert.equal(bytesToHex(memoryOf(r, 6)), "0x010000000000");
  const far = exec(`PUSH1 4 PUSH32 ${MAX} PUSH0 PUSH20 ${addr(CONTRACT)} EXTCODECOPY`, { accounts });
  assert.equal(far.halt, undefined);
  assert.equal(bytesToHex(memoryOf(far, 4)), "0x00000000");
});
