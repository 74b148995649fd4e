// The real Uniswap V2 pair (@uniswap/v2-core's audited build, created by its factory), driven through a
// Solidity router, trading an AssemblyScript ERC-20 against a Rust ERC-20 (and, second, the AssemblyScript
// token against the C one). Every reserve, balance and event must equal the all-Solidity setup
// (OpenZeppelin's ERC-20 on both sides), transaction by transaction.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Abi } from "viem";
import type { Log } from "../../src/evm/log.js";
import { concatBytes } from "../../src/primitives/hex.js";
import { type BenchArtifacts, loadArtifacts, selector } from "../../tools/contracts/artifacts.js";
import { buildSolidity, buildWasmContract } from "../../tools/wasm-contracts/build.js";
import { addressHex, encode, TestChain } from "../../tools/wasm-contracts/chain.js";
import { encodeArgs, encodeCall } from "../../tools/workloads/abi.js";

const E18 = 10n ** 18n;

interface Outcome {
  logs: Log[][];
  statuses: number[];
  reserves: unknown;
  balances: bigint[];
  pair: bigint;
}

/** Deploys two tokens (by init code), the factory, the router and a pair; adds liquidity; swaps both ways. */
function scenario(
  artifacts: BenchArtifacts,
  routerCode: Uint8Array,
  routerAbi: Abi,
  tokenCodes: [Uint8Array, Uint8Array],
): Outcome {
  const chain = new TestChain();
  const [alice, bob] = [chain.user(0), chain.user(1)];
  const tokenA = chain.deploy(alice, tokenCodes[0]);
  const tokenB = chain.deploy(alice, tokenCodes[1]);
  const factory = chain.deploy(
    alice,
    concatBytes(artifacts.uniswapFactory.bytecode, encodeArgs([alice.address])),
  );
  const router = chain.deploy(alice, concatBytes(routerCode, encodeArgs([factory])));
  const mint = selector(artifacts.token, "mint(address,uint256)");
  const approve = selector(artifacts.token, "approve(address,uint256)");
  const balanceOf = selector(artifacts.token, "balanceOf(address)");
  const setup = [
    chain.send(
      alice,
      factory,
      encodeCall(selector(artifacts.uniswapFactory, "createPair(address,address)"), [tokenA, tokenB]),
    ),
  ];
  for (const t of [tokenA, tokenB]) {
    setup.push(chain.send(alice, t, encodeCall(mint, [alice.address, 1_000_000n * E18])));
    setup.push(chain.send(alice, t, encodeCall(mint, [bob.address, 1_000n * E18])));
  }
  for (const r of setup) assert.equal(r.status, 1, r.error);
  const pairOut = chain.call(
    factory,
    encodeCall(selector(artifacts.uniswapFactory, "getPair(address,address)"), [tokenA, tokenB]),
  );
  const pair = BigInt(`0x${Buffer.from(pairOut.output).toString("hex")}`);

  const logs: Log[][] = [];
  const statuses: number[] = [];
  const record = (r: ReturnType<TestChain["send"]>) => {
    logs.push(r.logs);
    statuses.push(r.status);
  };
  for (const who of [alice, bob])
    for (const t of [tokenA, tokenB]) record(chain.send(who, t, encodeCall(approve, [router, 10n ** 30n])));
  record(
    chain.send(
      alice,
      router,
      encode(routerAbi, "addLiquidity", [
        addressHex(tokenA),
        addressHex(tokenB),
        10_000n * E18,
        25_000n * E18,
        addressHex(alice.address),
      ]),
    ),
  );
  const swaps: [bigint, bigint, bigint][] = [
    [tokenA, tokenB, 10n * E18],
    [tokenB, tokenA, 37n * E18],
    [tokenA, tokenB, 123_456_789n],
    [tokenB, tokenA, 500n * E18],
  ];
  for (const [tin, tout, amount] of swaps)
    record(
      chain.send(
        bob,
        router,
        encode(routerAbi, "swapExactTokensForTokens", [
          amount,
          1n,
          addressHex(tin),
          addressHex(tout),
          addressHex(bob.address),
        ]),
      ),
    );
  // A swap asking for more than it can get reverts in the router, changing nothing.
  record(
    chain.send(
      bob,
      router,
      encode(routerAbi, "swapExactTokensForTokens", [
        E18,
        10n ** 40n,
        addressHex(tokenA),
        addressHex(tokenB),
        addressHex(bob.address),
      ]),
    ),
  );
  const reserves = chain.call(pair, encodeCall(selector(artifacts.uniswapPair, "getReserves()"), [])).output;
  const balances: bigint[] = [];
  for (const t of [tokenA, tokenB, pair])
    for (const who of [alice.address, bob.address, pair]) {
      const out = chain.call(t, encodeCall(balanceOf, [who])).output;
      balances.push(BigInt(`0x${Buffer.from(out).toString("hex")}`));
    }
  return { logs, statuses, reserves: Buffer.from(reserves).toString("hex"), balances, pair };
}

describe("Uniswap V2 with WASM tokens", () => {
  let artifacts: BenchArtifacts;
  let router: { bytecode: Uint8Array; abi: Abi };
  let solidityToken: Uint8Array;
  before(async () => {
    artifacts = await loadArtifacts();
    const r = buildSolidity("test/wasm/contracts/Router.sol").get("Router")!;
    router = { bytecode: r.bytecode, abi: r.abi as Abi };
    solidityToken = concatBytes(artifacts.token.bytecode, encodeArgs([0n]));
  });

  for (const [name, second] of [
    ["AssemblyScript vs Rust", "sdk/rust/examples/erc20.rs"],
    ["AssemblyScript vs C", "sdk/c/examples/erc20.c"],
  ] as const) {
    it(`${name}: reserves, balances and events equal the all-Solidity setup`, async () => {
      const as = await buildWasmContract("sdk/assemblyscript/examples/erc20.ts");
      const other = await buildWasmContract(second);
      const expected = scenario(artifacts, router.bytecode, router.abi, [solidityToken, solidityToken]);
      const actual = scenario(artifacts, router.bytecode, router.abi, [as.initCode, other.initCode]);
      assert.deepEqual(expected.statuses, [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
      assert.deepEqual(actual.statuses, expected.statuses);
      assert.equal(actual.pair, expected.pair);
      assert.equal(actual.reserves, expected.reserves);
      assert.deepEqual(actual.balances, expected.balances);
      assert.ok(
        expected.balances.slice(0, 6).every((b) => b > 0n),
        "both tokens held by alice, bob and the pair",
      );
      assert.deepEqual(actual.logs, expected.logs);
      const swapLogs = actual.logs[5]!;
      assert.ok(swapLogs.length >= 4, "a swap logs Transfer (in), Transfer (out), Sync and Swap");
    });
  }
});
