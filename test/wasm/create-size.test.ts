// A WASM contract creating a contract (vm_hooks create1) honours the chain's initcode limit: EIP-3860's
// 49,152 bytes by default, twice a devnet's --code-size-limit (ForkRules.maxCodeSize) when set, as CREATE
// does for EVM code.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ForkRules } from "../../src/evm/forks.js";
import { wasmInitCode } from "../../src/wasm/deploy.js";
import { TestChain } from "../../tools/wasm-contracts/chain.js";
import { wat } from "./wat.js";

/** create1 of N zero bytes (initcode that STOPs: an empty contract), N read from the call's first 4 bytes. */
const FACTORY = wat(`(module
  (import "vm_hooks" "read_args" (func $read_args (param i32)))
  (import "vm_hooks" "create1" (func $create1 (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1 1)
  (func (export "user_entrypoint") (param $len i32) (result i32)
    (call $read_args (i32.const 200))
    ;; initcode at 1024, endowment word at 0 (zero), new address at 64, revert length at 96
    (call $create1 (i32.const 1024) (i32.load (i32.const 200)) (i32.const 0) (i32.const 64) (i32.const 96))
    (i32.const 0)))`);

const size = (n: number) => Uint8Array.of(n & 255, (n >> 8) & 255, (n >> 16) & 255, 0);

function factoryChain(maxCodeSize?: number): { chain: TestChain; factory: bigint } {
  const chain = new TestChain();
  if (maxCodeSize !== undefined) {
    // What `lanes node --code-size-limit` sets (ForkRules.maxCodeSize), on the test chain's rules.
    (chain as { rules: ForkRules }).rules = { ...chain.rules, maxCodeSize };
  }
  return { chain, factory: chain.deploy(chain.user(0), wasmInitCode(FACTORY)) };
}

describe("WASM-to-WASM creation and the initcode limit", () => {
  it("refuses initcode above EIP-3860's 49,152 bytes by default", () => {
    const { chain, factory } = factoryChain();
    assert.equal(chain.call(factory, size(49_152)).success, true);
    const over = chain.call(factory, size(49_153));
    assert.equal(over.success, false);
    assert.match(over.error ?? "", /initcode of 49153 bytes exceeds 49152/);
  });

  it("allows initcode up to twice --code-size-limit, and no more", () => {
    const { chain, factory } = factoryChain(30_000);
    assert.equal(chain.call(factory, size(50_000)).success, true);
    assert.equal(chain.call(factory, size(60_000)).success, true);
    const over = chain.call(factory, size(60_001));
    assert.equal(over.success, false);
    assert.match(over.error ?? "", /initcode of 60001 bytes exceeds 60000/);
  });
});
