// The co-processor host: Ethereum forks are unchanged, a chain config adds the registry's co-processors as
// warm precompiles, registration validates addresses, and a user's co-processor registered by module runs
// in executeBlock and in the parallel executor's workers alike (without a module source, blocks fall back
// to the sequential path, with that reason).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fixedForkConfig } from "../../src/block/chain-config.js";
import { GROTH16_ADDRESS, SIMD_ADDRESS } from "../../src/coprocessors/addresses.js";
import { builtinCoprocessors, withCoprocessors } from "../../src/coprocessors/builtins.js";
import { CoprocessorRegistry } from "../../src/coprocessors/registry.js";
import { FORKS } from "../../src/evm/forks.js";
import { getPrecompile, precompileAddresses } from "../../src/evm/precompiles/index.js";
import { executeBlockParallel } from "../../src/parallel/index.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { CoproChain } from "../../tools/coprocessors/harness.js";
import { sumCoprocessor } from "./fixtures/sum-coprocessor.js";

const SUM_ADDRESS = 0x5000n;
const SUM_SOURCE = {
  module: new URL("./fixtures/sum-coprocessor.js", import.meta.url).href,
  export: "sumCoprocessor",
  options: { address: "0x5000" },
};

/** Runtime code that STATICCALLs `target` with its own call data and stores the returned word in slot 0. */
function forwarder(target: bigint): Uint8Array {
  const t = target.toString(16).padStart(40, "0");
  // CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY; PUSH1 32 PUSH0 CALLDATASIZE PUSH0 PUSH20 t GAS STATICCALL;
  // PUSH0 MLOAD PUSH0 SSTORE; STOP
  return Uint8Array.from(Buffer.from(`365f5f3760205f365f73${t}5afa505f515f5500`, "hex"));
}

describe("co-processor registry and chain config", () => {
  it("the Ethereum forks have no co-processors; a Lanes config adds them, warm", () => {
    for (const rules of Object.values(FORKS)) {
      assert.equal(getPrecompile(SIMD_ADDRESS, rules), undefined);
      assert.equal(precompileAddresses(rules).includes(SIMD_ADDRESS), false);
    }
    const config = withCoprocessors(fixedForkConfig(1n, "Osaka"));
    const rules = config.rulesAt(1n, 1n);
    assert.notEqual(getPrecompile(SIMD_ADDRESS, rules), undefined);
    assert.notEqual(getPrecompile(GROTH16_ADDRESS, rules), undefined);
    assert.ok(precompileAddresses(rules).includes(GROTH16_ADDRESS));
    assert.equal(config.rulesAt(2n, 2n), rules, "one rules object per fork");
    assert.equal(
      getPrecompile(0x01n, rules),
      getPrecompile(0x01n, FORKS.Osaka),
      "Ethereum's precompiles unchanged",
    );
  });

  it("registration rejects Ethereum's precompile space, the reserved range and taken addresses", () => {
    const registry = new CoprocessorRegistry();
    const make = (address: bigint) => ({ ...sumCoprocessor({ address: "0x1" }), address });
    assert.throws(() => registry.register(make(0x05n)), /precompile space/);
    assert.throws(() => registry.register(make(0x100n)), /precompile space/);
    assert.throws(() => registry.register(make(0x0c05n)), /reserved range/);
    assert.throws(() => registry.register(make(1n << 160n)), /2\^160/);
    registry.register(make(0x5000n));
    assert.throws(() => registry.register(make(0x5000n)), /already has/);
    assert.deepEqual(registry.addresses, [0x5000n]);
    assert.throws(
      () => builtinCoprocessors().register(make(SIMD_ADDRESS), undefined, { reserved: true }),
      /already has/,
    );
  });

  it("a user's co-processor runs in executeBlock and in parallel workers, with the same result", async () => {
    const registry = builtinCoprocessors();
    await registry.registerModule(SUM_SOURCE);
    const chain = new CoproChain(registry);
    const probe = 0xabcdef0000000000000000000000000000000001n;
    chain.state.putAccount(probe, { code: forwarder(SUM_ADDRESS) });
    const users = Array.from({ length: 6 }, (_, i) => chain.account(40 + i));
    const txs = users.map((u, i) => chain.tx(u, probe, Uint8Array.from([i, 200, 7]), 100_000n));
    const block = chain.block(txs);
    const { stats: seqStats, ...sequential } = await executeBlockParallel(block, chain.state, chain.config, {
      mode: "sequential",
    });
    assert.equal(seqStats.mode, "sequential");
    for (const r of sequential.receipts) assert.equal(r.status, 1);
    const slot = sequential.diff.get(probe)?.storage?.get(0n);
    assert.equal(slot, 5n + 200n + 7n, "the last transaction's sum is stored");
    const { stats, ...parallel } = await executeBlockParallel(block, chain.state, chain.config, {
      threads: 2,
      mode: "parallel",
    });
    assert.equal(stats.mode, "parallel", stats.reason);
    assert.equal(bytesToHex(parallel.stateRoot), bytesToHex(sequential.stateRoot));
    assert.equal(parallel.gasUsed, sequential.gasUsed);
  });

  it("a co-processor registered without a module source sends blocks to the sequential path", async () => {
    const registry = builtinCoprocessors();
    registry.register(sumCoprocessor({ address: "0x5000" }));
    assert.equal(registry.portable(), undefined);
    const chain = new CoproChain(registry);
    const users = Array.from({ length: 4 }, (_, i) => chain.account(60 + i));
    const block = chain.block(users.map((u) => chain.tx(u, 0x5000n, Uint8Array.from([1, 2]), 100_000n)));
    const { stats, ...result } = await executeBlockParallel(block, chain.state, chain.config, {
      threads: 2,
      mode: "parallel",
    });
    assert.equal(stats.mode, "sequential");
    assert.match(stats.reason, /cannot be rebuilt in worker threads/);
    for (const r of result.receipts) assert.equal(r.status, 1);
    assert.equal(
      result.receipts[0]!.gasUsed,
      21000n + 16n * 2n + 102n,
      "intrinsic + calldata + co-processor gas",
    );
  });
});
