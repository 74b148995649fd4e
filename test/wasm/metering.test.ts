// Metering and limits end to end: running out of ink at any point of a contract's execution leaves no
// partial state; a rejected module fails its creation transaction with the rejection as the reason; the
// chain flag keeps Ethereum forks unchanged; deep recursion inside a module and deep chains of WASM
// contract calls fail deterministically with "out of stack", never with a JavaScript RangeError.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { encodeFunctionData } from "viem";
import { hexToBytes } from "../../src/primitives/hex.js";
import { wasmInitCode } from "../../src/wasm/deploy.js";
import { type BuiltWasmContract, buildWasmContract } from "../../tools/wasm-contracts/build.js";
import { addressHex, encode, TestChain } from "../../tools/wasm-contracts/chain.js";
import { DEEP_CALL_WAT, depthInput } from "./deep-call.js";
import { contractWat, wat } from "./wat.js";

describe("out of ink", () => {
  const tokens: BuiltWasmContract[] = [];
  before(async () => {
    for (const s of [
      "sdk/assemblyscript/examples/erc20.ts",
      "sdk/c/examples/erc20.c",
      "sdk/rust/examples/erc20.rs",
    ])
      tokens.push(await buildWasmContract(s));
  });

  it("at any point of a transfer leaves no partial state (every gas limit up to success)", () => {
    for (const token of tokens) {
      const chain = new TestChain();
      const [alice, bob] = [chain.user(0), chain.user(1)];
      const t = chain.deploy(alice, token.initCode);
      assert.equal(
        chain.send(alice, t, encode(token.abi, "mint", [addressHex(alice.address), 1000n])).status,
        1,
      );
      const data = encode(token.abi, "transfer", [addressHex(bob.address), 1n]);
      const storageBefore = new Map(chain.state.accounts.get(t)!.storage);
      // Find the least gas limit that succeeds (on a copy of the state), then try every limit below it.
      let lo = 21_000n;
      let hi = 200_000n;
      const probe = (gas: bigint) => {
        const copy = new TestChain(true, chain.state.clone());
        return copy.send(alice, t, data, { gas }).status === 1;
      };
      assert.ok(probe(hi));
      while (hi - lo > 1n) {
        const mid = (lo + hi) / 2n;
        if (probe(mid)) hi = mid;
        else lo = mid;
      }
      let failures = 0;
      const zeros = BigInt(data.filter((b) => b === 0).length);
      const nonzeros = BigInt(data.length) - zeros;
      // The intrinsic cost, or the EIP-7623 floor when higher: the least gas a valid transaction may have.
      const intrinsic = 21_000n + 16n * nonzeros + 4n * zeros;
      const floor = 21_000n + 10n * (zeros + 4n * nonzeros);
      const least = intrinsic > floor ? intrinsic : floor;
      for (let gas = least; gas < hi; gas += gas > hi - 200n ? 1n : 7n) {
        const r = chain.send(alice, t, data, { gas });
        assert.equal(r.status, 0, `${token.source} at ${gas}`);
        assert.equal(r.logs.length, 0);
        assert.equal(r.gasUsed, gas, "a failure of this kind consumes all gas");
        failures++;
      }
      assert.deepEqual(
        new Map(chain.state.accounts.get(t)!.storage),
        storageBefore,
        `${token.source}: no partial state`,
      );
      assert.ok(failures > 500, `${token.source}: ${failures} limits tried`);
      assert.equal(chain.send(alice, t, data, { gas: hi }).status, 1, `${token.source} succeeds at ${hi}`);
    }
  });
});

describe("deployment", () => {
  it("a rejected module fails its creation, consuming the gas, with the rejection as the reason", () => {
    const chain = new TestChain();
    const alice = chain.user(0);
    const float = wat(contractWat("(drop (f64.add (f64.const 1) (f64.const 2)))"));
    const r = chain.send(alice, undefined, wasmInitCode(float), { gas: 1_000_000n });
    assert.equal(r.status, 0);
    assert.match(r.error ?? "", /^wasm: .*floating-point/);
    assert.equal(r.gasUsed, 1_000_000n);
    assert.equal(r.createdAddress, undefined);
  });

  it("without the chain flag, WASM code cannot be deployed and existing 0xEF code is an invalid opcode", () => {
    const chain = new TestChain(false);
    const alice = chain.user(0);
    const module = wat(contractWat());
    const r = chain.send(alice, undefined, wasmInitCode(module), { gas: 1_000_000n });
    assert.equal(r.status, 0);
    assert.equal(r.error, "invalid code: starts with 0xef");
    chain.state.putAccount(0xabcn, { code: Uint8Array.of(0xef, 0xf0, 0x00, ...module) });
    const c = chain.call(0xabcn, new Uint8Array(0), 0x1234n, 50_000);
    assert.deepEqual([c.success, c.gasLeft, c.error], [false, 0, "invalid opcode"]);
  });

  it("with the flag, a module that is too large fails the creation", () => {
    const chain = new TestChain();
    const alice = chain.user(0);
    // EVM init code that returns 49,153 bytes starting with the prefix: 0xEFF000 then zeros.
    const initcode = hexToBytes("0x62eff00060e81b5f5261c0015ff3");
    const r = chain.send(alice, undefined, initcode, { gas: 15_000_000n });
    assert.equal(r.status, 0);
    assert.match(r.error ?? "", /exceeds the limit/);
  });
});

describe("stack limits", () => {
  it("deep recursion inside a module fails with out of stack, deterministically", () => {
    const chain = new TestChain();
    const alice = chain.user(0);
    const module = wat(`(module
      (import "vm_hooks" "read_args" (func $read_args (param i32)))
      (memory (export "memory") 1 1)
      (func $down (param $n i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)))))))
      (func (export "user_entrypoint") (param $len i32) (result i32)
        (call $read_args (i32.const 0))
        (drop (call $down (i32.load (i32.const 0))))
        (i32.const 0)))`);
    const c = chain.deploy(alice, wasmInitCode(module));
    const depth = (n: number) => Uint8Array.of(n & 255, (n >> 8) & 255, (n >> 16) & 255, 0);
    assert.equal(chain.call(c, depth(1000)).success, true);
    const deep = chain.call(c, depth(1_000_000));
    assert.deepEqual([deep.success, deep.error, deep.gasLeft], [false, "wasm: out of stack", 0]);
    assert.deepEqual(chain.call(c, depth(1_000_000)), deep);
  });

  it("a long chain of WASM contract calls stops at the stack budget, in a Worker with default limits", async () => {
    const result = await new Promise<{ shallow: number; deep: [boolean, string | undefined] }>(
      (resolve, reject) => {
        const worker = new Worker(new URL("./deep-call-worker.js", import.meta.url));
        worker.once("message", resolve);
        worker.once("error", reject);
      },
    );
    assert.equal(result.shallow, 50, "50 nested calls succeed and count themselves");
    assert.deepEqual(result.deep, [false, "revert"], "1,000 nested calls fail cleanly at the budget");
    // The same on this thread.
    const chain = new TestChain();
    const c = chain.deploy(chain.user(0), wasmInitCode(wat(DEEP_CALL_WAT)));
    assert.equal(chain.call(c, depthInput(1000)).success, false);
    void encodeFunctionData;
  });
});
