// Times folding a block's outcomes and computing its post-state root: the incremental trie (InMemoryState /
// OverlayState) against the full rebuild, alternating in one process, both checked against a reference root.
// usage: node bench/trie/root-bench.mjs [distdir=dist] [workload] [txs] [runs] [extra idle accounts]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = resolve(process.argv[2] ?? "dist");
const id = process.argv[3] ?? "erc20-transfer";
const txs = Number(process.argv[4] ?? 2000);
const runs = Number(process.argv[5] ?? 9);
const extra = Number(process.argv[6] ?? 0); // filler accounts added to the pre-state (a bigger state)
const imp = (p) => import(pathToFileURL(`${dist}/${p}`).href);
const { buildWorkload } = await imp("tools/workloads/registry.js");
const { lanesBlock } = await imp("tools/workloads/types.js");
const { BlockExecution } = await imp("src/block/block-execution.js");
const { applyTransaction } = await imp("src/tx/execute.js");
const { stateRoot } = await imp("src/trie/index.js");
const w = await buildWorkload(id, 1, { txs });
const block = lanesBlock(w);
for (let i = 0; i < extra; i++) {
  w.preState.putAccount(0xf111000000000000000000000000000000000000n + BigInt(i), {
    nonce: 1n,
    balance: BigInt(i) * 10n ** 15n,
    storage:
      i % 10 === 0
        ? new Map([
            [1n, BigInt(i + 1)],
            [2n, 7n],
          ])
        : undefined,
  });
}
// The parent block's root keeps the pre-state's trie current, as in a chain (no-op for the old code).
const tw = performance.now();
if (w.preState.stateRoot) w.preState.stateRoot();
console.log(`pre-state trie sync ${(performance.now() - tw).toFixed(1)} ms`);
if (w.preState.stateRoot) {
  const v = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    w.preState.stateRoot();
    v.push(performance.now() - t);
  }
  v.sort((a, b) => a - b);
  console.log(`pre-state root with nothing changed (the check pass): median ${v[3].toFixed(2)} ms`);
}
const hex = (b) => Buffer.from(b).toString("hex");
// Execute once to collect outcomes.
const t0 = performance.now();
const ref = new BlockExecution(block, w.preState, w.chainConfig);
const outcomes = block.transactions.map((tx) => {
  const r = applyTransaction(ref.state, tx, ref.env, ref.rules);
  ref.addTransaction(tx, r);
  return r;
});
const execMs = performance.now() - t0;
const refRoot = hex(stateRoot(ref.state.postAccounts()));
console.log(
  `${id} txs=${block.transactions.length} accounts=${w.preState.accounts.size} exec+fold=${execMs.toFixed(1)}ms`,
);
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};
const fold = [],
  root = [],
  finish = [],
  full = [];
for (let i = 0; i < runs; i++) {
  let t = performance.now();
  const run = new BlockExecution(block, w.preState, w.chainConfig);
  block.transactions.forEach((tx, j) => {
    run.addTransaction(tx, outcomes[j]);
  });
  fold.push(performance.now() - t);
  t = performance.now();
  const r = run.state.stateRoot();
  root.push(performance.now() - t);
  if (hex(r) !== refRoot) throw new Error("root mismatch");
  if (run.state.fullStateRoot) {
    t = performance.now();
    const f = run.state.fullStateRoot();
    full.push(performance.now() - t);
    if (hex(f) !== refRoot) throw new Error("full root mismatch");
  }
  const run2 = new BlockExecution(block, w.preState, w.chainConfig);
  block.transactions.forEach((tx, j) => {
    run2.addTransaction(tx, outcomes[j]);
  });
  t = performance.now();
  run2.finish();
  finish.push(performance.now() - t);
}
console.log(
  `median of ${runs}: fold ${median(fold).toFixed(1)} ms, stateRoot ${median(root).toFixed(1)} ms, finish ${median(finish).toFixed(1)} ms`,
);
if (full.length)
  console.log(
    `full rebuild (same process, interleaved) median ${median(full).toFixed(1)} ms: ${full.map((x) => x.toFixed(1)).join(" ")}`,
  );
console.log(`all stateRoot: ${root.map((x) => x.toFixed(1)).join(" ")}`);
