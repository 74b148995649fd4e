// eth_blockNumber latency while the node executes a heavy block and while it traces it (issue 14): blocks
// and traces run on their own threads, so the RPC server keeps answering. The heavy transaction is a 30M-gas
// loop of ECRECOVER calls on a valid signature (test/node/heavy-code.ts).
//
// Method: one node on a temporary directory; the transaction is sent with eth_sendTransaction (automine:
// the reply comes once its block is durable), then traced with debug_traceTransaction (callTracer); during
// each, eth_blockNumber is sent every 10 ms, one at a time, and its round-trip time recorded. Prints the
// heavy call's duration and the count, median, 99th percentile and maximum of the latencies.
//
// Usage: npm run build && node dist/bench/node/latency.js [--gas N]

import { deploy, ecrecoverLoop } from "../../tools/heavy-code.js";
import { ANVIL_ADDRESSES, call, startTestNode, tempDir } from "../../tools/node-client.js";

const gasArg = process.argv.indexOf("--gas");
const gas = BigInt(gasArg > 0 ? process.argv[gasArg + 1]! : "30000000");

function summary(latencies: number[]): string {
  const s = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(1);
  return `${s.length} replies, median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
}

async function measure(label: string, heavy: Promise<unknown>, url: string): Promise<void> {
  const start = performance.now();
  let done = false;
  const finished = heavy.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const t = performance.now();
    await call(url, "eth_blockNumber");
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  }
  await finished;
  console.log(
    `${label}: ${((performance.now() - start) / 1000).toFixed(1)} s; eth_blockNumber: ${summary(latencies)}`,
  );
}

const dir = tempDir("lanes-latency-");
const node = await startTestNode(dir.path, {
  traceMaxTimeoutMs: 600_000,
  gasLimit: gas > 30_000_000n ? gas : 30_000_000n,
});
try {
  const contract = await deploy(node.url, ANVIL_ADDRESSES[0], ecrecoverLoop());
  const send = call(node.url, "eth_sendTransaction", [
    { from: ANVIL_ADDRESSES[0], to: contract, gas: `0x${gas.toString(16)}` },
  ]);
  await measure(`block with a ${gas}-gas ECRECOVER loop`, send, node.url);
  const hash = (await send) as string;
  const trace = call(node.url, "debug_traceTransaction", [hash, { tracer: "callTracer", timeout: "600s" }]);
  await measure("debug_traceTransaction (callTracer) of it", trace, node.url);
} finally {
  await node.close();
  dir.remove();
}
