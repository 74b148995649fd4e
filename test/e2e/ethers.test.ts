// End to end with ethers v6 as the client: the scenario of uniswap.test.ts (two OpenZeppelin ERC-20s, the
// audited Uniswap V2 factory and pair, liquidity and a swap; receipts, logs, eth_getProof of the reserves, and
// the same answers after a restart on the same data directory), plus a WebSocketProvider newHeads
// subscription and the "nonce too low" error as ethers surfaces it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  Contract,
  ContractFactory,
  type InterfaceAbi,
  isError,
  JsonRpcProvider,
  Network,
  type TransactionReceipt,
  toQuantity,
  Wallet,
  WebSocketProvider,
  zeroPadValue,
} from "ethers";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { rlpDecode } from "../../src/primitives/rlp.js";
import { verifyProof } from "../../src/trie/index.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import { repoRoot } from "../../tools/contracts/sources.js";
import { ANVIL_KEYS, startTestNode, tempDir } from "../../tools/node-client.js";

const CHAIN_ID = 31337;

// The ABIs come from the same compiled artifacts whose bytecode loadArtifacts() returns: the solc cache for
// the OpenZeppelin-based BenchToken, and @uniswap/v2-core's build JSON for the factory and pair.
function abis(): { token: InterfaceAbi; factory: InterfaceAbi; pair: InterfaceAbi } {
  const cache = JSON.parse(readFileSync(join(repoRoot(), "tools/contracts/artifacts.json"), "utf8")) as {
    contracts: Record<string, { abi: InterfaceAbi }>;
  };
  const require = createRequire(join(repoRoot(), "package.json"));
  const uniswap = (name: string): InterfaceAbi =>
    (
      JSON.parse(readFileSync(require.resolve(`@uniswap/v2-core/build/${name}.json`), "utf8")) as {
        abi: InterfaceAbi;
      }
    ).abi;
  return {
    token: cache.contracts.BenchToken!.abi,
    factory: uniswap("UniswapV2Factory"),
    pair: uniswap("UniswapV2Pair"),
  };
}

interface ProofReply {
  accountProof: string[];
  storageHash: string;
  storageProof: { key: string; value: string; proof: string[] }[];
}

describe("e2e: ERC-20 + Uniswap V2 on lanes node (ethers v6)", () => {
  const dir = tempDir("lanes-e2e-ethers-");
  const abi = abis();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let provider: JsonRpcProvider;
  let deployer: Wallet;
  let trader: Wallet;
  let tokenA: Contract;
  let tokenB: Contract;
  let pair: Contract;
  let pairAddress: string;
  let swapHash: string;

  // Provider options, set explicitly for an automining devnet:
  // - pollingInterval: ethers polls for receipts (tx.wait) every 4 s by default; 20 ms keeps the test short.
  // - cacheTimeout: ethers reuses the answer of an identical request for 250 ms. A whole deploy takes a few
  //   ms here, so the next send's eth_getTransactionCount(pending) would get the stale nonce and re-send
  //   the previous transaction ("already known"). -1 turns that cache off.
  // Batching stays at ethers' defaults (requests made within 10 ms go out as one JSON-RPC batch), so a real
  // client also exercises the node's batch path.
  const connect = (url: string): JsonRpcProvider =>
    new JsonRpcProvider(url, Network.from(CHAIN_ID), { pollingInterval: 20, cacheTimeout: -1 });

  const attach = () => {
    provider = connect(running.url);
    deployer = new Wallet(ANVIL_KEYS[0], provider);
    trader = new Wallet(ANVIL_KEYS[1], provider);
  };

  const mined = async (
    tx: Promise<{ wait(): Promise<TransactionReceipt | null> }>,
    what: string,
  ): Promise<TransactionReceipt> => {
    const receipt = await (await tx).wait();
    assert.ok(receipt, what);
    assert.equal(receipt.status, 1, what);
    return receipt;
  };

  before(async () => {
    running = await startTestNode(dir.path);
    attach();
  });

  after(async () => {
    provider?.destroy();
    await running?.close();
    dir.remove();
  });

  it("deploys two ERC-20s and the factory with ContractFactory, and creates a pair", async () => {
    const artifacts = await loadArtifacts();
    const deploy = async (contractAbi: InterfaceAbi, bytecode: Uint8Array, ...args: unknown[]) => {
      const contract = await new ContractFactory(contractAbi, bytesToHex(bytecode), deployer).deploy(...args);
      await contract.waitForDeployment();
      const receipt = await contract.deploymentTransaction()!.wait();
      assert.equal(receipt?.status, 1);
      assert.equal(receipt?.contractAddress, await contract.getAddress());
      return contract as Contract;
    };
    assert.equal((await provider.getNetwork()).chainId, BigInt(CHAIN_ID));
    tokenA = await deploy(abi.token, artifacts.token.bytecode, 10n ** 27n);
    tokenB = await deploy(abi.token, artifacts.token.bytecode, 10n ** 27n);
    const factory = await deploy(abi.factory, artifacts.uniswapFactory.bytecode, deployer.address);
    assert.equal(await tokenA.getFunction("balanceOf")(deployer.address), 10n ** 27n);

    // Gas left to ethers' eth_estimateGas (createPair runs CREATE2 with the pair's whole init code).
    const receipt = await mined(
      factory.getFunction("createPair")(await tokenA.getAddress(), await tokenB.getAddress()),
      "createPair",
    );
    const created = receipt.logs
      .map((l) => factory.interface.parseLog(l))
      .find((p) => p?.name === "PairCreated");
    assert.ok(created);
    pairAddress = created.args.pair as string;
    assert.equal(
      await factory.getFunction("getPair")(await tokenA.getAddress(), await tokenB.getAddress()),
      pairAddress,
    );
    assert.equal(await provider.getCode(pairAddress), bytesToHex(artifacts.uniswapPair.deployedBytecode));
    pair = new Contract(pairAddress, abi.pair, deployer);
  });

  it("adds liquidity and swaps", async () => {
    const a = tokenA.connect(deployer) as Contract;
    const b = tokenB.connect(deployer) as Contract;
    await mined(a.getFunction("transfer")(pairAddress, 10n ** 24n), "transfer A");
    await mined(b.getFunction("transfer")(pairAddress, 4n * 10n ** 24n), "transfer B");
    const mint = await mined(pair.getFunction("mint")(deployer.address), "mint");
    const parsedMint = mint.logs.map((l) => pair.interface.parseLog(l)).filter((p) => p !== null);
    assert.ok(parsedMint.some((p) => p.name === "Mint"));
    assert.ok((await pair.getFunction("balanceOf")(deployer.address)) > 0n);

    // The trader swaps 1000 A for B: pay in, then take out what the constant-product formula allows.
    const amountIn = 10n ** 21n;
    await mined(a.getFunction("transfer")(trader.address, amountIn), "fund trader");
    await mined(
      (tokenA.connect(trader) as Contract).getFunction("transfer")(pairAddress, amountIn),
      "pay in",
    );
    const token0 = (await pair.getFunction("token0")()) as string;
    const [r0, r1] = (await pair.getFunction("getReserves")()) as [bigint, bigint, bigint];
    const aIs0 = token0.toLowerCase() === (await tokenA.getAddress()).toLowerCase();
    const [reserveIn, reserveOut] = aIs0 ? [r0, r1] : [r1, r0];
    const amountOut = (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);
    const traderPair = pair.connect(trader) as Contract;
    const receipt = await mined(
      traderPair.getFunction("swap")(aIs0 ? 0n : amountOut, aIs0 ? amountOut : 0n, trader.address, "0x"),
      "swap",
    );
    swapHash = receipt.hash;
    const swap = receipt.logs.map((l) => pair.interface.parseLog(l)).find((p) => p?.name === "Swap");
    assert.ok(swap);
    assert.equal(aIs0 ? swap.args.amount1Out : swap.args.amount0Out, amountOut);
    assert.equal(swap.args.to, trader.address);
    assert.equal(await tokenB.getFunction("balanceOf")(trader.address), amountOut);

    // An output one wei too large violates the invariant: eth_call reverts and ethers decodes the reason.
    await assert.rejects(
      traderPair
        .getFunction("swap")
        .staticCall(aIs0 ? 0n : amountOut + 1n, aIs0 ? amountOut + 1n : 0n, trader.address, "0x"),
      (e: unknown) => isError(e, "CALL_EXCEPTION") && /UniswapV2/.test(String(e.reason)),
    );
  });

  it("finds the swap through receipts and provider.getLogs with topic filters", async () => {
    const receipt = await provider.getTransactionReceipt(swapHash);
    assert.ok(receipt);
    assert.equal(receipt.status, 1);
    const tx = await provider.getTransaction(swapHash);
    assert.equal(tx?.from, trader.address);
    assert.equal(tx?.blockNumber, receipt.blockNumber);

    const swapTopic = pair.interface.getEvent("Swap")!.topicHash;
    const swaps = await provider.getLogs({ address: pairAddress, topics: [swapTopic], fromBlock: 0 });
    assert.equal(swaps.length, 1);
    assert.equal(swaps[0]!.transactionHash, swapHash);
    const syncTopic = pair.interface.getEvent("Sync")!.topicHash;
    const syncs = await provider.getLogs({ address: pairAddress, topics: [syncTopic], fromBlock: 0 });
    assert.equal(syncs.length, 2, "mint and swap each sync the reserves");
    // Indexed argument filter: Transfers of token B to the trader (only the swap's payout), and an OR-list.
    const transferTopic = tokenB.interface.getEvent("Transfer")!.topicHash;
    const toTrader = await provider.getLogs({
      address: await tokenB.getAddress(),
      topics: [transferTopic, null, zeroPadValue(trader.address, 32)],
      fromBlock: 0,
      toBlock: "latest",
    });
    assert.equal(toTrader.length, 1);
    assert.equal(toTrader[0]!.transactionHash, swapHash);
    const parsed = tokenB.interface.parseLog(toTrader[0]!);
    assert.equal(parsed?.args.to, trader.address);
    const either = await provider.getLogs({
      address: pairAddress,
      topics: [[swapTopic, syncTopic]],
      fromBlock: 0,
    });
    assert.equal(either.length, 3);
  });

  it("proves the pair's reserves with eth_getProof against the block's stateRoot", async () => {
    const number = await provider.getBlockNumber();
    const block = await provider.getBlock(number);
    assert.ok(block?.stateRoot);
    // Slot 8 of UniswapV2Pair packs reserve0, reserve1 and blockTimestampLast.
    const slot = zeroPadValue("0x08", 32);
    const proof = (await provider.send("eth_getProof", [
      pairAddress,
      [slot],
      toQuantity(number),
    ])) as ProofReply;
    const leaf = verifyProof(
      hexToBytes(block.stateRoot),
      keccak256(hexToBytes(pairAddress)),
      proof.accountProof.map((n) => hexToBytes(n)),
    );
    assert.ok(leaf, "account proof verifies against the block's stateRoot");
    // The account leaf is rlp([nonce, balance, storageRoot, codeHash]).
    const account = rlpDecode(leaf) as Uint8Array[];
    assert.equal(bytesToHex(account[2]!), proof.storageHash);
    assert.equal(
      bytesToHex(account[3]!),
      bytesToHex(keccak256(hexToBytes(await provider.getCode(pairAddress)))),
    );

    const [r0, r1] = (await pair.getFunction("getReserves")({ blockTag: number })) as [
      bigint,
      bigint,
      bigint,
    ];
    const value = BigInt(proof.storageProof[0]!.value);
    assert.equal(value & ((1n << 112n) - 1n), r0);
    assert.equal((value >> 112n) & ((1n << 112n) - 1n), r1);
    const stored = verifyProof(
      hexToBytes(proof.storageHash),
      keccak256(hexToBytes(slot)),
      proof.storageProof[0]!.proof.map((n) => hexToBytes(n)),
    );
    assert.ok(stored, "storage proof verifies against the account's storageRoot");
    assert.equal(BigInt(bytesToHex(rlpDecode(stored) as Uint8Array)), value);
  });

  it("sees the next block through a WebSocketProvider newHeads subscription", {
    timeout: 10_000,
  }, async () => {
    const ws = new WebSocketProvider(running.url.replace("http", "ws"), Network.from(CHAIN_ID));
    try {
      const start = await ws.getBlockNumber();
      const seen: number[] = [];
      let notify = (): void => {};
      await ws.on("block", (n: number) => {
        seen.push(n);
        notify();
      });
      // A round trip on the same socket after eth_subscribe: the subscription is registered before the block.
      await ws.send("eth_blockNumber", []);
      const receipt = await mined(
        deployer.sendTransaction({ to: trader.address, value: 1n }),
        "transfer while subscribed",
      );
      assert.ok(receipt.blockNumber > start);
      if (!seen.includes(receipt.blockNumber))
        await new Promise<void>((resolve) => {
          notify = () => {
            if (seen.includes(receipt.blockNumber)) resolve();
          };
        });
      const viaWs = await ws.getBlock(receipt.blockNumber);
      assert.equal(viaWs?.hash, receipt.blockHash);
    } finally {
      await ws.destroy();
    }
  });

  it("reports a too-low nonce as an ethers NONCE_EXPIRED error carrying the node's message", async () => {
    await assert.rejects(
      deployer.sendTransaction({ to: trader.address, value: 1n, nonce: 0 }),
      (e: unknown) => {
        assert.ok(isError(e, "NONCE_EXPIRED"), String(e));
        // ethers maps the node's -32000 "nonce too low" to NONCE_EXPIRED and keeps the original in info.error.
        assert.match(`${e.message} ${JSON.stringify(e.info)}`, /nonce too low/);
        assert.equal((e.info?.error as { code?: number } | undefined)?.code, -32000);
        return true;
      },
    );
  });

  it("finds reserves, receipts and logs again through ethers after a restart", async () => {
    const head = await provider.getBlock("latest");
    assert.ok(head);
    const reserves = (await pair.getFunction("getReserves")()) as unknown[];
    const swapReceipt = await provider.getTransactionReceipt(swapHash);
    const logs = await provider.getLogs({ address: pairAddress, fromBlock: 0 });
    provider.destroy();
    await running.close();

    running = await startTestNode(dir.path);
    attach();
    const again = await provider.getBlock("latest");
    assert.equal(again?.hash, head.hash);
    assert.equal(again?.stateRoot, head.stateRoot);
    const pairAgain = pair.connect(provider) as Contract;
    assert.deepEqual([...((await pairAgain.getFunction("getReserves")()) as unknown[])], [...reserves]);
    const receipt = await provider.getTransactionReceipt(swapHash);
    assert.equal(receipt?.status, 1);
    assert.equal(receipt?.blockHash, swapReceipt?.blockHash);
    assert.deepEqual(
      receipt?.logs.map((l) => l.toJSON()),
      swapReceipt?.logs.map((l) => l.toJSON()),
    );
    const logsAgain = await provider.getLogs({ address: pairAddress, fromBlock: 0 });
    assert.deepEqual(
      logsAgain.map((l) => l.toJSON()),
      logs.map((l) => l.toJSON()),
    );
    // The chain keeps going: the restarted node accepts the next nonce ethers picks.
    await mined(deployer.sendTransaction({ to: trader.address, value: 1n }), "transfer after restart");
  });
});
