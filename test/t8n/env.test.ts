// The t8n env: field parsing (geth's spellings and number forms), base fee and excess blob gas derivation
// from the parent's fields, and the BlockEnv built from it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FORKS } from "../../src/evm/forks.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { FieldError } from "../../src/primitives/json-read.js";
import {
  buildBlockEnv,
  parentHashOf,
  parseEnv,
  resolveBaseFee,
  resolveExcessBlobGas,
} from "../../src/t8n/env.js";
import { InputError } from "../../src/t8n/errors.js";
import { type Json, scenarioEnv } from "./helpers.js";

const GAS_PER_BLOB = 131072n;
const HASH_A = `0x${"aa".repeat(32)}`;
const HASH_B = `0x${"bb".repeat(32)}`;

test("env fields accept hex, decimal and JSON numbers, an unprefixed coinbase and null for absent", () => {
  const env = parseEnv(
    {
      currentCoinbase: "2adc25665018aa1fe0e6bc666dac8fc2697ff9ba",
      currentGasLimit: 30000000,
      currentNumber: "0x10",
      currentTimestamp: "1000",
      currentBaseFee: null,
      parentBaseFee: "7",
      currentRandom: "0x01",
      parentBeaconBlockRoot: HASH_A,
      blockHashes: { "15": HASH_B, "0x0e": HASH_A },
      withdrawals: [
        {
          index: "0x0",
          validatorIndex: "0x1",
          address: "0x00000000000000000000000000000000000000aa",
          amount: "0x2",
        },
      ],
    },
    "env",
  );
  assert.equal(env.coinbase, 0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ban);
  assert.equal(env.gasLimit, 30_000_000n);
  assert.equal(env.number, 16n);
  assert.equal(env.timestamp, 1000n);
  assert.equal(env.baseFee, undefined);
  assert.equal(env.parentBaseFee, 7n);
  assert.equal(env.random, 1n);
  assert.equal(bytesToHex(env.parentBeaconBlockRoot!), HASH_A);
  assert.equal(env.blockHashes?.get(15n), BigInt(HASH_B));
  assert.equal(env.blockHashes?.get(14n), BigInt(HASH_A));
  assert.deepEqual(env.withdrawals, [{ index: 0n, validatorIndex: 1n, address: 0xaan, amount: 2n }]);
});

test("a missing or malformed env field names its path", () => {
  const { currentCoinbase: _, ...noCoinbase } = scenarioEnv();
  assert.throws(
    () => parseEnv(noCoinbase, "env"),
    (e) => e instanceof FieldError && /env\.currentCoinbase: missing/.test(e.message),
  );
  assert.throws(
    () => parseEnv(scenarioEnv({ currentNumber: "0xzz" }), "env"),
    (e) => e instanceof FieldError && e.path === "env.currentNumber",
  );
  assert.throws(
    () => parseEnv(scenarioEnv({ parentBeaconBlockRoot: "0x1234" }), "env"),
    (e) => e instanceof FieldError && /expected 32 bytes/.test(e.message),
  );
  assert.throws(
    () => parseEnv(scenarioEnv({ currentGasLimit: "0x10000000000000000" }), "env"),
    (e) => e instanceof FieldError && /64 bits/.test(e.message),
  );
});

test("currentBaseFee wins; otherwise EIP-1559 from the parent, and neither is an input error", () => {
  const parent = (used: string) =>
    parseEnv(
      scenarioEnv({
        currentBaseFee: null,
        parentBaseFee: "1000",
        parentGasLimit: "30000000",
        parentGasUsed: used,
      }),
      "",
    );
  assert.equal(resolveBaseFee(parseEnv(scenarioEnv({ parentBaseFee: "1000" }), "")), 7n);
  assert.equal(resolveBaseFee(parent("15000000")), 1000n, "at target: unchanged");
  assert.equal(resolveBaseFee(parent("30000000")), 1125n, "full: +1/8");
  assert.equal(resolveBaseFee(parent("0")), 875n, "empty: -1/8");
  assert.throws(
    () => resolveBaseFee(parseEnv(scenarioEnv({ currentBaseFee: null }), "")),
    (e) => e instanceof InputError && /currentBaseFee missing/.test(e.message),
  );
});

test("currentExcessBlobGas wins; otherwise derived from the parent under the block's fork; 0 without either", () => {
  const derived = (fields: Record<string, string>) =>
    parseEnv(scenarioEnv({ currentExcessBlobGas: null, ...fields }), "");
  assert.equal(
    resolveExcessBlobGas(parseEnv(scenarioEnv({ currentExcessBlobGas: "0x20000" }), ""), FORKS.Cancun),
    GAS_PER_BLOB,
  );
  assert.equal(resolveExcessBlobGas(derived({}), FORKS.Cancun), 0n);
  // Cancun targets 3 blobs, Prague 6: six blobs in the parent leave 3 blobs of excess, then none.
  const sixBlobs = derived({ parentExcessBlobGas: "0", parentBlobGasUsed: String(6n * GAS_PER_BLOB) });
  assert.equal(resolveExcessBlobGas(sixBlobs, FORKS.Cancun), 3n * GAS_PER_BLOB);
  assert.equal(resolveExcessBlobGas(sixBlobs, FORKS.Prague), 0n);
  // Osaka (EIP-7918): with the blob price under the reserve price, excess grows by used * (max - target) / max.
  const cheapBlobs = {
    parentExcessBlobGas: "1000000",
    parentBlobGasUsed: String(3n * GAS_PER_BLOB),
    parentBaseFee: "1000000000",
  };
  assert.equal(
    resolveExcessBlobGas(derived(cheapBlobs), FORKS.Prague),
    1_000_000n + 3n * GAS_PER_BLOB - 6n * GAS_PER_BLOB,
  );
  assert.equal(resolveExcessBlobGas(derived(cheapBlobs), FORKS.Osaka), 1_000_000n + GAS_PER_BLOB);
});

test("the block env: PREVRANDAO, blob base fee and BLOCKHASH within the 256-block window", () => {
  const env = parseEnv(
    scenarioEnv({ currentNumber: "300", blockHashes: { "299": HASH_A, "43": HASH_B, "44": HASH_B } }),
    "",
  );
  const block = buildBlockEnv(env, FORKS.Prague, 5n, { baseFee: 9n, excessBlobGas: 10_000_000n });
  assert.equal(block.chainId, 5n);
  assert.equal(block.baseFee, 9n);
  assert.equal(block.prevRandao, 0x17n);
  assert.ok(block.blobBaseFee > 1n);
  assert.equal(block.blockHash(299n), BigInt(HASH_A));
  assert.equal(block.blockHash(44n), BigInt(HASH_B), "exactly 256 back is in the window");
  assert.equal(block.blockHash(43n), 0n, "257 back is out of it");
  assert.equal(block.blockHash(298n), 0n, "unknown");
  assert.equal(block.blockHash(300n), 0n, "the current block");
});

test("the EIP-2935 parent hash: parentHash, else blockHashes[number-1] (zero if absent), else none", () => {
  const hashOf = (extra: { [key: string]: Json }) => parentHashOf(parseEnv(scenarioEnv(extra), ""));
  assert.equal(bytesToHex(hashOf({ parentHash: HASH_A, blockHashes: { "0": HASH_B } })!), HASH_A);
  assert.equal(bytesToHex(hashOf({ blockHashes: { "0": HASH_B } })!), HASH_B);
  assert.equal(bytesToHex(hashOf({ blockHashes: {} })!), `0x${"00".repeat(32)}`);
  assert.equal(hashOf({}), undefined);
});
