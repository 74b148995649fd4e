// Transpiles src/, test/, bench/, tools/ and contracts/ (the contract build scripts) to dist/ with esbuild
// (type-checking is `tsc --noEmit`, run separately).
// One file in, one file out: no bundling, so stack traces and worker entry points keep their paths.
// With --types it also emits the declarations of src/ (dist/src/**/*.d.ts, beside each module: the package's
// `types` and `exports` find them there) with tsc -p tsconfig.build.json. That takes several times as long
// as the JavaScript, so the edit-build-test loop leaves it out; `npm test` and packing ask for it (npm runs
// `prepare` for `npm pack` and `npm publish`, and sets npm_command to say which).
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";

function tsFiles(dir) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const outdir = process.env.LANES_OUTDIR ?? "dist";
rmSync(outdir, { recursive: true, force: true });
const entryPoints = ["src", "test", "bench", "tools", "contracts"].flatMap(tsFiles);
await build({
  entryPoints,
  outdir,
  outbase: ".",
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
});
// The profiler's HTML report app (src/profiler/report/app.ts) with cytoscape, as one browser script that
// `lanes profile --html` inlines into a self-contained page.
await build({
  entryPoints: ["src/profiler/report/app.ts"],
  outfile: join(outdir, "src/profiler/report/app.bundle.js"),
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  legalComments: "eof",
  logLevel: "warning",
});

const packing = process.env.npm_command === "pack" || process.env.npm_command === "publish";
if (process.argv.includes("--types") || packing) {
  if (outdir !== "dist")
    throw new Error("declarations are built into dist/ (tsconfig.build.json), not LANES_OUTDIR");
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
