// The package as a library user gets it: `npm pack` lists only runtime files (compiled JavaScript of src/ and
// its declarations), and a throwaway project that installs the tarball compiles a strict TypeScript program
// against `lanes`, `lanes/node`, `lanes/parallel` and `lanes/witness` using only the emitted types, then
// runs it. The project's node_modules holds the extracted tarball and links to the repository's copies of
// the package's runtime `dependencies` only (no devDependencies, no network), as `npm install lanes-x.tgz`
// would lay it out.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

const OUTDIR = fileURLToPath(new URL("../..", import.meta.url)); // dist/ (this file is dist/test/package/)
const ROOT = dirname(OUTDIR);
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};
// The package ships dist/; a build into another folder (LANES_OUTDIR) has nothing to pack.
const skip = basename(OUTDIR) === "dist" ? false : `the package ships dist/, this build is in ${OUTDIR}`;

const work = mkdtempSync(join(tmpdir(), "lanes-package-"));
const project = join(work, "consumer");
after(() => rmSync(work, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd: string, timeout = 180_000) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout,
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false" },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function mustRun(cmd: string, args: string[], cwd: string) {
  const r = run(cmd, args, cwd);
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) filesUnder(path, out);
    else out.push(path);
  }
  return out;
}

const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");
let packed: { filename: string; files: { path: string; mode: number }[] };

before(() => {
  if (skip) return;
  // `npm test` builds the declarations (scripts/build.mjs --types); a plain `npm run build` does not.
  if (!existsSync(join(OUTDIR, "src", "index.d.ts")))
    mustRun(process.execPath, [TSC, "-p", "tsconfig.build.json"], ROOT);
  // --ignore-scripts: packing must not rebuild (and so delete) the dist/ this test runs from.
  const r = mustRun("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], ROOT);
  const reports = JSON.parse(r.stdout) as (typeof packed)[];
  assert.equal(reports.length, 1);
  packed = reports[0]!;
  // The consumer project: the tarball extracted where `npm install` puts it, and the runtime dependencies
  // (plus @types/node, a TypeScript consumer's own) linked from this checkout.
  const modules = join(project, "node_modules");
  const lanes = join(modules, PKG.name);
  mkdirSync(lanes, { recursive: true });
  mustRun("tar", ["-xzf", join(work, packed.filename), "-C", lanes, "--strip-components=1"], work);
  for (const dep of [...Object.keys(PKG.dependencies), "@types/node"]) {
    mkdirSync(dirname(join(modules, dep)), { recursive: true });
    symlinkSync(join(ROOT, "node_modules", dep), join(modules, dep), "dir");
  }
});

test("npm pack lists only runtime files: package.json, README, dist/src's JavaScript and declarations, the contract artifacts the node deploys, the WASM SDK sources `lanes contract build` compiles against", {
  skip,
}, () => {
  const paths = packed.files.map((f) => f.path).sort();
  const stray = paths.filter(
    (p) =>
      !/^(package\.json|README\.md|LICENSE)$/.test(p) &&
      !/^dist\/src\/.+\.(js|d\.ts)$/.test(p) &&
      !/^contracts\/[a-z-]+\/artifacts\.json$/.test(p) &&
      !/^sdk\/(\w+\/README\.md|assemblyscript\/lanes\/\w+\.ts|c\/lanes\.h|rust\/lanes\/src\/\w+\.rs)$/.test(
        p,
      ),
  );
  assert.deepEqual(stray, [], "files that do not run in the package");
  // Every compiled module of src/ is in it (a missing one would fail an import at run time), and every
  // declaration has its module.
  const built = filesUnder(join(OUTDIR, "src"))
    .filter((f) => f.endsWith(".js"))
    .map((f) => relative(ROOT, f).split("\\").join("/"));
  const inPackage = new Set(paths);
  assert.deepEqual(
    built.filter((f) => !inPackage.has(f)),
    [],
    "compiled modules missing from the package",
  );
  for (const p of paths.filter((p) => p.endsWith(".d.ts")))
    assert.ok(inPackage.has(p.replace(/\.d\.ts$/, ".js")), p);
  for (const entry of ["index", "node/index", "parallel/index", "witness/index"]) {
    assert.ok(inPackage.has(`dist/src/${entry}.js`), entry);
    assert.ok(inPackage.has(`dist/src/${entry}.d.ts`), `${entry}.d.ts`);
  }
  for (const bin of Object.values(PKG.bin)) assert.ok(inPackage.has(bin), bin);
});

const CONSUMER_TS = `
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Block,
  type BlockResult,
  bytesToHex,
  executeBlock,
  fixedForkConfig,
  InMemoryState,
  stateRoot,
  type Transaction,
} from "lanes";
import { type RunningNode, startNode } from "lanes/node";
import { executeBlockParallel, type ParallelBlockResult } from "lanes/parallel";
import { generateWitness, type StatelessResult, verifyBlockStateless } from "lanes/witness";

const config = fixedForkConfig(1n, "Prague");
const state = new InMemoryState();
const transactions: Transaction[] = [];
for (let i = 1n; i <= 8n; i++) {
  const sender = 0x1000n + i;
  state.putAccount(sender, { balance: 10n ** 18n });
  transactions.push({
    type: 2, chainId: 1n, nonce: 0n, gasLimit: 21_000n, to: 0x2000n + i, value: i, data: new Uint8Array(0),
    gasPrice: 0n, maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 1n, accessList: [], maxFeePerBlobGas: 0n,
    blobVersionedHashes: [], authorizationList: [], sender,
  });
}
const zero = new Uint8Array(32);
const block: Block = {
  header: {
    parentHash: zero, ommersHash: zero, coinbase: 0xc0ffeen, stateRoot: zero, transactionsRoot: zero,
    receiptsRoot: zero, logsBloom: new Uint8Array(256), difficulty: 0n, number: 1n, gasLimit: 30_000_000n,
    gasUsed: 0n, timestamp: 12n, extraData: new Uint8Array(0), mixHash: zero, nonce: new Uint8Array(8),
    baseFeePerGas: 7n, blobGasUsed: 0n, excessBlobGas: 0n,
  },
  transactions,
};
const sequential: BlockResult = executeBlock(block, state, config, { systemCalls: false });
const parallel: ParallelBlockResult = await executeBlockParallel(block, state, config, {
  systemCalls: false,
  threads: 2,
  mode: "parallel",
});
const { witness } = generateWitness(block, state, config, { systemCalls: false });
const stateless: StatelessResult = verifyBlockStateless(block, witness, config, {
  systemCalls: false,
  preStateRoot: stateRoot(state.accounts),
  expectStateRoot: sequential.stateRoot,
});
const node: RunningNode = await (async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "lanes-consumer-node-"));
  const running = await startNode({ dataDir, host: "127.0.0.1", port: 0, accounts: 1, threads: 1 });
  const close = running.close.bind(running);
  return { ...running, close: async () => { await close(); rmSync(dataDir, { recursive: true, force: true }); } };
})();
let chainId: unknown;
try {
  const reply = await fetch(node.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  chainId = ((await reply.json()) as { result?: unknown }).result;
} finally {
  await node.close();
}
console.log(JSON.stringify({
  gasUsed: String(sequential.gasUsed),
  sameRoot: bytesToHex(sequential.stateRoot) === bytesToHex(parallel.stateRoot),
  mode: parallel.stats.mode,
  receipts: parallel.receipts.length,
  stateless: stateless.ok,
  chainId,
}));
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    types: ["node"],
    outDir: "out",
  },
  include: ["main.ts"],
};

test("a strict TypeScript project installs the tarball and uses lanes, lanes/node, lanes/parallel and lanes/witness", {
  skip,
}, () => {
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  writeFileSync(join(project, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG));
  writeFileSync(join(project, "main.ts"), CONSUMER_TS);
  mustRun(process.execPath, [TSC, "-p", "tsconfig.json"], project);
  const r = mustRun(process.execPath, [join(project, "out", "main.js")], project);
  const out = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
  assert.deepEqual(out, {
    gasUsed: "168000",
    sameRoot: true,
    mode: "parallel",
    receipts: 8,
    stateless: true,
    chainId: "0x7a69",
  });
});

test("only the exported entry points resolve: deep imports are closed", { skip }, () => {
  const load = (specifier: string) =>
    run(
      process.execPath,
      ["--input-type=module", "-e", `await import(${JSON.stringify(specifier)});`],
      project,
    );
  for (const entry of ["lanes", "lanes/node", "lanes/parallel", "lanes/witness"])
    assert.equal(load(entry).status, 0, entry);
  const deep = load("lanes/dist/src/evm/evm.js");
  assert.notEqual(deep.status, 0);
  assert.match(deep.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
});

test("the installed `lanes` binary runs, and `lanes bench` says it needs a source checkout", { skip }, () => {
  const bin = join(project, "node_modules", PKG.name, PKG.bin.lanes!);
  assert.ok(statSync(bin).mode & 0o111, "the binary is executable");
  const version = mustRun(bin, ["--version"], project);
  assert.match(version.stdout, /^lanes \d+\.\d+\.\d+/);
  const bench = run(bin, ["bench", "--txs", "10"], project);
  assert.equal(bench.status, 1, bench.stderr);
  assert.match(bench.stderr, /not part of the installed package/);
  assert.match(bench.stderr, /npm run bench/);
});
