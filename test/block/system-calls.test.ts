// System calls on hand-made contracts: pre-block calls store their input and leave no trace of the system
// address, and the EIP-7002/7251 queue calls turn a missing contract or a failure into an invalid block.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixedForkConfig } from "../../src/block/chain-config.js";
import { BlockException, InvalidBlockError } from "../../src/block/errors.js";
import { executeBlock } from "../../src/block/execute-block.js";
import { EMPTY_REQUESTS_HASH } from "../../src/block/requests.js";
import {
  BEACON_ROOTS_ADDRESS,
  CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS,
  HISTORY_STORAGE_ADDRESS,
  SYSTEM_ADDRESS,
  WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS,
} from "../../src/block/system-calls/index.js";
import type { Block, BlockHeader } from "../../src/block/types.js";
import { bytesToBigInt, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";

/** PUSH0 CALLDATALOAD TIMESTAMP SSTORE STOP: stores the 32-byte input under the block timestamp. */
const STORE_INPUT = hexToBytes("0x5f354255");
/** CALL(GAS, CALLER, 1, 0, 0, 0, 0), then return 3 bytes of memory: pays the caller and outputs data. */
const PAY_CALLER_AND_RETURN = hexToBytes("0x5f5f5f5f60013361fffff15060035ff3");
/** PUSH0 PUSH0 REVERT. */
const REVERT = hexToBytes("0x5f5ffd");
/** MSTORE8(0, 0xaa) RETURN(0, 1): one byte of request data. */
const RETURN_ONE_BYTE = hexToBytes("0x60aa5f5360015ff3");

const PARENT_HASH = new Uint8Array(32).fill(0x11);
const BEACON_ROOT = new Uint8Array(32).fill(0x22);

function header(): BlockHeader {
  return {
    parentHash: PARENT_HASH,
    ommersHash: EMPTY_LIST_HASH,
    coinbase: 0xc0n,
    stateRoot: EMPTY_TRIE_ROOT,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 1n,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: 12n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: 7n,
    withdrawalsRoot: EMPTY_TRIE_ROOT,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: BEACON_ROOT,
    requestsHash: EMPTY_REQUESTS_HASH,
  };
}

function block(): Block {
  return { header: header(), transactions: [], withdrawals: [] };
}

function state(contracts: [bigint, Uint8Array][], balance = 0n): InMemoryState {
  const s = new InMemoryState();
  for (const [address, code] of contracts) s.putAccount(address, { code, nonce: 1n, balance });
  return s;
}

const prague = fixedForkConfig(1n, "Prague");
const cancun = fixedForkConfig(1n, "Cancun");

test("EIP-4788 and EIP-2935 store their inputs; the system address stays out of state", () => {
  const pre = state([
    [BEACON_ROOTS_ADDRESS, STORE_INPUT],
    [HISTORY_STORAGE_ADDRESS, STORE_INPUT],
    [WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS, RETURN_ONE_BYTE],
    [CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS, RETURN_ONE_BYTE],
  ]);
  const result = executeBlock(block(), pre, prague);
  assert.equal(result.diff.get(BEACON_ROOTS_ADDRESS)!.storage.get(12n), bytesToBigInt(BEACON_ROOT));
  assert.equal(result.diff.get(HISTORY_STORAGE_ADDRESS)!.storage.get(12n), bytesToBigInt(PARENT_HASH));
  assert.equal(result.diff.has(SYSTEM_ADDRESS), false);
  assert.equal(result.gasUsed, 0n);
  assert.deepEqual(result.requests.map(bytesToHex), ["0x01aa", "0x02aa"]);
});

test("pre-block calls are skipped without code, and EIP-2935 only runs from Prague", () => {
  const result = executeBlock(
    { ...block(), header: { ...header(), requestsHash: undefined } },
    state([[HISTORY_STORAGE_ADDRESS, STORE_INPUT]]),
    cancun,
  );
  assert.equal(result.diff.size, 0);
  assert.equal(result.requestsHash, undefined);
});

test("whatever a system call does to the system address is discarded", () => {
  const pre = state(
    [
      [BEACON_ROOTS_ADDRESS, PAY_CALLER_AND_RETURN],
      [WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS, PAY_CALLER_AND_RETURN],
      [CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS, RETURN_ONE_BYTE],
    ],
    10n,
  );
  const result = executeBlock(block(), pre, prague);
  assert.equal(result.diff.get(BEACON_ROOTS_ADDRESS)!.account!.balance, 9n);
  assert.equal(result.diff.has(SYSTEM_ADDRESS), false);
  assert.deepEqual(result.requests.map(bytesToHex), ["0x01000000", "0x02aa"]);
});

test("a missing or failing request contract invalidates the block", () => {
  const missing = state([[WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS, RETURN_ONE_BYTE]]);
  const failing = state([
    [WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS, RETURN_ONE_BYTE],
    [CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS, REVERT],
  ]);
  const isCode = (code: string) => (e: unknown) => e instanceof InvalidBlockError && e.code === code;
  assert.throws(() => executeBlock(block(), missing, prague), isCode(BlockException.SYSTEM_CONTRACT_EMPTY));
  assert.throws(
    () => executeBlock(block(), failing, prague),
    isCode(BlockException.SYSTEM_CONTRACT_CALL_FAILED),
  );
  // With system calls off (simulations), neither is run.
  assert.equal(executeBlock(block(), missing, prague, { systemCalls: false }).requests.length, 0);
});
