// The layer order of src/ and the rules around it, checked by `npm run layers` (part of `npm test`).
// docs/architecture.md gives each rule's reason. A module may import its own folder and the layers in
// lower tiers, never a higher tier and never a sibling in its own tier (unless SIBLINGS allows it).
// A folder of src/ that is in no tier fails the check (rule `layer-unknown`): a new subsystem gets a
// place here before it gets code.

/** Lowest first. Folders named here before they exist (wasm, witness, shards, custody) are where the
 * intended architecture (docs/architecture.md) puts them. */
const TIERS = [
  ["primitives"], // bytes, words, RLP, keccak, typed errors
  ["trie"], // Merkle-Patricia roots and proofs
  ["state"], // StateReader, journal, stores
  ["evm"], // host, interpreter, gas, precompiles, the evm-level trace hooks
  ["wasm"], // WASM contracts on evm's host
  ["tx"], // transaction types, codec, applyTransaction
  ["block"], // block env, system calls, receipts, executeBlock (the reference)
  ["trace", "witness", "coprocessors"], // transaction-level tracers; execution witnesses; co-processors
  // (precompiles at chain-config addresses: they build on evm's precompile types and block's chain config)
  ["block-stm"], // the generic Block-STM core (and, by rule `block-stm-is-generic`, knows no EVM layer)
  ["parallel"], // the EVM on Block-STM: executeBlockParallel
  ["fixture-io", "profiler"], // fixture and JSON input reading, shared by the conformance runners and the
  // tools; the parallelism profiler (instrumented executeBlockParallel -> conflict graph, report; node serves it)
  ["statetest"], // the state-test runner (blocktest and t8n reuse its env and pre-state builders)
  ["node", "custody", "blocktest", "t8n"], // the node and its peers; block tests; transition tool
  ["shards"], // shards of one state on an L1: shard hosts are Lanes nodes, the committee signs with custody's FROST
  ["cli"], // `lanes` commands
];

/** Same-tier imports that are allowed, as [from, to]. */
const SIBLINGS = [];

const layerOf = new Map(TIERS.flatMap((tier, i) => tier.map((name) => [name, i])));
const reEscape = (name) => name.replace(/[-/\\^$*+?.()|[\]{}]/g, "\\$&");
const folders = (names) => `^src/(${names.map(reEscape).join("|")})/`;

const UNPLACED = { path: "^src/", pathNot: [folders([...layerOf.keys()]), "^src/index\\.ts$"] };

const TYPE_ONLY = ["type-only", "type-import"];

const layerRules = [...layerOf.keys()].flatMap((name) => {
  const tier = layerOf.get(name);
  const siblings = TIERS[tier].filter(
    (other) => other !== name && !SIBLINGS.some(([a, b]) => a === name && b === other),
  );
  const above = [...TIERS.slice(tier + 1).flat(), ...siblings];
  if (above.length === 0) return [];
  const comment = `src/${name} may import only lower layers (tier ${tier}: ${TIERS[tier].join(", ")})`;
  return [
    {
      name: `layer-${name}`,
      comment,
      severity: "error",
      from: { path: `^src/${reEscape(name)}/` },
      to: { path: folders(above) },
    },
  ];
});

const forbidden = [
  ...layerRules,
  // A module of src/ outside every tier (a new folder, or a file beside index.ts) is caught whichever way it
  // is connected: by its imports, by its importers, or as an orphan.
  ...[
    { from: UNPLACED, to: {} },
    { from: {}, to: UNPLACED },
    { from: { ...UNPLACED, orphan: true }, to: {} },
  ].map(({ from, to }) => ({
    name: "layer-unknown",
    comment:
      "every module of src/ is in a folder with a tier in .dependency-cruiser.cjs (src/index.ts aside)",
    severity: "error",
    from,
    to,
  })),
  {
    name: "block-stm-is-generic",
    comment: "the Block-STM core knows nothing of the EVM: it imports no layer of src/ but primitives",
    severity: "error",
    from: { path: "^src/block-stm/" },
    to: { path: "^src/", pathNot: ["^src/block-stm/", "^src/primitives/"] },
  },
  {
    name: "entry-is-a-root",
    comment: "src/index.ts is the package's entry: no module of src/ imports it (import the module itself)",
    severity: "error",
    from: { path: "^src/" },
    to: { path: "^src/index\\.ts$" },
  },
  {
    name: "src-is-self-contained",
    comment:
      "src/ is what the package ships: it never imports bench/, tools/, test/ or scripts/ (cli/bench.ts " +
      "loads the harness by path at run time, and says so when it is absent)",
    severity: "error",
    from: { path: "^src/" },
    to: { path: "^(bench|tools|test|scripts)/" },
  },
  {
    name: "src-uses-runtime-dependencies",
    comment: "src/ runs in the installed package, where devDependencies are absent (type-only imports erase)",
    severity: "error",
    // src/profiler/report/ is browser code that scripts/build.mjs bundles (with cytoscape) into
    // dist/src/profiler/report/app.bundle.js at build time; Node never imports it.
    from: { path: "^src/", pathNot: "^src/profiler/report/" },
    to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
  },
  {
    name: "tools-below-bench-and-test",
    comment: "tools/ (workload builders, assembler, contracts) serve bench/ and test/, and import neither",
    severity: "error",
    from: { path: "^tools/" },
    to: { path: "^(bench|test|scripts)/" },
  },
  {
    name: "bench-is-not-a-library",
    comment: "bench/ holds runners: test/ may check them, but src/ and tools/ never import them",
    severity: "error",
    from: { path: "^bench/" },
    to: { path: "^(test|scripts)/" },
  },
  {
    name: "no-runtime-cycle",
    comment:
      "no import cycle with a run-time edge in it; a cycle made only of type-only imports (erased at run " +
      "time, e.g. two modules naming each other's types) is allowed",
    severity: "error",
    from: {},
    // viaOnly: every edge of the cycle is a run-time import (one type-only edge makes it vanish at run time).
    to: { circular: true, viaOnly: { dependencyTypesNot: TYPE_ONLY } },
  },
  {
    name: "resolvable",
    comment: "every import resolves to a file or an installed package",
    severity: "error",
    from: {},
    to: { couldNotResolve: true },
  },
];

module.exports = {
  forbidden,
  options: {
    // Keep type-only imports in the graph (they matter for layering; the cycle rule tells them apart).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^dist/" },
    // ES-module resolution, as Node runs this code: packages exporting only an "import" condition resolve.
    enhancedResolveOptions: {
      extensions: [".ts", ".mjs", ".js", ".d.ts"],
      exportsFields: ["exports"],
      conditionNames: ["import", "node", "default", "types"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
