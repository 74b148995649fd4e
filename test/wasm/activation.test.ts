// Activation rejects every class of module the issue names (unknown imports, a start function, memory
// beyond the limit, floating point, oversized modules) and the others the policy adds, each with its own
// code and a message that names what was found; valid modules from all three toolchains' shapes pass,
// and activation is deterministic.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  activateCode,
  activateModule,
  clearProgramCache,
  programCacheStats,
  programFor,
} from "../../src/wasm/activate.js";
import { decodeModule } from "../../src/wasm/binary/module.js";
import { wasmContractCode } from "../../src/wasm/code-format.js";
import { type RejectionCode, WasmActivationError } from "../../src/wasm/errors.js";
import { instrument } from "../../src/wasm/instrument.js";
import { WASM_PARAMS } from "../../src/wasm/params.js";
import { checkModule } from "../../src/wasm/validate.js";
import { contractWat, wat } from "./wat.js";

function rejects(module: Uint8Array, code: RejectionCode, message: RegExp): void {
  assert.throws(
    () => activateModule(module),
    (e: unknown) => {
      assert.ok(e instanceof WasmActivationError, `expected a WasmActivationError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      return true;
    },
  );
}

describe("wasm activation: accepted modules", () => {
  it("accepts a minimal contract and instruments it into a valid module", () => {
    const p = activateModule(wat(contractWat()));
    assert.equal(p.initialPages, 1);
    assert.ok(p.instrumentedSize > p.moduleSize);
    const exports = WebAssembly.Module.exports(p.module).map((e) => e.name);
    for (const name of [
      "user_entrypoint",
      "memory",
      "stylus_ink_left",
      "stylus_ink_status",
      "stylus_stack_left",
      "stylus_reset",
    ])
      assert.ok(exports.includes(name), name);
  });

  it("accepts every vm_hooks import with its exact signature", () => {
    const imports = `
      (import "vm_hooks" "call_contract" (func (param i32 i32 i32 i32 i64 i32) (result i32)))
      (import "vm_hooks" "block_number" (func (result i64)))
      (import "vm_hooks" "pay_for_memory_grow" (func (param i32)))`;
    activateModule(wat(contractWat("", imports)));
  });

  it("is deterministic: the same module instruments to the same bytes", () => {
    const bytes = wat(
      contractWat(
        "(drop (memory.grow (i32.const 1)))",
        `(import "vm_hooks" "pay_for_memory_grow" (func (param i32)))`,
        "",
        `(memory (export "memory") 1)`,
      ),
    );
    const a = instrument(decodeModule(bytes), checkModule(decodeModule(bytes))).bytes;
    const b = instrument(decodeModule(bytes), checkModule(decodeModule(bytes))).bytes;
    assert.deepEqual(a, b);
  });

  it("caches programs by code hash", () => {
    clearProgramCache();
    const code = wasmContractCode(wat(contractWat()));
    const p1 = programFor(code);
    const p2 = programFor(code);
    assert.equal(p1, p2);
    assert.deepEqual(programCacheStats(), { size: 1, hits: 1, misses: 1 });
    const bad = wasmContractCode(wat(contractWat("", `(import "env" "abort" (func))`)));
    assert.throws(() => programFor(bad), WasmActivationError);
    assert.throws(() => programFor(bad), WasmActivationError);
    assert.deepEqual(programCacheStats(), { size: 2, hits: 2, misses: 2 });
  });
});

describe("wasm activation: rejected modules", () => {
  it("malformed bytes", () => {
    rejects(Uint8Array.of(1, 2, 3), "malformed", /bad magic|unexpected end/);
    const ok = wat(contractWat());
    rejects(ok.subarray(0, ok.length - 3), "malformed", /unexpected end|past the end/);
    rejects(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0), "malformed", /version/);
    assert.throws(() => activateCode(ok), /does not start with the WASM prefix/);
  });

  it("a module the WebAssembly type rules reject (V8's message)", () => {
    // i32.add of an i64: well-formed bytes, invalid types. Built by hand: binaryen will not emit it.
    const good = wat(contractWat("(drop (i32.add (i32.const 1) (i32.const 2)))"));
    const bad = good.slice();
    const at = bad.findIndex(
      (b, i) => b === 0x41 && bad[i + 1] === 0x01 && bad[i + 2] === 0x41 && bad[i + 3] === 0x02,
    );
    assert.ok(at > 0);
    bad[at] = 0x42; // i64.const 1
    rejects(bad, "malformed", /i32\.add|type|expected/i);
  });

  it("oversized modules", () => {
    const filler = "a".repeat(WASM_PARAMS.maxModuleSize);
    rejects(
      wat(contractWat("", "", `(data (i32.const 0) "${filler}")`)),
      "too-large",
      /exceeds the limit of 49149 bytes/,
    );
  });

  it("unknown imports: another module, an unknown name, a wrong signature, a non-function", () => {
    rejects(
      wat(contractWat("", `(import "env" "abort" (func))`)),
      "unknown-import",
      /"env"\."abort": only module "vm_hooks"/,
    );
    rejects(
      wat(contractWat("", `(import "vm_hooks" "steal_keys" (func))`)),
      "unknown-import",
      /"vm_hooks"\."steal_keys" is not a host function/,
    );
    rejects(
      wat(contractWat("", `(import "vm_hooks" "read_args" (func (param i64)))`)),
      "unknown-import",
      /read_args" has type \(i64\) -> \(\), but the host function is \(i32\) -> \(\)/,
    );
    rejects(
      wat(contractWat("", `(import "vm_hooks" "g" (global i32))`)),
      "unknown-import",
      /imports a global/,
    );
    rejects(
      wat(contractWat("", `(import "vm_hooks" "stylus_x" (func))`)),
      "unknown-import",
      /reserved "stylus" prefix/,
    );
  });

  it("a start function", () => {
    rejects(
      wat(contractWat("", "", "(func $init) (start $init)")),
      "start-function",
      /start function \(function 0\)/,
    );
  });

  it("memory beyond the limit, shared memory, no memory", () => {
    rejects(
      wat(contractWat("", "", "", `(memory (export "memory") 129)`)),
      "memory-limit",
      /129 pages exceeds the limit of 128 pages/,
    );
    rejects(
      wat(contractWat("", "", "", `(memory (export "memory") 1 2 shared)`)),
      "memory-limit",
      /shared memory/,
    );
    rejects(
      wat(`(module (func (export "user_entrypoint") (param i32) (result i32) (i32.const 0)))`),
      "exports",
      /no memory/,
    );
  });

  it("memory.grow without the pay_for_memory_grow import (growth must be priced)", () => {
    rejects(
      wat(contractWat("(drop (memory.grow (i32.const 1)))", "", "", `(memory (export "memory") 1)`)),
      "memory-limit",
      /needs the import vm_hooks.pay_for_memory_grow/,
    );
  });

  it("floating point: instructions, locals, parameters, globals, block types, saturating truncation", () => {
    rejects(
      wat(contractWat("(drop (f32.add (f32.const 1) (f32.const 2)))")),
      "float",
      /floating-point (type|instruction)/,
    );
    rejects(wat(contractWat("", "", "(func (param f64))")), "float", /floating-point type f64/);
    rejects(wat(contractWat("", "", "(func (local f32))")), "float", /floating-point type f32/);
    rejects(wat(contractWat("", "", "(global f64 (f64.const 0))")), "float", /floating-point/);
    rejects(wat(contractWat("(drop (i32.reinterpret_f32 (f32.const 0)))")), "float", /floating-point/);
    rejects(wat(contractWat("(drop (i32.trunc_sat_f32_s (f32.const 0)))")), "float", /floating-point/);
  });

  it("other unsupported features: SIMD, atomics, reference types, tail calls, memory.init", () => {
    rejects(
      wat(contractWat("(drop (i32x4.extract_lane 0 (v128.const i32x4 0 0 0 0)))")),
      "unsupported",
      /SIMD/,
    );
    rejects(
      wat(
        contractWat(
          "(drop (i32.atomic.load (i32.const 0)))",
          "",
          "",
          `(memory (export "memory") 1 1 shared)`,
        ),
      ),
      "memory-limit",
      /shared/,
    );
    rejects(
      wat(contractWat("(drop (ref.is_null (ref.null func)))")),
      "unsupported",
      /reference-type instruction/,
    );
    rejects(wat(contractWat("", "", "(func $f (return_call $f))")), "unsupported", /tail call/);
    rejects(
      wat(contractWat("(memory.init $d (i32.const 0) (i32.const 0) (i32.const 1))", "", `(data $d "x")`)),
      "unsupported",
      /memory\.init/,
    );
  });

  it("exports: no user_entrypoint, a wrong type, no memory export, a reserved name", () => {
    rejects(wat(`(module (memory (export "memory") 1))`), "exports", /does not export "user_entrypoint/);
    rejects(
      wat(
        `(module (memory (export "memory") 1) (func (export "user_entrypoint") (param i64) (result i32) (i32.const 0)))`,
      ),
      "exports",
      /has type \(i64\) -> \(i32\); it must be \(i32\) -> \(i32\)/,
    );
    rejects(wat(contractWat("", "", "", "(memory 1)")), "exports", /does not export its memory/);
    rejects(
      wat(contractWat("", "", `(func (export "stylus_ink_left"))`)),
      "exports",
      /reserved "stylus" prefix/,
    );
  });
});
