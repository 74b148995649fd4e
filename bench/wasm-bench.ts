// npm run bench:wasm: the same contracts in Solidity, AssemblyScript, C and Rust, side by side in one run:
// an ERC-20 transfer (OpenZeppelin's ERC-20 against the SDK examples, which behave identically) and a
// compute-heavy function (generate 1,000 64-bit numbers, heap-sort them, checksum: Sort.sol against
// sdk/*/examples/sort.*). For each: the gas of one call (execution gas, no intrinsic cost) and the median
// wall time per call over several batches, each call a full Evm.call on a fresh transaction journal
// (state access, metering, instantiation or instance reuse included). Results are checked equal across
// languages before timing. Options: --runs N (batches, default 7), --calls N (per batch, default 200).
import assert from "node:assert/strict";
import { loadArtifacts, selector } from "../tools/contracts/artifacts.js";
import { buildSolidity, buildWasmContract } from "../tools/wasm-contracts/build.js";
import { TestChain } from "../tools/wasm-contracts/chain.js";
import { encodeArgs, encodeCall } from "../tools/workloads/abi.js";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const RUNS = option("runs", 7);
const CALLS = option("calls", 200);

interface Row {
  language: string;
  gas: number;
  usPerCall: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(
  chain: TestChain,
  to: bigint,
  data: Uint8Array,
  from: bigint,
  calls: number,
): { gas: number; us: number; output: string } {
  const gasLimit = 100_000_000;
  const first = chain.call(to, data, from, gasLimit);
  assert.ok(first.success, `call failed: ${first.error}`);
  for (let i = 0; i < Math.min(calls, 20); i++) chain.call(to, data, from, gasLimit); // warm up (JIT, caches)
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) chain.call(to, data, from, gasLimit);
    times.push(((performance.now() - t0) * 1000) / calls);
  }
  return {
    gas: gasLimit - first.gasLeft,
    us: median(times),
    output: Buffer.from(first.output).toString("hex"),
  };
}

function table(title: string, rows: Row[]): void {
  const sol = rows[0]!;
  console.log(`\n${title}`);
  console.log("| language | gas per call | µs per call | gas vs Solidity | time vs Solidity |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of rows) {
    console.log(
      `| ${r.language} | ${r.gas.toLocaleString("en-US")} | ${r.usPerCall.toFixed(1)} | ${(sol.gas / r.gas).toFixed(1)}x less | ${(sol.usPerCall / r.usPerCall).toFixed(1)}x faster |`,
    );
  }
}

const artifacts = await loadArtifacts();
const langs = [
  { language: "AssemblyScript", dir: "sdk/assemblyscript/examples", ext: "ts" },
  { language: "C", dir: "sdk/c/examples", ext: "c" },
  { language: "Rust", dir: "sdk/rust/examples", ext: "rs" },
];
const chain = new TestChain();
const alice = chain.user(0);
const bob = chain.user(1);
const mint = selector(artifacts.token, "mint(address,uint256)");
const transfer = encodeCall(selector(artifacts.token, "transfer(address,uint256)"), [bob.address, 1n]);

// ERC-20 transfer.
const tokenInits: { language: string; init: Uint8Array }[] = [
  {
    language: "Solidity (OpenZeppelin)",
    init: new Uint8Array([...artifacts.token.bytecode, ...encodeArgs([0n])]),
  },
];
for (const l of langs)
  tokenInits.push({
    language: l.language,
    init: (await buildWasmContract(`${l.dir}/erc20.${l.ext}`)).initCode,
  });
const erc20Rows: Row[] = [];
const outputs = new Set<string>();
for (const t of tokenInits) {
  const token = chain.deploy(alice, t.init);
  assert.equal(chain.send(alice, token, encodeCall(mint, [alice.address, 10n ** 24n])).status, 1);
  assert.equal(chain.send(alice, token, encodeCall(mint, [bob.address, 1n])).status, 1); // bob's slot exists
  const m = measure(chain, token, transfer, alice.address, CALLS);
  outputs.add(m.output);
  erc20Rows.push({ language: t.language, gas: m.gas, usPerCall: m.us });
}
assert.equal(outputs.size, 1, "every token returns the same");

// Sort 1,000 numbers.
const sortData = encodeCall(Uint8Array.of(0x20, 0x2a, 0xcd, 0xc9), [12345n, 1000n]);
const sortInits = [
  { language: "Solidity", init: buildSolidity("test/wasm/contracts/Sort.sol").get("Sort")!.bytecode },
];
for (const l of langs)
  sortInits.push({
    language: l.language,
    init: (await buildWasmContract(`${l.dir}/sort.${l.ext}`)).initCode,
  });
const sortRows: Row[] = [];
outputs.clear();
for (const s of sortInits) {
  const c = chain.deploy(alice, s.init);
  const m = measure(chain, c, sortData, alice.address, Math.max(5, Math.floor(CALLS / 10)));
  outputs.add(m.output);
  sortRows.push({ language: s.language, gas: m.gas, usPerCall: m.us });
}
assert.equal(outputs.size, 1, "every sort returns the same checksum");

console.log(`bench:wasm — median of ${RUNS} batches; node ${process.version}; ${new Date().toISOString()}`);
table("ERC-20 transfer (warm recipient; execution gas)", erc20Rows);
table("Sort 1,000 numbers (LCG + heap sort + checksum)", sortRows);
const sol = sortRows[0]!;
const worst = sortRows.slice(1).reduce((w, r) => (sol.gas / r.gas < sol.gas / w.gas ? r : w));
const slowest = sortRows.slice(1).reduce((w, r) => (r.usPerCall > w.usPerCall ? r : w));
console.log(
  `\nCompute-heavy goal (>= 10x less gas and time than Solidity): gas ${(sol.gas / worst.gas).toFixed(1)}x (least: ${worst.language}), time ${(sol.usPerCall / slowest.usPerCall).toFixed(1)}x (least: ${slowest.language}) -> ${sol.gas / worst.gas >= 10 && sol.usPerCall / slowest.usPerCall >= 10 ? "met" : "NOT met"}`,
);
