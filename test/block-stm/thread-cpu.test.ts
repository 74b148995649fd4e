// threadCpu (this thread's CPU time and run-queue wait from /proc/thread-self/schedstat) and the per-worker
// figures the executor derives from it. Linux only: elsewhere threadCpu says undefined and the metrics NaN,
// which is what these tests check there instead.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, test } from "node:test";
import { threadCpu } from "../../src/block-stm/thread-cpu.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { runSynthetic } from "./harness.js";
import { generateBlock } from "./synthetic-workload.js";

const supported = existsSync("/proc/thread-self/schedstat");
const pool = new WorkerPool({ maxThreads: 2 });
after(() => pool.close());

test("threadCpu: CPU time grows while this thread computes; neither figure goes backwards", () => {
  const first = threadCpu();
  if (!supported) {
    assert.equal(first, undefined);
    return;
  }
  assert.ok(first !== undefined && Number.isFinite(first.cpuMs) && Number.isFinite(first.waitMs));
  // Spin until the kernel has charged some CPU time (it does so at ticks and switches); no timing bound
  // is asserted, only that spinning eventually counts (a 10 s wall limit turns a hang into a failure).
  let last = first;
  let x = 0;
  const start = Date.now();
  while (last.cpuMs === first.cpuMs && Date.now() - start < 10_000) {
    for (let i = 0; i < 100_000; i++) x = (x * 31 + i) | 0;
    const now = threadCpu()!;
    assert.ok(now.cpuMs >= last.cpuMs && now.waitMs >= last.waitMs, "schedstat went backwards");
    last = now;
  }
  assert.ok(last.cpuMs > first.cpuMs, `no CPU time charged after 10 s of spinning (${x})`);
});

test("each worker reports its executor loop's CPU time and run-queue wait", async () => {
  const block = generateBlock({ txCount: 200, conflictRate: 0.1, seed: 7 });
  const { result } = await runSynthetic(pool, block, 2);
  assert.ok(result.metrics.perThread.length > 0);
  for (const m of result.metrics.perThread) {
    if (!supported) {
      assert.ok(Number.isNaN(m.cpuMs) && Number.isNaN(m.runQueueMs));
      continue;
    }
    assert.ok(Number.isFinite(m.cpuMs) && m.cpuMs >= 0, `cpuMs ${m.cpuMs}`);
    assert.ok(Number.isFinite(m.runQueueMs) && m.runQueueMs >= 0, `runQueueMs ${m.runQueueMs}`);
    // The kernel charges at ticks (up to one tick late: 4 ms here, 10 ms at HZ=100), so allow 25 ms over
    // the loop's wall time: this catches a process-wide or cumulative figure, not a few ms of skew.
    assert.ok(m.cpuMs <= m.wallMs + 25, `cpuMs ${m.cpuMs} > wallMs ${m.wallMs} + 25`);
  }
});
