// Shared inputs for the t8n tests: a transaction geth's `evm t8n` was run on (with geth's output, so the
// roots are checked against another implementation), keys, and a small contract that stores and logs.
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { privateKeyToAddress } from "../../src/primitives/secp256k1.js";
import { asm } from "../evm/helpers.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const KEY = hexToBytes("0x4646464646464646464646464646464646464646464646464646464646464646");
export const KEY2 = hexToBytes("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
export const ADDR = privateKeyToAddress(KEY);
export const ADDR2 = privateKeyToAddress(KEY2);
export const COINBASE = 0xc0ffeen;
export const RECIPIENT = 0x1234n;
/** Stores CALLVALUE at slot 0 and logs one byte (0xaa) with topic 7. */
export const LOGGER = 0xc0de00n;
export const LOGGER_CODE = asm(
  "CALLVALUE PUSH0 SSTORE PUSH1 0xaa PUSH0 MSTORE8 PUSH1 7 PUSH1 1 PUSH0 LOG1 STOP",
);
export const ETHER = 10n ** 18n;

export function hex(n: bigint): string {
  return `0x${n.toString(16)}`;
}

export function addr(n: bigint): string {
  return `0x${n.toString(16).padStart(40, "0")}`;
}

/** The alloc of the transfer/contract-call scenario: two funded keys and the logger contract. */
export function scenarioAlloc(): Json {
  return {
    [addr(ADDR)]: { balance: hex(10n * ETHER) },
    [addr(ADDR2)]: { balance: hex(ETHER), nonce: "0x3" },
    [addr(LOGGER)]: {
      balance: "0x0",
      nonce: "0x1",
      code: bytesToHex(LOGGER_CODE),
      storage: { "0x05": "0x09" },
    },
  };
}

export function scenarioEnv(extra: { [key: string]: Json } = {}): { [key: string]: Json } {
  return {
    currentCoinbase: addr(COINBASE),
    currentGasLimit: "30000000",
    currentNumber: "1",
    currentTimestamp: "1000",
    currentRandom: "0x17",
    currentBaseFee: "0x7",
    currentExcessBlobGas: "0x0",
    withdrawals: [],
    ...extra,
  };
}

/**
 * A transition run through geth's `evm t8n` (the sample ethereumjs keeps beside its own t8n tool), with what
 * geth printed: a legacy call into a contract that calls another and stores the result.
 */
export const GETH_SAMPLE = {
  input: {
    alloc: {
      "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b": {
        nonce: "0x00",
        balance: "0x3635c9adc5dea00000",
        code: "0x",
        storage: {},
      },
      "0x0000000000000000000000000000000000001000": {
        nonce: "0x01",
        balance: "0x00",
        code: "0x60ff5f5360015ff3",
        storage: {},
      },
      "0x0000000000000000000000000000000000001100": {
        nonce: "0x01",
        balance: "0x00",
        code: "0x60006000600060006000611000620186a0f1600055600160005560016000601f3e600051600155",
        storage: {},
      },
    },
    txs: [
      {
        type: "0x0",
        chainId: "0x1",
        nonce: "0x0",
        gasPrice: "0xa",
        gas: "0x186a0",
        to: "0x0000000000000000000000000000000000001100",
        value: "0x0",
        input: "0x",
        v: "0x25",
        r: "0x450bb2501f58d443b494932d42891374385d2fef15af0090bf88adff0d247d6a",
        s: "0x1f23877ce28d6d6986111de1b5594156a77690f214a2beba16f7556d3bf7a51",
        sender: "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b",
      },
    ],
    env: {
      currentCoinbase: "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
      currentGasLimit: "100000000000000000",
      currentNumber: "1",
      currentTimestamp: "1000",
      currentRandom: "0",
      currentDifficulty: "0",
      parentDifficulty: "0",
      parentTimestamp: "0",
      parentBaseFee: "7",
      parentGasUsed: "0",
      parentGasLimit: "100000000000000000",
      parentUncleHash: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
      blockHashes: { "0": "0xd25d208f3633531c7f285498c7a1bc15f6e921f367e65e978251f88007fbbfbb" },
      ommers: [],
      withdrawals: [],
      parentHash: "0xd25d208f3633531c7f285498c7a1bc15f6e921f367e65e978251f88007fbbfbb",
    },
  },
  /** What geth printed (Shanghai rules; nothing in this transaction differs under Cancun). */
  result: {
    stateRoot: "0x187e2ba0dad27c2c7384050e601724bb54673bfb9b7c82ce1217d3432a730c05",
    txRoot: "0x56c81c68f1df70123bad2ce903057438aa4a2a2740a73cfc1d61d4b66ead583d",
    receiptsRoot: "0x64d2b19c0d71c3f3fb78dc292f9c5c3a52eac4fbc43dbcb62c622ba33a9e56c8",
    logsHash: "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
    transactionHash: "0xb8da878f9f5e9334dede83c8ef7bc6831737b2bc1d277670300992fc8c7305ce",
    gasUsed: "0x10985",
    currentBaseFee: "0x7",
    withdrawalsRoot: "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
  },
  alloc: {
    "0x0000000000000000000000000000000000001000": {
      code: "0x60ff5f5360015ff3",
      balance: "0x0",
      nonce: "0x1",
    },
    "0x0000000000000000000000000000000000001100": {
      code: "0x60006000600060006000611000620186a0f1600055600160005560016000601f3e600051600155",
      storage: {
        "0x0000000000000000000000000000000000000000000000000000000000000000":
          "0x0000000000000000000000000000000000000000000000000000000000000001",
        "0x0000000000000000000000000000000000000000000000000000000000000001":
          "0x00000000000000000000000000000000000000000000000000000000000000ff",
      },
      balance: "0x0",
      nonce: "0x1",
    },
    "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba": { balance: "0x31c8f" },
    "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b": { balance: "0x3635c9adc5de95a0ce", nonce: "0x1" },
  },
  body: "0xf862f860800a830186a0940000000000000000000000000000000000001100808025a0450bb2501f58d443b494932d42891374385d2fef15af0090bf88adff0d247d6aa001f23877ce28d6d6986111de1b5594156a77690f214a2beba16f7556d3bf7a51",
};
