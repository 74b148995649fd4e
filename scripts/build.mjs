// Transpiles src/, test/, bench/, tools/ and contracts/ (the contract build scripts) to dist/ with esbuild
// (type-checking is `tsc --noEmit`, run separately).
// One file in, one file out: no bundling, so stack traces and worker entry points keep their paths.
import { readdirSync, rmSync, statSync } from "node:fs";
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
