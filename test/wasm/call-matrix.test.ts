// The call matrix: a probe contract in each of Solidity, AssemblyScript, C and Rust (same ABI, same
// behaviour) calls a probe in each of the others (and itself) with ordinary ABI calls, covering value
// transfer, revert data, reentrancy, static-call write rejection and delegatecall. Every pair must behave
// exactly as the all-Solidity pair does.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type Abi, decodeErrorResult } from "viem";
import { bytesToHex } from "../../src/primitives/hex.js";
import { buildSolidity, buildWasmContract } from "../../tools/wasm-contracts/build.js";
import { addressHex, decode, encode, TestChain } from "../../tools/wasm-contracts/chain.js";

interface Impl {
  name: string;
  initCode: Uint8Array;
}

const lower = (x: unknown) => (typeof x === "string" ? x.toLowerCase() : x);

describe("call matrix: Solidity, AssemblyScript, C and Rust call each other", () => {
  const impls: Impl[] = [];
  let abi: Abi;
  before(async () => {
    const probe = buildSolidity("test/wasm/contracts/Probe.sol").get("Probe")!;
    abi = probe.abi as Abi;
    impls.push({ name: "Solidity", initCode: probe.bytecode });
    for (const [name, source] of [
      ["AssemblyScript", "sdk/assemblyscript/tests/probe.ts"],
      ["C", "sdk/c/tests/probe.c"],
      ["Rust", "sdk/rust/tests/probe.rs"],
    ] as const) {
      impls.push({ name, initCode: (await buildWasmContract(source)).initCode });
    }
  });

  it("every caller/callee pair: value, revert data, reentrancy, static calls, delegatecall", () => {
    let pairs = 0;
    for (const caller of impls) {
      for (const callee of impls) {
        const what = `${caller.name} -> ${callee.name}`;
        const chain = new TestChain();
        const alice = chain.user(0);
        const a = chain.deploy(alice, caller.initCode);
        const b = chain.deploy(alice, callee.initCode);
        const A = addressHex(a);
        const B = addressHex(b);
        const forward = (fn: string, inner: Uint8Array, value = 0n) => {
          const r = chain.send(alice, a, encode(abi, fn, [B, bytesToHex(inner)]), { value });
          assert.equal(r.status, 1, `${what}: ${fn} failed: ${r.error}`);
          return decode(abi, fn, r.output) as [boolean, `0x${string}`];
        };

        // Value and context: the callee sees the caller as msg.sender and the forwarded value.
        let [ok, ret] = forward("forward", encode(abi, "context"), 5n);
        assert.equal(ok, true, what);
        assert.deepEqual(
          (decode(abi, "context", hexToU8(ret)) as unknown[]).map(lower),
          [B.toLowerCase(), A.toLowerCase(), 5n, 0n],
          what,
        );
        assert.equal(chain.balance(b), 5n, `${what}: value moved`);
        assert.equal(chain.balance(a), 0n, what);

        // Revert data comes back intact.
        [ok, ret] = forward("forward", encode(abi, "fail", [42n]));
        assert.equal(ok, false, what);
        const err = decodeErrorResult({ abi, data: ret });
        assert.equal(err.errorName, "Failure", what);
        assert.deepEqual((err.args ?? []).map(lower), [42n, B.toLowerCase()], what);

        // Reentrancy: a -> b -> a -> b, each bumping its own counter and seeing the reentrant write.
        const r = chain.send(alice, a, encode(abi, "bump", [B, 3n]));
        assert.equal(r.status, 1, `${what}: bump: ${r.error}`);
        assert.equal(decode(abi, "bump", r.output), 2n, `${what}: bump result`);
        assert.equal(chain.storage(a, 1n), 2n, what);
        assert.equal(chain.storage(b, 1n), 2n, what);

        // Static calls: reads work, writes are rejected and leave no trace.
        [ok, ret] = forward("forwardStatic", encode(abi, "value"));
        assert.equal(ok, true, what);
        [ok, ret] = forward("forwardStatic", encode(abi, "setValue", [5n]));
        assert.equal(ok, false, `${what}: static write must fail`);
        assert.equal(ret, "0x", what);
        assert.equal(chain.storage(b, 0n), 0n, what);
        // A write nested deeper under the static call (b calls back a.setValue) fails too.
        [ok, ret] = forward(
          "forwardStatic",
          encode(abi, "forward", [A, bytesToHex(encode(abi, "setValue", [1n]))]),
        );
        assert.equal(ok, true, what);
        const [innerOk] = decode(abi, "forward", hexToU8(ret)) as [boolean, string];
        assert.equal(innerOk, false, `${what}: a write nested under a static call must fail`);
        assert.equal(chain.storage(a, 0n), 0n, what);

        // Delegatecall: the callee's code runs in the caller's storage, with the caller's context.
        [ok] = forward("forwardDelegate", encode(abi, "setValue", [7n]));
        assert.equal(ok, true, what);
        assert.equal(chain.storage(a, 0n), 7n, `${what}: delegatecall wrote the caller's storage`);
        assert.equal(chain.storage(b, 0n), 0n, what);
        [ok, ret] = forward("forwardDelegate", encode(abi, "context"), 3n);
        assert.equal(ok, true, what);
        assert.deepEqual(
          (decode(abi, "context", hexToU8(ret)) as unknown[]).map(lower),
          [A.toLowerCase(), addressHex(alice.address).toLowerCase(), 3n, 7n],
          what,
        );
        pairs++;
      }
    }
    assert.equal(pairs, 16);
  });
});

function hexToU8(hex: `0x${string}`): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), "hex"));
}
