// End to end: a `lanes node` block holding Uniswap V2 swaps, ERC-20 transfers (one that empties a balance, so
// a storage slot is deleted), a contract creation, a SELFDESTRUCT of an existing contract and a contract that
// self-destructs in its own creation; its witness from debug_executionWitness, in geth/reth's shape, verifies
// with `lanes verify` against the block as eth_getBlockByNumber returns it (sequential and --parallel), and
// fails once a node is taken out.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  parseAbi,
  parseEventLogs,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { bytesToHex } from "../../src/primitives/hex.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import { ANVIL_KEYS, call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";
import { asm } from "../evm/helpers.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

/** Runs `lanes` without blocking this process's event loop (the node under test runs in it). */
function lanes(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const erc20 = parseAbi([
  "constructor(uint256 initialSupply)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address owner) view returns (uint256)",
]);
const factoryAbi = parseAbi([
  "constructor(address feeToSetter)",
  "function createPair(address tokenA, address tokenB) returns (address pair)",
  "event PairCreated(address indexed token0, address indexed token1, address pair, uint256 count)",
]);
const pairAbi = parseAbi([
  "function token0() view returns (address)",
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function mint(address to) returns (uint256 liquidity)",
  "function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)",
]);

const BENEFICIARY = "0xbe4e000000000000000000000000000000000001";

/** Init code that deploys `runtime` as is. */
function deployer(runtime: Uint8Array): Hex {
  // 10 bytes of init code, then the runtime: copy it to memory and return it.
  const init = asm(`PUSH1 ${runtime.length} DUP1 PUSH1 10 PUSH0 CODECOPY PUSH0 RETURN INVALID`);
  return bytesToHex(Uint8Array.of(...init, ...runtime)) as Hex;
}

describe("e2e: debug_executionWitness of a lanes node block verifies with lanes verify", () => {
  const dir = tempDir("lanes-e2e-witness-");
  let running: Awaited<ReturnType<typeof startTestNode>>;
  const owner = privateKeyToAccount(ANVIL_KEYS[0]);
  const trader = privateKeyToAccount(ANVIL_KEYS[1]);
  const third = privateKeyToAccount(ANVIL_KEYS[2]);
  let blockNumber: bigint;

  before(async () => {
    // No automine: transactions wait in the pool until evm_mine, so one block can hold all of them.
    running = await startTestNode(dir.path, { blockTime: 3_600_000 });
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  const pub = () => createPublicClient({ chain: foundry, transport: http(running.url), pollingInterval: 20 });
  const wallet = (account: typeof owner) =>
    createWalletClient({ account, chain: foundry, transport: http(running.url) });
  const mine = () => call(running.url, "evm_mine", []);

  it("mines one block with swaps, transfers, a creation and self-destructs", async () => {
    const artifacts = await loadArtifacts();
    const w = wallet(owner);
    const deploy = async (
      abi: typeof erc20 | typeof factoryAbi,
      bytecode: Uint8Array,
      args: readonly unknown[],
    ) => {
      const hash = await w.deployContract({
        abi,
        bytecode: bytesToHex(bytecode) as Hex,
        args,
        gas: 6_000_000n,
      } as never);
      await mine();
      const r = await pub().waitForTransactionReceipt({ hash });
      assert.equal(r.status, "success");
      return r.contractAddress!;
    };
    const send = async (
      address: Address,
      abi: typeof erc20 | typeof pairAbi | typeof factoryAbi,
      functionName: string,
      args: readonly unknown[],
    ) => {
      const hash = await w.writeContract({ address, abi, functionName, args, gas: 5_000_000n } as never);
      await mine();
      const r = await pub().waitForTransactionReceipt({ hash });
      assert.equal(r.status, "success", functionName);
      return r;
    };
    // Setup blocks: two tokens, a pair with liquidity, the trader's tokens, a contract holding ether that
    // self-destructs when called.
    const tokenA = await deploy(erc20, artifacts.token.bytecode, [10n ** 27n]);
    const tokenB = await deploy(erc20, artifacts.token.bytecode, [10n ** 27n]);
    const factory = await deploy(factoryAbi, artifacts.uniswapFactory.bytecode, [owner.address]);
    const created = await send(factory, factoryAbi, "createPair", [tokenA, tokenB]);
    const [event] = parseEventLogs({ abi: factoryAbi, logs: created.logs, eventName: "PairCreated" });
    const pair = event!.args.pair;
    await send(tokenA, erc20, "transfer", [pair, 10n ** 24n]);
    await send(tokenB, erc20, "transfer", [pair, 4n * 10n ** 24n]);
    await send(pair, pairAbi, "mint", [owner.address]);
    await send(tokenA, erc20, "transfer", [trader.address, 3n * 10n ** 21n]);
    await send(tokenB, erc20, "transfer", [third.address, 5n * 10n ** 18n]);
    const destructHash = await w.sendTransaction({
      data: deployer(asm(`PUSH20 ${BENEFICIARY} SELFDESTRUCT`)),
      value: 10n ** 15n,
      gas: 200_000n,
    });
    await mine();
    const destructible = (await pub().waitForTransactionReceipt({ hash: destructHash })).contractAddress!;

    // The block under test.
    const token0 = await pub().readContract({ address: pair, abi: pairAbi, functionName: "token0" });
    const [r0, r1] = await pub().readContract({ address: pair, abi: pairAbi, functionName: "getReserves" });
    const aIs0 = token0.toLowerCase() === tokenA.toLowerCase();
    const [reserveIn, reserveOut] = aIs0 ? [r0, r1] : [r1, r0];
    const amountIn = 10n ** 21n;
    const out1 = (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
    const out2 = (amountIn * 997n * (reserveOut - out1)) / ((reserveIn + amountIn) * 1000n + amountIn * 997n);
    const t = wallet(trader);
    const x = wallet(third);
    const gas = 300_000n;
    const hashes: Hex[] = [];
    const swapArgs = (out: bigint) => [aIs0 ? 0n : out, aIs0 ? out : 0n, trader.address, "0x"] as const;
    hashes.push(
      await t.writeContract({
        address: tokenA,
        abi: erc20,
        functionName: "transfer",
        args: [pair, amountIn],
        gas,
      }),
    );
    hashes.push(
      await t.writeContract({ address: pair, abi: pairAbi, functionName: "swap", args: swapArgs(out1), gas }),
    );
    hashes.push(
      await t.writeContract({
        address: tokenA,
        abi: erc20,
        functionName: "transfer",
        args: [pair, amountIn],
        gas,
      }),
    );
    hashes.push(
      await t.writeContract({ address: pair, abi: pairAbi, functionName: "swap", args: swapArgs(out2), gas }),
    );
    // ERC-20 transfers; the third account sends its whole token B balance (its slot is deleted).
    hashes.push(
      await w.writeContract({
        address: tokenB,
        abi: erc20,
        functionName: "transfer",
        args: [trader.address, 7n],
        gas,
      }),
    );
    hashes.push(
      await x.writeContract({
        address: tokenB,
        abi: erc20,
        functionName: "transfer",
        args: [owner.address, 5n * 10n ** 18n],
        gas,
      }),
    );
    // A creation, a SELFDESTRUCT of an existing contract, a contract that self-destructs while created.
    hashes.push(
      await w.deployContract({
        abi: erc20,
        bytecode: bytesToHex(artifacts.token.bytecode) as Hex,
        args: [10n ** 20n],
        gas: 3_000_000n,
      }),
    );
    hashes.push(await x.sendTransaction({ to: destructible, gas: 100_000n }));
    hashes.push(
      await x.sendTransaction({
        data: bytesToHex(asm(`PUSH20 ${BENEFICIARY} SELFDESTRUCT`)) as Hex,
        value: 12345n,
        gas: 100_000n,
      }),
    );
    await mine();
    const receipts = await Promise.all(hashes.map((hash) => pub().waitForTransactionReceipt({ hash })));
    blockNumber = receipts[0]!.blockNumber;
    for (const [i, r] of receipts.entries()) {
      assert.equal(r.blockNumber, blockNumber, `tx ${i} in the same block`);
      assert.equal(r.status, "success", `tx ${i}`);
    }
    assert.equal(await pub().getBalance({ address: destructible }), 0n);
    assert.equal(
      await pub().readContract({
        address: tokenB,
        abi: erc20,
        functionName: "balanceOf",
        args: [third.address],
      }),
      0n,
    );
  });

  it("debug_executionWitness answers {state, codes, keys, headers}; lanes verify accepts the block", async () => {
    const tag = `0x${blockNumber.toString(16)}`;
    const witness = (await call(running.url, "debug_executionWitness", [tag])) as Record<string, string[]>;
    assert.deepEqual(Object.keys(witness), ["state", "codes", "keys", "headers"]);
    assert.ok(witness.state!.length > 20);
    assert.ok(witness.codes!.length >= 4, "tokens, pair, self-destructing contract");
    assert.equal(witness.headers!.length, 1, "the parent (no BLOCKHASH)");
    const block = await call(running.url, "eth_getBlockByNumber", [tag, true]);
    const wFile = join(dir.path, "w.json");
    const bFile = join(dir.path, "block.json");
    writeFileSync(wFile, JSON.stringify(witness));
    writeFileSync(bFile, JSON.stringify(block));
    const header = block as { stateRoot: string; receiptsRoot: string; gasUsed: string };
    for (const extra of [[], ["--parallel"]]) {
      const r = await lanes(
        "verify",
        "--witness",
        wFile,
        "--block",
        bFile,
        "--fork",
        "Prague",
        "--json",
        ...extra,
      );
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), {
        stateRoot: header.stateRoot,
        receiptsRoot: header.receiptsRoot,
        gasUsed: header.gasUsed,
        ok: true,
      });
    }
    // One node short: a clear error, exit 1.
    writeFileSync(wFile, JSON.stringify({ ...witness, state: witness.state!.slice(0, -1) }));
    const r = await lanes("verify", "--witness", wFile, "--block", bFile, "--fork", "Prague");
    assert.equal(r.status, 1);
    assert.match(r.stderr, /witness lacks trie node 0x[0-9a-f]{64}/);
  });

  it("answers for tags and refuses what has no witness", async () => {
    const latest = (await call(running.url, "debug_executionWitness", ["latest"])) as { state: string[] };
    assert.ok(latest.state.length > 0);
    const genesis = await rpc(running.url, "debug_executionWitness", ["0x0"]);
    assert.equal((genesis.error as { code: number }).code, -32602);
    const future = await rpc(running.url, "debug_executionWitness", ["0xffffff"]);
    assert.match((future.error as { message: string }).message, /not found/);
    const bad = await rpc(running.url, "debug_executionWitness", [{ nope: 1 }]);
    assert.ok(bad.error !== undefined);
  });
});
