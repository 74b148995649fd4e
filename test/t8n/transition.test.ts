// The t8n transition end to end (inputs -> result, alloc, body): geth's own output on a sample, a block of
// transfers, a contract call and a creation checked against the same transactions applied by hand, and
// invalid transactions skipped and reported without stopping the block.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fixedForkConfig } from "../../src/block/chain-config.js";
import { InvalidBlockError } from "../../src/block/errors.js";
import { makeReceipt, receiptsRoot } from "../../src/block/receipts.js";
import type { Receipt } from "../../src/block/types.js";
import { createAddress } from "../../src/evm/addresses.js";
import type { BlockEnv } from "../../src/evm/env.js";
import { FORKS } from "../../src/evm/forks.js";
import { addressToHex, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { RawInputs } from "../../src/t8n/io.js";
import { runT8n } from "../../src/t8n/t8n.js";
import { orderedTrieRoot, stateRoot } from "../../src/trie/index.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import type { UnsignedTransaction } from "../../src/tx/codec/types.js";
import { applyTransaction } from "../../src/tx/execute.js";
import {
  ADDR,
  ADDR2,
  addr,
  COINBASE,
  ETHER,
  GETH_SAMPLE,
  hex,
  type Json,
  KEY,
  KEY2,
  LOGGER,
  LOGGER_CODE,
  RECIPIENT,
  scenarioAlloc,
  scenarioEnv,
} from "./helpers.js";

const GWEI = 1_000_000_000n;
/** Init code deploying the one-byte runtime 0x00 (STOP). */
const INITCODE = hexToBytes("0x600060005360016000f3");

function inputs(alloc: Json, env: Json, txs: Json): RawInputs {
  return {
    alloc: { value: alloc, source: "alloc.json" },
    env: { value: env, source: "env.json" },
    txs: { kind: "json", value: txs, source: "txs.json" },
  };
}

test("geth's sample transition gives geth's roots, receipt, alloc and body", () => {
  const { input, result, alloc, body } = GETH_SAMPLE;
  const out = runT8n(inputs(input.alloc, input.env, input.txs), fixedForkConfig(1n, "Cancun"));
  assert.equal(out.result.stateRoot, result.stateRoot);
  assert.equal(out.result.txRoot, result.txRoot);
  assert.equal(out.result.receiptsRoot, result.receiptsRoot);
  assert.equal(out.result.logsHash, result.logsHash);
  assert.equal(out.result.gasUsed, result.gasUsed);
  assert.equal(out.result.currentBaseFee, result.currentBaseFee, "derived from parentBaseFee");
  assert.equal(out.result.withdrawalsRoot, result.withdrawalsRoot);
  assert.deepEqual(out.result.rejected, []);
  const [receipt] = out.result.receipts;
  assert.equal(receipt?.transactionHash, result.transactionHash);
  assert.equal(receipt?.cumulativeGasUsed, result.gasUsed);
  assert.equal(receipt?.status, "0x1");
  assert.deepEqual(out.alloc, alloc);
  assert.equal(out.body, body);
});

/** The scenario's transactions as JSON (index -> what should happen). */
function scenarioTxs(): Json[] {
  const key = bytesToHex(KEY);
  const key2 = bytesToHex(KEY2);
  const fee = { maxFeePerGas: "0x64", maxPriorityFeePerGas: "0x2" };
  return [
    // 0: transfer, type 2.
    { ...fee, nonce: "0x0", gas: "0x5208", to: addr(RECIPIENT), value: hex(ETHER), secretKey: key },
    // 1: legacy call into the logger (stores and logs).
    { nonce: "0x3", gas: "0x186a0", gasPrice: "0xa", to: addr(LOGGER), value: "0x5", secretKey: key2 },
    // 2: rejected, nonce reused.
    { ...fee, nonce: "0x0", gas: "0x5208", to: addr(RECIPIENT), secretKey: key },
    // 3: contract creation.
    { ...fee, nonce: "0x1", gas: "0x100000", to: null, input: bytesToHex(INITCODE), secretKey: key },
    // 4: rejected, more gas than the block has left.
    { nonce: "0x4", gas: hex(30_000_000n), gasPrice: "0xa", to: addr(RECIPIENT), secretKey: key2 },
    // 5: rejected, cannot pay.
    {
      nonce: "0x4",
      gas: "0x5208",
      gasPrice: "0xa",
      to: addr(RECIPIENT),
      value: hex(100n * ETHER),
      secretKey: key2,
    },
    // 6: rejected, neither signature nor key.
    { nonce: "0x4", gas: "0x5208", gasPrice: "0xa", to: addr(RECIPIENT) },
  ];
}

/** The included transactions applied one by one with applyTransaction, without any t8n code. */
function byHand() {
  const state = new InMemoryState();
  state.putAccount(ADDR, { balance: 10n * ETHER });
  state.putAccount(ADDR2, { balance: ETHER, nonce: 3n });
  state.putAccount(LOGGER, { nonce: 1n, code: LOGGER_CODE, storage: new Map([[5n, 9n]]) });
  const env: BlockEnv = {
    chainId: 1n,
    number: 1n,
    timestamp: 1000n,
    coinbase: COINBASE,
    gasLimit: 30_000_000n,
    baseFee: 7n,
    prevRandao: 0x17n,
    blobBaseFee: 1n,
    blockHash: () => 0n,
  };
  const common = { chainId: 1n, value: 0n, data: new Uint8Array(0), accessList: [], maxFeePerBlobGas: 0n };
  const none = { blobVersionedHashes: [], authorizationList: [] };
  const fee = { gasPrice: 0n, maxFeePerGas: 100n, maxPriorityFeePerGas: 2n };
  const txs: [UnsignedTransaction, Uint8Array][] = [
    [{ ...common, ...none, ...fee, type: 2, nonce: 0n, gasLimit: 21000n, to: RECIPIENT, value: ETHER }, KEY],
    [
      {
        ...common,
        ...none,
        type: 0,
        nonce: 3n,
        gasLimit: 100000n,
        to: LOGGER,
        value: 5n,
        gasPrice: 10n,
        maxFeePerGas: 10n,
        maxPriorityFeePerGas: 10n,
      },
      KEY2,
    ],
    [
      { ...common, ...none, ...fee, type: 2, nonce: 1n, gasLimit: 0x100000n, to: undefined, data: INITCODE },
      KEY,
    ],
  ];
  const receipts: Receipt[] = [];
  const raws: Uint8Array[] = [];
  let gasUsed = 0n;
  for (const [body, key] of txs) {
    const signed = signTransaction(body, key);
    const result = applyTransaction(state, signed.tx, env, FORKS.Cancun);
    state.applyDiff(result.diff);
    gasUsed += result.gasUsed;
    receipts.push(makeReceipt(body.type, result, gasUsed));
    raws.push(signed.raw);
  }
  const recipient = state.accounts.get(RECIPIENT)!;
  state.applyDiff(
    new Map([
      [
        RECIPIENT,
        {
          account: {
            nonce: recipient.nonce,
            balance: recipient.balance + 2n * GWEI,
            codeHash: recipient.codeHash,
          },
          storageCleared: false,
          storage: new Map(),
        },
      ],
    ]),
  );
  return { state, receipts, raws, gasUsed };
}

test("transfers, a contract call and a creation: roots equal the transactions applied by hand", () => {
  const env = scenarioEnv({
    withdrawals: [{ index: "0x0", validatorIndex: "0x0", address: addr(RECIPIENT), amount: "0x2" }],
  });
  const out = runT8n(inputs(scenarioAlloc(), env, scenarioTxs()), fixedForkConfig(1n, "Cancun"));
  const expected = byHand();
  assert.equal(out.result.stateRoot, bytesToHex(stateRoot(expected.state.accounts)));
  assert.equal(out.result.receiptsRoot, bytesToHex(receiptsRoot(expected.receipts)));
  assert.equal(out.result.txRoot, bytesToHex(orderedTrieRoot(expected.raws)));
  assert.equal(out.result.gasUsed, hex(expected.gasUsed));
  assert.notEqual(
    out.result.withdrawalsRoot,
    GETH_SAMPLE.result.withdrawalsRoot,
    "one withdrawal, not the empty root",
  );

  const r = out.result.receipts;
  assert.deepEqual(
    r.map((x) => x.transactionIndex),
    ["0x0", "0x1", "0x2"],
  );
  assert.deepEqual(
    r.map((x) => x.cumulativeGasUsed),
    expected.receipts.map((x) => hex(x.cumulativeGasUsed)),
  );
  assert.equal(r[0]!.effectiveGasPrice, "0x9", "base fee 7 + tip 2");
  assert.equal(r[1]!.effectiveGasPrice, "0xa");
  assert.equal(r[1]!.logs.length, 1);
  assert.deepEqual(
    {
      address: r[1]!.logs[0]!.address,
      data: r[1]!.logs[0]!.data,
      topics: r[1]!.logs[0]!.topics,
      logIndex: r[1]!.logs[0]!.logIndex,
    },
    { address: addr(LOGGER), data: "0xaa", topics: [`0x${"7".padStart(64, "0")}`], logIndex: "0x0" },
  );
  assert.equal(r[2]!.contractAddress, addressToHex(createAddress(ADDR, 1n)));
  assert.equal(r[0]!.contractAddress, addressToHex(0n));

  // The post alloc is the hand-computed state, in alloc form.
  assert.equal(out.alloc[addr(LOGGER)]?.storage?.[`0x${"0".repeat(64)}`], `0x${"5".padStart(64, "0")}`);
  assert.equal(out.alloc[addr(ADDR2)]?.nonce, "0x4");
  assert.equal(out.alloc[addressToHex(createAddress(ADDR, 1n))]?.code, "0x00");
});

test("invalid transactions are skipped and reported with their input index and reason", () => {
  const out = runT8n(inputs(scenarioAlloc(), scenarioEnv(), scenarioTxs()), fixedForkConfig(1n, "Cancun"));
  const rejected = out.result.rejected.map((x) => [x.index, x.error.split(":")[0]]);
  assert.deepEqual(rejected, [
    [2, "NONCE_MISMATCH_TOO_LOW"],
    [4, "GAS_ALLOWANCE_EXCEEDED"],
    [5, "INSUFFICIENT_ACCOUNT_FUNDS"],
    [6, "INVALID_SIGNATURE_VRS"],
  ]);
  // Rejected transactions leave no trace: not in the body, the receipts or the gas.
  assert.equal(out.result.receipts.length, 3);
  assert.equal(out.transition.included.map((t) => t.inputIndex).join(","), "0,1,3");
});

test("blob transactions over the block's blob gas allowance are rejected, the others included", () => {
  const blob = (nonce: number, blobs: number): Json => ({
    nonce: hex(BigInt(nonce)),
    gas: "0x5208",
    maxFeePerGas: "0x64",
    maxPriorityFeePerGas: "0x1",
    maxFeePerBlobGas: "0x10",
    to: addr(RECIPIENT),
    blobVersionedHashes: Array.from({ length: blobs }, (_, i) => `0x01${String(i).padStart(62, "0")}`),
    secretKey: bytesToHex(KEY),
  });
  // Cancun allows 6 blobs per block: 4 fit, 4 more do not, 2 more do.
  const out = runT8n(
    inputs(scenarioAlloc(), scenarioEnv(), [blob(0, 4), blob(1, 4), blob(1, 2)]),
    fixedForkConfig(1n, "Cancun"),
  );
  assert.deepEqual(
    out.result.rejected.map((x) => [x.index, x.error.split(":")[0]]),
    [[1, "TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED"]],
  );
  assert.equal(out.result.blobGasUsed, hex(6n * 131072n));
  assert.equal(out.result.receipts[0]!.blobGasUsed, hex(4n * 131072n));
  assert.equal(out.result.receipts[0]!.blobGasPrice, "0x1");
});

test("Prague collects EIP-7685 requests, which needs the system contracts: without them the transition fails", () => {
  const run = () => runT8n(inputs(scenarioAlloc(), scenarioEnv(), []), fixedForkConfig(1n, "Prague"));
  assert.throws(run, (e) => e instanceof InvalidBlockError && e.code === "SYSTEM_CONTRACT_EMPTY");
  const cancun = runT8n(inputs(scenarioAlloc(), scenarioEnv(), []), fixedForkConfig(1n, "Cancun"));
  assert.equal(cancun.result.requests, undefined);
  assert.equal(cancun.result.requestsHash, undefined);
});

test("no transactions: the state root is the pre-state's, the body and roots are empty", () => {
  const out = runT8n(inputs(scenarioAlloc(), scenarioEnv(), []), fixedForkConfig(1n, "Cancun"));
  const pre = byHand().state;
  const preRoot = new InMemoryState();
  preRoot.putAccount(ADDR, { balance: 10n * ETHER });
  preRoot.putAccount(ADDR2, { balance: ETHER, nonce: 3n });
  preRoot.putAccount(LOGGER, { nonce: 1n, code: LOGGER_CODE, storage: new Map([[5n, 9n]]) });
  assert.notEqual(out.result.stateRoot, bytesToHex(stateRoot(pre.accounts)));
  assert.equal(out.result.stateRoot, bytesToHex(stateRoot(preRoot.accounts)));
  assert.equal(out.body, "0xc0");
  assert.equal(out.result.txRoot, GETH_SAMPLE.result.withdrawalsRoot, "the empty trie root");
  assert.equal(out.result.gasUsed, "0x0");
});
