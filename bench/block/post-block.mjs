// The block path outside the EVM, A/B in one process: for a workload's block (executed once), times the
// per-receipt logs blooms, the block bloom and the receipts root (what every block pays after its
// transactions), alternating between two builds (e.g. the previous commit built with LANES_OUTDIR).
// usage: node bench/block/post-block.mjs <distA> <distB> [workload=erc20-transfer] [rounds=15]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dists = [resolve(process.argv[2] ?? "dist"), resolve(process.argv[3] ?? "dist")];
const id = process.argv[4] ?? "erc20-transfer";
const rounds = Number(process.argv[5] ?? 15);
const imp = (dist, p) => import(pathToFileURL(`${dist}/${p}`).href);
const sides = [];
for (const dist of dists) {
  const { buildWorkload } = await imp(dist, "tools/workloads/registry.js");
  const { lanesBlock } = await imp(dist, "tools/workloads/types.js");
  const { executeBlock } = await imp(dist, "src/block/execute-block.js");
  const receipts = await imp(dist, "src/block/receipts.js");
  const bloom = await imp(dist, "src/block/bloom.js");
  const w = await buildWorkload(id, 1, { txs: 2000 });
  const result = executeBlock(lanesBlock(w), w.preState, w.chainConfig);
  sides.push({ dist, result, receipts, bloom });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const times = sides.map(() => ({ blooms: [], blockBloom: [], receiptsRoot: [] }));
let check = "";
for (let r = 0; r < rounds + 3; r++) {
  sides.forEach((s, k) => {
    const rs = s.result.receipts;
    let t = performance.now();
    for (const x of rs) s.bloom.logsBloom(x.logs);
    const a = performance.now() - t;
    t = performance.now();
    const bb = s.receipts.blockLogsBloom(rs);
    const b = performance.now() - t;
    t = performance.now();
    const root = s.receipts.receiptsRoot(rs);
    const c = performance.now() - t;
    const line = Buffer.concat([bb, root]).toString("hex");
    if (check === "") check = line;
    else if (line !== check) throw new Error(`${s.dist}: different bloom or receipts root`);
    if (r >= 3) {
      times[k].blooms.push(a);
      times[k].blockBloom.push(b);
      times[k].receiptsRoot.push(c);
    }
  });
}
sides.forEach((s, k) => {
  const t = times[k];
  console.log(
    `${s.dist}: ${id} ${s.result.receipts.length} receipts: logs blooms ${median(t.blooms).toFixed(2)} ms, ` +
      `block bloom ${median(t.blockBloom).toFixed(3)} ms, receipts root ${median(t.receiptsRoot).toFixed(2)} ms`,
  );
});
