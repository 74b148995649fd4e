// Smoke tests of the benchmark workloads: every generator at 20 transactions, run through Lanes'
// executeBlock (every transaction must succeed) and cross-checked against @ethereumjs/vm runBlock (same
// gas, receipts, logs, receipts root and post-state root); plus determinism, the raw encoding round trip,
// the contract artifacts cache, sizing and the samplers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { decodeSignedTransaction } from "../../src/tx/codec/signed.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import { contractsDir, sourcesHash } from "../../tools/contracts/sources.js";
import { crossCheck } from "../../tools/workloads/cross-check.js";
import { buildWorkload, GENERATORS, parseSize, txCount } from "../../tools/workloads/registry.js";
import { Rng, Zipf } from "../../tools/workloads/rng.js";
import { WORKLOAD_IDS } from "../../tools/workloads/types.js";
import { getAmountOut } from "../../tools/workloads/uniswap.js";

const SMOKE_TXS = 20;

test("the committed contract artifacts match their sources and compiler", async () => {
  const file: unknown = JSON.parse(readFileSync(join(contractsDir(), "artifacts.json"), "utf8"));
  assert.ok(typeof file === "object" && file !== null && "sourcesHash" in file);
  assert.equal(file.sourcesHash, sourcesHash(), "stale: run `node dist/tools/contracts/compile.js`");
  const artifacts = await loadArtifacts();
  assert.equal(artifacts.source, "cache");
  assert.ok(artifacts.token.selectors.has("transfer(address,uint256)"));
  assert.ok(artifacts.uniswapPair.selectors.has("swap(uint256,uint256,address,bytes)"));
});

for (const id of WORKLOAD_IDS) {
  test(`${id}: ${SMOKE_TXS} transactions succeed in Lanes and match ethereumjs`, async () => {
    const w = await buildWorkload(id, 7, { txs: SMOKE_TXS });
    assert.equal(w.transactions.length, SMOKE_TXS);
    const report = await crossCheck(w);
    assert.deepEqual(report.failedTransactions, [], "every transaction succeeds");
    assert.deepEqual(report.mismatches, [], "Lanes and ethereumjs agree");
    assert.equal(report.lanes.receipts.length, SMOKE_TXS);
    assert.ok(report.lanes.gasUsed >= 21_000n * BigInt(SMOKE_TXS));
    // The decoded objects are what the raw bytes decode to (sender recovered from the signature).
    for (const t of w.transactions.slice(0, 3)) {
      const decoded = decodeSignedTransaction(t.raw);
      assert.deepEqual(decoded.tx, t.tx);
      assert.equal(bytesToHex(decoded.hash), bytesToHex(t.hash));
    }
  });
}

test("deployed code is the compiled runtime code", async () => {
  const artifacts = await loadArtifacts();
  const w = await buildWorkload("erc721-mint", 3, { txs: 2 });
  const nft = w.transactions[0]!.tx.to!;
  assert.equal(bytesToHex(w.preState.getCode(nft)), bytesToHex(artifacts.nft.deployedBytecode));
});

test("workloads are a pure function of (id, seed, size)", async () => {
  const digest = async (seed: number) => {
    const w = await buildWorkload("uniswap-v2-one-pool", seed, { txs: 6 });
    const raw = w.transactions.map((t) => bytesToHex(t.raw)).join();
    return bytesToHex(
      keccak256(new TextEncoder().encode(`${raw}/${bytesToHex(w.header.mixHash)}/${w.header.number}`)),
    );
  };
  assert.equal(await digest(11), await digest(11));
  assert.notEqual(await digest(11), await digest(12));
});

test("sizes: transaction counts, gas targets and gigagas", () => {
  assert.deepEqual(parseSize("2000"), { txs: 2000 });
  assert.deepEqual(parseSize("30Mgas"), { gas: 30e6 });
  assert.deepEqual(parseSize("gigagas"), { gas: 1e9 });
  assert.equal(txCount(GENERATORS["eth-transfer"], parseSize("gigagas")), 47_619);
  assert.equal(txCount(GENERATORS["erc20-transfer"], { txs: 5 }), 5);
  assert.throws(() => parseSize("lots"), RangeError);
});

test("getAmountOut is UniswapV2Library's formula", () => {
  // 1000 in against 1e6/1e6: 1000*997*1e6 / (1e6*1000 + 1000*997) = 996.
  assert.equal(getAmountOut(1000n, 1_000_000n, 1_000_000n), 996n);
  assert.equal(getAmountOut(10n ** 18n, 10n ** 21n, 2n * 10n ** 21n), 1_992_013_962_079_806_432n);
});

test("Zipf(100, 1) puts ~19% on the top rank; samples are reproducible", () => {
  const zipf = new Zipf(100, 1);
  assert.ok(Math.abs(zipf.probability(0) - 0.1928) < 0.001);
  const a = new Rng(5, "z");
  const b = new Rng(5, "z");
  const xs = Array.from({ length: 1000 }, () => zipf.sample(a));
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => zipf.sample(b)),
  );
  const top = xs.filter((x) => x === 0).length / xs.length;
  assert.ok(top > 0.14 && top < 0.25, `top-rank share ${top}`);
});
