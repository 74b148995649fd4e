// WASM contracts under Block-STM: seeded random blocks that mix WebAssembly contracts (ERC-20s and probes in
// AssemblyScript, C and Rust, counters deployed inside the block and called later in it) with Solidity ones
// (OpenZeppelin's ERC-20 and the Solidity probe), with cross-language calls, reentrancy, delegatecalls,
// reverts and out-of-gas transactions, at conflict rates 0 to 1. executeBlockParallel at 1, 2, 4 and 8
// threads (mode "parallel", so Block-STM runs even for small blocks) must equal executeBlock line by line:
// receipts, gas, logs, roots and the state diff. The workers activate and compile the modules themselves.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Abi } from "viem";
import { executeBlock } from "../../src/block/execute-block.js";
import type { Block } from "../../src/block/types.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { executeBlockParallel } from "../../src/parallel/index.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import type { Transaction } from "../../src/tx/types.js";
import { loadArtifacts, selector } from "../../tools/contracts/artifacts.js";
import { prng } from "../../tools/prng.js";
import { buildSolidity, buildWasmContract } from "../../tools/wasm-contracts/build.js";
import { addressHex, encode, TestChain, WASM_CONFIG } from "../../tools/wasm-contracts/chain.js";
import { encodeArgs, encodeCall } from "../../tools/workloads/abi.js";
import {
  blockHeader,
  CHAIN_ID,
  MAX_FEE_PER_GAS,
  MAX_PRIORITY_FEE_PER_GAS,
} from "../../tools/workloads/chain.js";
import type { Account } from "../../tools/workloads/keys.js";
import { createAddress } from "../../tools/workloads/setup.js";
import { SYSTEM_CONTRACTS, systemContractCode } from "../../tools/workloads/system-contracts.js";

const THREADS = [1, 2, 4, 8];
const pool = new WorkerPool({ maxThreads: 8 });
after(() => pool.close());

interface World {
  chain: TestChain;
  users: Account[];
  tokens: bigint[];
  probes: bigint[];
  counterInits: Uint8Array[];
  probeAbi: Abi;
  transfer: Uint8Array;
}

describe("WASM contracts under executeBlockParallel", () => {
  let world: World;
  before(async () => {
    const chain = new TestChain();
    for (const c of SYSTEM_CONTRACTS)
      chain.state.putAccount(c.address, { nonce: 1n, code: systemContractCode(c) });
    const users = Array.from({ length: 24 }, (_, i) => chain.user(i));
    const deployer = users[0]!;
    const artifacts = await loadArtifacts();
    const tokenInits = [
      (await buildWasmContract("sdk/assemblyscript/examples/erc20.ts")).initCode,
      (await buildWasmContract("sdk/c/examples/erc20.c")).initCode,
      (await buildWasmContract("sdk/rust/examples/erc20.rs")).initCode,
      new Uint8Array([...artifacts.token.bytecode, ...encodeArgs([0n])]),
    ];
    const probeSol = buildSolidity("test/wasm/contracts/Probe.sol").get("Probe")!;
    const probeInits = [
      (await buildWasmContract("sdk/assemblyscript/tests/probe.ts")).initCode,
      (await buildWasmContract("sdk/c/tests/probe.c")).initCode,
      (await buildWasmContract("sdk/rust/tests/probe.rs")).initCode,
      probeSol.bytecode,
    ];
    const tokens = tokenInits.map((c) => chain.deploy(deployer, c));
    const probes = probeInits.map((c) => chain.deploy(deployer, c));
    const mint = selector(artifacts.token, "mint(address,uint256)");
    for (const t of tokens)
      for (const u of users)
        assert.equal(chain.send(deployer, t, encodeCall(mint, [u.address, 10n ** 24n])).status, 1);
    const counterInits = [];
    for (const s of [
      "sdk/assemblyscript/examples/counter.ts",
      "sdk/c/examples/counter.c",
      "sdk/rust/examples/counter.rs",
    ])
      counterInits.push((await buildWasmContract(s)).initCode);
    world = {
      chain,
      users,
      tokens,
      probes,
      counterInits,
      probeAbi: probeSol.abi as Abi,
      transfer: selector(artifacts.token, "transfer(address,uint256)"),
    };
  });

  /** A random block of `n` transactions over the world, hot accounts and contracts picked with probability p. */
  function randomBlock(seed: number, n: number, p: number): Block {
    const r = prng(seed);
    const { chain, users, tokens, probes, counterInits, probeAbi } = world;
    const nonces = new Map<bigint, bigint>();
    const pick = <T>(xs: readonly T[]): T => (r() < p ? xs[0]! : xs[Math.floor(r() * xs.length)]!);
    const deployed: bigint[] = [];
    const txs: Transaction[] = [];
    const tx = (from: Account, to: bigint | undefined, data: Uint8Array, gas = 2_000_000n, value = 0n) => {
      const nonce = nonces.get(from.address) ?? chain.state.getAccount(from.address)?.nonce ?? 0n;
      nonces.set(from.address, nonce + 1n);
      txs.push({
        type: 2,
        chainId: CHAIN_ID,
        nonce,
        gasLimit: gas,
        to,
        value,
        data,
        gasPrice: 0n,
        maxFeePerGas: MAX_FEE_PER_GAS,
        maxPriorityFeePerGas: MAX_PRIORITY_FEE_PER_GAS,
        accessList: [],
        maxFeePerBlobGas: 0n,
        blobVersionedHashes: [],
        authorizationList: [],
        sender: from.address,
      });
      return nonce;
    };
    while (txs.length < n) {
      const from = pick(users);
      const kind = Math.floor(r() * 9);
      const probe = pick(probes);
      const other = pick(probes);
      if (kind <= 1) {
        tx(
          from,
          pick(tokens),
          encodeCall(world.transfer, [pick(users).address, BigInt(1 + Math.floor(r() * 1000))]),
        );
      } else if (kind === 2) {
        tx(from, probe, encode(probeAbi, "setValue", [BigInt(Math.floor(r() * 100))]));
      } else if (kind === 3) {
        tx(from, probe, encode(probeAbi, "bump", [addressHex(other), BigInt(Math.floor(r() * 4))]));
      } else if (kind === 4) {
        const inner = r() < 0.5 ? encode(probeAbi, "context") : encode(probeAbi, "fail", [7n]);
        const fn = ["forward", "forwardStatic", "forwardDelegate"][Math.floor(r() * 3)]!;
        const args = [
          addressHex(other),
          bytesToHex(fn === "forward" ? inner : encode(probeAbi, "setValue", [3n])),
        ];
        tx(
          from,
          probe,
          encode(probeAbi, fn, args),
          2_000_000n,
          fn === "forwardStatic" ? 0n : BigInt(Math.floor(r() * 5)),
        );
      } else if (kind === 5) {
        // Out of gas inside a WASM (or Solidity) token transfer.
        tx(
          from,
          pick(tokens),
          encodeCall(world.transfer, [pick(users).address, 1n]),
          BigInt(23_000 + Math.floor(r() * 20_000)),
        );
      } else if (kind === 6) {
        const nonce = tx(from, undefined, counterInits[Math.floor(r() * counterInits.length)]!);
        deployed.push(createAddress(from.address, nonce));
      } else if (deployed.length > 0) {
        const c = deployed[Math.floor(r() * deployed.length)]!;
        tx(from, c, Uint8Array.of(0xd0, 0x9d, 0xe0, 0x8a)); // increment()
      } else {
        tx(from, probe, encode(probeAbi, "value"));
      }
    }
    return { header: blockHeader(seed, 22_600_000n, 60_000_000n), transactions: txs, withdrawals: [] };
  }

  it("mixed WASM/EVM blocks: 1, 2, 4 and 8 threads equal sequential execution", async () => {
    let blocks = 0;
    let wasmLogs = 0;
    for (const p of [0, 0.3, 1]) {
      for (const seed of [1, 2]) {
        const block = randomBlock(seed * 100 + p * 10, 60, p);
        const reference = executeBlock(block, world.chain.state, WASM_CONFIG);
        const expected = canonicalResultLines(reference);
        assert.ok(
          reference.receipts.some((x) => x.status === 0),
          "some transactions fail",
        );
        assert.ok(reference.receipts.filter((x) => x.status === 1).length > 20, "most succeed");
        wasmLogs += reference.receipts.reduce((s, x) => s + x.logs.length, 0);
        for (const threads of THREADS) {
          const result = await executeBlockParallel(block, world.chain.state, WASM_CONFIG, {
            threads,
            mode: "parallel",
            pool,
          });
          assert.equal(result.stats.mode, "parallel", result.stats.reason);
          const diff = firstDifference(canonicalResultLines(result), expected);
          if (diff !== undefined) assert.fail(`seed ${seed}, p ${p}, ${threads} threads:\n${diff}`);
        }
        blocks++;
      }
    }
    assert.equal(blocks, 6);
    assert.ok(wasmLogs > 50);
  });
});
