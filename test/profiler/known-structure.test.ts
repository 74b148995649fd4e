// The profiler on blocks whose dependency structure is known by construction: k independent chains of known
// lengths through known slots of one contract, plus transactions that share nothing. It must report exactly
// those edges (each labelled with its chain's slot), the longest chain as the critical path, the chains' slots
// as the hot locations in order of length, and bounds consistent with the measured times.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { executeBlockParallel } from "../../src/parallel/execute-block-parallel.js";
import { analyzeProfile, routedGraph } from "../../src/profiler/analyze.js";
import { addressHex } from "../../src/profiler/describe.js";
import { DependencyGraph } from "../../src/profiler/graph.js";
import { profileBlock } from "../../src/profiler/profile-block.js";
import { lanesBlock } from "../../tools/workloads/types.js";
import { chainBlock } from "./blocks.js";

const pool = new WorkerPool({ maxThreads: 2 });
after(() => pool.close());

describe("profiler on k independent chains", () => {
  const lengths = [9, 4, 2];
  const built = chainBlock(lengths, 5);
  const w = built.workload;
  const block = lanesBlock(w);

  test("finds exactly the chains' edges, slots, hot spots and critical path", async () => {
    const p = await profileBlock(block, w.preState, w.chainConfig, { threads: 2, warmups: 1 });
    assert.equal(p.txs, lengths.reduce((a, b) => a + b, 0) + 5);
    const expected = new Map<string, bigint>();
    for (const c of built.chains) {
      for (let k = 1; k < c.txs.length; k++) expected.set(`${c.txs[k - 1]}->${c.txs[k]}`, c.slot);
    }
    assert.equal(p.edges.length, expected.size, JSON.stringify(p.edges.map((e) => [e.from, e.to])));
    for (const e of p.edges) {
      const slot = expected.get(`${e.from}->${e.to}`);
      assert.notEqual(slot, undefined, `unexpected edge ${e.from} -> ${e.to}`);
      assert.ok(e.from < e.to);
      assert.equal(e.locations.length, 1, `edge ${e.from} -> ${e.to}: ${JSON.stringify(e.locations)}`);
      assert.equal(e.location.kind, "storage");
      assert.equal(e.location.address, addressHex(built.contract));
      assert.equal(e.location.slot, `0x${slot!.toString(16)}`);
    }
    assert.equal(
      p.stats.dependentTxs,
      lengths.reduce((a, b) => a + b - 1, 0),
    );
    // The critical path is the chain with the most measured time. Every transaction loops the same count,
    // but measured times vary (a GC pause can make a short chain the slowest), so the expected chain is
    // chosen from the measured times, not assumed to be the longest one.
    const sum = (txs: number[]) => txs.reduce((a, i) => a + p.transactions[i]!.execMs, 0);
    const slowest = built.chains.reduce((a, c) => (sum(c.txs) > sum(a.txs) ? c : a));
    assert.deepEqual(p.criticalPath.txs, slowest.txs);
    assert.ok(Math.abs(p.criticalPath.ms - sum(slowest.txs)) < 0.01);
    // Hot locations: the three slots with their chains' sizes, ranked by measured chain time (which chain
    // measures slowest depends on the machine, so the order is checked against chainMs, not assumed).
    assert.equal(p.hotLocations.length, lengths.length);
    const chainOfSlot = new Map(built.chains.map((c, i) => [`0x${c.slot.toString(16)}`, i]));
    assert.deepEqual(
      p.hotLocations.map((h) => h.location.slot).sort(),
      [...chainOfSlot.keys()].sort(),
      "exactly the three chain slots",
    );
    p.hotLocations.forEach((h, i) => {
      const chain = chainOfSlot.get(h.location.slot!)!;
      assert.equal(h.txs, lengths[chain]);
      assert.equal(h.edges, lengths[chain]! - 1);
      assert.equal(h.writers, lengths[chain]);
      if (i > 0) assert.ok(h.chainMs <= p.hotLocations[i - 1]!.chainMs, "ranked by chain time");
    });
    // The slowest chain's slot is the only location on its edges: removing it shortens the critical path.
    assert.equal(p.hotLocations[0]!.location.slot, `0x${slowest.slot.toString(16)}`);
    assert.ok(p.hotLocations[0]!.criticalPathMs > 0);
    // Bounds: min(N, work / span), never above N, and the list schedule never above the bound.
    const work = p.transactions.reduce((a, t) => a + t.execMs, 0);
    for (const n of ["2", "4", "8", "16", "32"]) {
      const bound = Math.min(Number(n), work / p.criticalPath.ms);
      assert.ok(
        Math.abs(p.speedupBound[n]! - bound) < 0.02,
        `bound at ${n}: ${p.speedupBound[n]} vs ${bound}`,
      );
      assert.ok(p.speedupSimulated[n]! <= p.speedupBound[n]! + 0.02);
    }
    // Timelines: every transaction's committed execution appears on some thread.
    const executed = new Set<number>();
    for (const t of p.timeline.threads)
      for (const e of t.events) if (e.kind === "execute") executed.add(e.tx);
    assert.equal(executed.size, p.txs);
    // Advice exists for the hot spots and reports a simulated gain for the longest chain's slot.
    assert.ok(p.hotLocations[0]!.advice.gain !== undefined);
    assert.ok(p.hotLocations[0]!.advice.text.length > 0);
  });

  test("the profiled run's result equals the unprofiled one", async () => {
    const plain = await executeBlockParallel(block, w.preState, w.chainConfig, {
      threads: 2,
      mode: "parallel",
      pool,
    });
    const profiled = await executeBlockParallel(block, w.preState, w.chainConfig, {
      threads: 2,
      mode: "parallel",
      pool,
      profile: true,
    });
    assert.deepEqual(profiled.stateRoot, plain.stateRoot);
    assert.deepEqual(profiled.receiptsRoot, plain.receiptsRoot);
    assert.ok(profiled.profile !== undefined && plain.profile === undefined);
    const p = analyzeProfile({
      data: profiled.profile,
      block,
      result: profiled,
      stats: profiled.stats,
      codeHashOf: () => undefined,
    });
    assert.equal(
      p.edges.length,
      lengths.reduce((a, b) => a + b - 1, 0),
    );
  });
});

describe("dependency graph", () => {
  test("critical path, list schedule and edge removal on a small DAG", () => {
    // 0 -> 1 -> 3 (chain through location 7), 2 independent, 0 -> 3 also through location 8.
    const g = new DependencyGraph([1, 2, 3, 1], [1, 3, 3], [0, 1, 0], [7, 7, 8]);
    assert.equal(g.edgeCount, 3);
    assert.deepEqual(g.criticalPath(), { ms: 4, txs: [0, 1, 3] });
    assert.equal(g.workMs, 7);
    assert.equal(g.makespan(1), 7);
    // Two threads: 0 and 2 start; 1 after 0 (t=1..3); 3 after 1 (t=3..4); 2 ends at 3.
    assert.equal(g.makespan(2), 4);
    assert.deepEqual(g.speedupBound(4), { "2": 1.75, "4": 1.75, "8": 1.75, "16": 1.75, "32": 1.75 });
    // Without location 7 the edge 0 -> 3 (location 8) remains: the longest is then tx 2 alone.
    const keep = (e: number) => g.edgeLocations[e]!.some((l) => l !== 7);
    assert.deepEqual(g.criticalPath(keep), { ms: 3, txs: [2] });
    // Lowest ready index first: 0 and 1 at t=0, 2 at t=1 (before 3, ready too), 3 at t=2; 2 ends at 4.
    assert.equal(g.makespan(2, keep), 4);
    assert.throws(() => new DependencyGraph([1, 1], [0], [1], [0]), RangeError);
  });

  test("routing a hot contract's users across 4 instances rebuilds its chain per instance", () => {
    // One pool: 0 -> 1 -> ... -> 8 through location 0 (the pool's state), 1 ms each; tx 8 also reads
    // location 1 (not the pool's) from tx 2; tx 9 reads location 2 (the pool's balance in a token: related
    // state, not the pool's own) from tx 4. Txs 0 and 5 share a sender, so they share an instance.
    const reader = [1, 2, 3, 4, 5, 6, 7, 8, 8, 9];
    const writer = [0, 1, 2, 3, 4, 5, 6, 7, 2, 4];
    const location = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2];
    const g = new DependencyGraph(new Array(10).fill(1), reader, writer, location);
    assert.equal(g.criticalPath().ms, 9);
    const senders = [10n, 11n, 12n, 13n, 14n, 10n, 15n, 16n, 17n, 18n];
    const routed = routedGraph(
      g,
      (l) => l === 0 || l === 2,
      (tx) => senders[tx]!,
    );
    // Instances by sender, in order of first appearance: senders 10, 11, 12, 13 -> 0, 1, 2, 3; 14 -> 0,
    // 10 (tx 5) stays on 0, 15 -> 1, 16 -> 2, 17 -> 3, 18 -> 0. Per location and instance: location 0 gives
    // 0 -> 4 -> 5, 1 -> 6, 2 -> 7, 3 -> 8; location 2 gives 4 -> 9 (both on instance 0); 2 -> 8 (location 1)
    // is kept. Nothing chains transactions that shared no location.
    const pairs = routed.edgeFrom.map((f, e) => `${f}->${routed.edgeTo[e]}`).sort();
    assert.deepEqual(pairs, ["0->4", "1->6", "2->7", "2->8", "3->8", "4->5", "4->9"]);
    assert.deepEqual(routed.criticalPath(), { ms: 3, txs: [0, 4, 5] });
    assert.equal(routed.workMs, g.workMs);
  });
});
