// End to end with viem: two OpenZeppelin ERC-20s, a Uniswap V2 factory and pair (the audited build
// artifacts), liquidity and a swap, then receipts, logs, eth_getProof of the pair's reserves, and the same
// answers after a restart on the same data directory.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
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
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { verifyProof } from "../../src/trie/index.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import { ANVIL_KEYS, call, startTestNode, tempDir } from "../../tools/node-client.js";

const erc20 = parseAbi([
  "constructor(uint256 initialSupply)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address owner) view returns (uint256)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
]);
const factoryAbi = parseAbi([
  "constructor(address feeToSetter)",
  "function createPair(address tokenA, address tokenB) returns (address pair)",
  "function getPair(address, address) view returns (address)",
  "event PairCreated(address indexed token0, address indexed token1, address pair, uint256 count)",
]);
const pairAbi = parseAbi([
  "function token0() view returns (address)",
  "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)",
  "function mint(address to) returns (uint256 liquidity)",
  "function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)",
  "function balanceOf(address owner) view returns (uint256)",
  "event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)",
  "event Sync(uint112 reserve0, uint112 reserve1)",
]);

describe("e2e: ERC-20 + Uniswap V2 on lanes node (viem)", () => {
  const dir = tempDir("lanes-e2e-");
  let running: Awaited<ReturnType<typeof startTestNode>>;
  const account = privateKeyToAccount(ANVIL_KEYS[0]);
  const trader = privateKeyToAccount(ANVIL_KEYS[1]);
  let tokenA: Address;
  let tokenB: Address;
  let pair: Address;
  let swapHash: Hex;

  const clients = (key = account) => ({
    pub: createPublicClient({ chain: foundry, transport: http(running.url), pollingInterval: 20 }),
    wallet: createWalletClient({
      account: key,
      chain: foundry,
      transport: http(running.url),
      pollingInterval: 20,
    }),
  });

  before(async () => {
    running = await startTestNode(dir.path);
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("deploys two ERC-20s, the factory, and creates a pair", async () => {
    const { pub, wallet } = clients();
    const artifacts = await loadArtifacts();
    const deploy = async (
      abi: typeof erc20 | typeof factoryAbi,
      bytecode: Uint8Array,
      args: readonly unknown[],
    ) => {
      const hash = await wallet.deployContract({ abi, bytecode: bytesToHex(bytecode) as Hex, args } as never);
      const r = await pub.waitForTransactionReceipt({ hash });
      assert.equal(r.status, "success");
      return r.contractAddress!;
    };
    tokenA = await deploy(erc20, artifacts.token.bytecode, [10n ** 27n]);
    tokenB = await deploy(erc20, artifacts.token.bytecode, [10n ** 27n]);
    const factory = await deploy(factoryAbi, artifacts.uniswapFactory.bytecode, [account.address]);
    const hash = await wallet.writeContract({
      address: factory,
      abi: factoryAbi,
      functionName: "createPair",
      args: [tokenA, tokenB],
      gas: 5_000_000n,
    });
    const receipt = await pub.waitForTransactionReceipt({ hash });
    const [created] = parseEventLogs({ abi: factoryAbi, logs: receipt.logs, eventName: "PairCreated" });
    pair = created!.args.pair;
    assert.equal(
      await pub.readContract({
        address: factory,
        abi: factoryAbi,
        functionName: "getPair",
        args: [tokenA, tokenB],
      }),
      pair,
    );
    assert.equal(await pub.getCode({ address: pair }), bytesToHex(artifacts.uniswapPair.deployedBytecode));
  });

  it("adds liquidity and swaps", async () => {
    const { pub, wallet } = clients();
    const send = async (
      address: Address,
      abi: typeof erc20 | typeof pairAbi,
      functionName: string,
      args: readonly unknown[],
      w = wallet,
    ) => {
      const hash = await w.writeContract({ address, abi, functionName, args } as never);
      const r = await pub.waitForTransactionReceipt({ hash });
      assert.equal(r.status, "success", functionName);
      return r;
    };
    await send(tokenA, erc20, "transfer", [pair, 10n ** 24n]);
    await send(tokenB, erc20, "transfer", [pair, 4n * 10n ** 24n]);
    await send(pair, pairAbi, "mint", [account.address]);
    assert.ok(
      (await pub.readContract({
        address: pair,
        abi: pairAbi,
        functionName: "balanceOf",
        args: [account.address],
      })) > 0n,
    );

    // The trader swaps 1000 A for B: pay in, then take out what the constant-product formula allows.
    await send(tokenA, erc20, "transfer", [trader.address, 10n ** 21n]);
    const traderWallet = clients(trader).wallet;
    const amountIn = 10n ** 21n;
    await send(tokenA, erc20, "transfer", [pair, amountIn], traderWallet);
    const token0 = await pub.readContract({ address: pair, abi: pairAbi, functionName: "token0" });
    const [r0, r1] = await pub.readContract({ address: pair, abi: pairAbi, functionName: "getReserves" });
    const aIs0 = token0.toLowerCase() === tokenA.toLowerCase();
    const [reserveIn, reserveOut] = aIs0 ? [r0, r1] : [r1, r0];
    const amountOut = (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
    const receipt = await send(
      pair,
      pairAbi,
      "swap",
      [aIs0 ? 0n : amountOut, aIs0 ? amountOut : 0n, trader.address, "0x"],
      traderWallet,
    );
    swapHash = receipt.transactionHash;
    const [swap] = parseEventLogs({ abi: pairAbi, logs: receipt.logs, eventName: "Swap" });
    assert.equal(aIs0 ? swap!.args.amount1Out : swap!.args.amount0Out, amountOut);
    assert.equal(
      await pub.readContract({
        address: tokenB,
        abi: erc20,
        functionName: "balanceOf",
        args: [trader.address],
      }),
      amountOut,
    );
    // An output one wei too large violates the invariant and reverts (eth_call shows it).
    await assert.rejects(
      pub.simulateContract({
        account: trader.address,
        address: pair,
        abi: pairAbi,
        functionName: "swap",
        args: [aIs0 ? 0n : 10n ** 24n, aIs0 ? 10n ** 24n : 0n, trader.address, "0x"],
      }),
      /UniswapV2|reverted/,
    );
  });

  it("finds the swap in receipts, eth_getLogs and eth_getBlockReceipts, and proves the reserves", async () => {
    const { pub } = clients();
    const receipt = await pub.getTransactionReceipt({ hash: swapHash });
    const logs = await pub.getLogs({ address: pair, fromBlock: 0n, toBlock: "latest" });
    assert.ok(logs.some((l) => l.transactionHash === swapHash));
    const syncs = parseEventLogs({ abi: pairAbi, logs, eventName: "Sync" });
    assert.equal(syncs.length, 2, "mint and swap each sync the reserves");
    const blockReceipts = (await call(running.url, "eth_getBlockReceipts", [
      `0x${receipt.blockNumber.toString(16)}`,
    ])) as {
      transactionHash: string;
    }[];
    assert.ok(blockReceipts.some((r) => r.transactionHash === swapHash));
    // Slot 8 of UniswapV2Pair packs reserve0, reserve1 and blockTimestampLast.
    const block = await pub.getBlock();
    const proof = await pub.getProof({ address: pair, storageKeys: [`0x${"0".repeat(63)}8` as Hex] });
    const leaf = verifyProof(
      hexToBytes(block.stateRoot),
      keccak256(hexToBytes(pair)),
      proof.accountProof.map((n) => hexToBytes(n)),
    );
    assert.ok(leaf);
    const [r0, r1] = await pub.readContract({ address: pair, abi: pairAbi, functionName: "getReserves" });
    const slot = proof.storageProof[0]!.value;
    assert.equal(slot & ((1n << 112n) - 1n), r0);
    assert.equal((slot >> 112n) & ((1n << 112n) - 1n), r1);
    const value = verifyProof(
      hexToBytes(proof.storageHash),
      keccak256(hexToBytes(proof.storageProof[0]!.key)),
      proof.storageProof[0]!.proof.map((n) => hexToBytes(n)),
    );
    assert.ok(value);
  });

  it("finds everything again after a restart", async () => {
    const before = clients().pub;
    const head = await before.getBlock();
    const reserves = await before.readContract({ address: pair, abi: pairAbi, functionName: "getReserves" });
    await running.close();
    running = await startTestNode(dir.path);
    const { pub } = clients();
    const again = await pub.getBlock();
    assert.equal(again.hash, head.hash);
    assert.equal(again.stateRoot, head.stateRoot);
    assert.deepEqual(
      await pub.readContract({ address: pair, abi: pairAbi, functionName: "getReserves" }),
      reserves,
    );
    const receipt = await pub.getTransactionReceipt({ hash: swapHash });
    assert.equal(receipt.status, "success");
    const logs = await pub.getLogs({ address: pair, fromBlock: 0n });
    assert.ok(logs.some((l) => l.transactionHash === swapHash));
  });
});
