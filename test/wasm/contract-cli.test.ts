// `lanes contract build`: writes the module, deployable init code and ABI JSON; a module the chain would
// reject fails the build with the rejection; a missing toolchain names the package to install.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { hexToBytes } from "../../src/primitives/hex.js";
import { wasmInitCode } from "../../src/wasm/deploy.js";

const CLI = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function lanes(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env, cwd: ROOT });
}

describe("lanes contract build", () => {
  const out = mkdtempSync(join(tmpdir(), "lanes-contract-test-"));
  after(() => rmSync(out, { recursive: true, force: true }));

  it("builds a C contract: module, init code and ABI JSON", () => {
    const r = lanes(["contract", "build", "sdk/c/examples/counter.c", "--out", out]);
    assert.equal(r.status, 0, r.stderr);
    const line = JSON.parse(r.stdout.trim());
    assert.equal(line.contract, "counter");
    const module = new Uint8Array(readFileSync(join(out, "counter.wasm")));
    const initcode = hexToBytes(readFileSync(join(out, "counter.initcode.hex"), "utf8").trim());
    assert.deepEqual(initcode, wasmInitCode(module));
    const abi = JSON.parse(readFileSync(join(out, "counter.abi.json"), "utf8"));
    assert.deepEqual(
      abi.map((x: { type: string; name: string }) => `${x.type} ${x.name}`),
      ["function number", "function increment", "function setNumber", "event Incremented"],
    );
    assert.equal(abi[3].inputs[0].indexed, true);
  });

  it("a module the chain would reject fails the build with the reason", () => {
    const src = join(out, "float.c");
    writeFileSync(
      src,
      '#include "lanes.h"\nstatic int handle(lanes_calldata a) { volatile double x = (double)a.len; return x > 1.5; }\nLANES_ENTRYPOINT(handle)\n',
    );
    const r = lanes(["contract", "build", src, "--out", out]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /lanes contract build: wasm: .*floating-point/);
    assert.equal(existsSync(join(out, "float.wasm")), false);
  });

  it("a missing toolchain names the package to install; bad invocations are usage errors", () => {
    const r = lanes(["contract", "build", "sdk/c/examples/counter.c", "--out", out], {
      ...process.env,
      PATH: "/nonexistent",
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /clang is not installed: install the Debian packages clang and lld/);
    assert.equal(lanes(["contract", "build", "x.py"]).status, 1);
    assert.match(lanes(["contract", "build", "x.py"]).stderr, /unknown contract language/);
    assert.equal(lanes(["contract", "frobnicate"]).status, 2);
    const bad = join(out, "bad.c");
    writeFileSync(bad, "// @abi function oops(uint7 x)\n");
    assert.match(lanes(["contract", "build", bad]).stderr, /unsupported type "uint7"/);
  });
});
