// Runs every compiled test file (dist/test/**/*.test.js) with Node's built-in test runner. Node 20 has no
// glob support in `node --test`, and handing it the directory would also run helper modules as tests.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith(".test.js")) out.push(path);
  }
  return out;
}

// Optional filters: path substrings (any of them matches), e.g. `node scripts/run-tests.mjs parallel block-stm`.
const filters = process.argv.slice(2);
const outdir = process.env.LANES_OUTDIR ?? "dist";
const files = find(join(outdir, "test"), []).filter(
  (f) => filters.length === 0 || filters.some((x) => f.includes(x)),
);
if (files.length === 0) {
  console.error(
    `no test files found under ${outdir}/test${filters.length ? ` matching ${filters.join(" or ")}` : ""}`,
  );
  process.exit(1);
}
// Node's default stack: nested EVM calls run on the EVM's frame stack, so no test needs a bigger one.
const result = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
