// The objects the executor reads on every transaction must share one V8 hidden class per source: built by
// spreading (`{ ...body, sender }`), each got a map of its own, and every `tx.field` read in the EVM became a
// megamorphic lookup (sequential blocks ran 7-12% slower; docs/transactions.md, "One shape per transaction"). V8's own map
// comparison (%HaveSameMap, enabled for this process only) checks it; the first test shows that the check
// does see the spread case.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { makeBlockEnv } from "../../src/block/block-env.js";
import { makeEnv } from "../../src/evm/env.js";
import { getForkRules } from "../../src/evm/forks.js";
import { packOutput, unpackOutput } from "../../src/parallel/tx-output.js";
import { encodeTxTable, TxTable } from "../../src/parallel/tx-table.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { decodeSignedTransaction } from "../../src/tx/codec/index.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import type { Transaction } from "../../src/tx/types.js";
import { baseTx, KEY } from "./codec/helpers.js";

setFlagsFromString("--allow-natives-syntax");
const haveSameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

function assertOneShape(objects: object[], what: string): void {
  assert.ok(objects.length >= 2);
  for (let i = 1; i < objects.length; i++) {
    assert.ok(haveSameMap(objects[0]!, objects[i]!), `${what}: object ${i} has a map of its own`);
  }
}

function signed(n: number): Transaction[] {
  return Array.from(
    { length: n },
    (_, i) => signTransaction(baseTx(2, { nonce: BigInt(i), data: Uint8Array.of(i) }), KEY).tx,
  );
}

test("the check sees the old construction's maps (a rest copy, then a spread adding the sender)", () => {
  const copies = signed(60).map((tx) => {
    const { sender, ...body } = tx;
    return { ...body, sender };
  });
  // V8 shares the first few copies' map, then gives each copy its own (seen from about the tenth on).
  assert.ok(copies.some((c) => !haveSameMap(copies[0]!, c)));
});

test("signed, decoded and table-decoded transactions each share one shape", () => {
  const txs = signed(60);
  assertOneShape(txs, "signTransaction");
  const raws = txs.map((_, i) => signTransaction(baseTx(2, { nonce: BigInt(i) }), KEY).raw);
  const decoded = raws.map((raw) => decodeSignedTransaction(raw).tx);
  assertOneShape([...txs, ...decoded], "signTransaction and decodeSignedTransaction");
  const table = new TxTable(encodeTxTable(txs));
  assertOneShape(
    txs.map((_, i) => table.at(i)),
    "TxTable",
  );
});

test("block environments and unpacked worker outputs share one shape", () => {
  const rules = getForkRules("Prague");
  const envs = Array.from({ length: 60 }, (_, k) => BigInt(k + 1)).map((n) =>
    makeBlockEnv(
      { number: n, timestamp: n * 12n, coinbase: n, gasLimit: 30_000_000n },
      { chainId: 1n, baseFee: 7n, prevRandao: n, excessBlobGas: 0n },
      rules,
      () => 0n,
    ),
  );
  // The zero-base-fee environment of eth_call and debug_traceCall comes from the same constructor.
  const free = makeEnv({ ...envs[0]!, baseFee: 0n }, envs[0]!.blockHash);
  assertOneShape([...envs, free], "makeBlockEnv and makeEnv");
  const outputs = Array.from({ length: 60 }, (_, k) => BigInt(k)).map((i) =>
    unpackOutput(
      packOutput({
        status: 1,
        gasUsed: 21_000n + i,
        blobGasUsed: 0n,
        logs: [{ address: i, topics: [i], data: new Uint8Array(1) }],
        output: new Uint8Array(0),
        createdAddress: undefined,
        error: undefined,
        diff: new Map(),
        deferredFee: i,
        deferredCredit: undefined,
      }),
    ),
  );
  assertOneShape(outputs, "unpackOutput");
});

test("a cloned state's accounts share one shape", () => {
  const state = new InMemoryState();
  for (let i = 1; i <= 60; i++) state.putAccount(BigInt(i), { nonce: BigInt(i), balance: 10n ** 18n });
  state.stateRoot(); // the trie cache is cloned too
  const copy = state.clone();
  assertOneShape([...copy.accounts.values()], "InMemoryState.clone");
});
