// The cross-shard flash loan (issue 18), against the network's JSON-RPC endpoints with viem: a lending pool
// on shard 1 lends canonical tokens to a borrower on shard 0, which arbitrages two Uniswap V2 pairs on
// shard 0 and repays loan + fee on shard 1, in one transaction through the cross-shard precompile. Its
// failing variant repays short: the transaction reverts and every balance on both shards is unchanged.
// The tokens come from the L1: an ERC-20 deposited through ShardHub to each shard (a system transaction).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Address, decodeEventLog, parseEther } from "viem";
import {
  type Artifact,
  type ChainClients,
  deploy,
  read,
  send,
  shardContract,
  startNetwork,
  tempDir,
  uniswap,
  until,
} from "./helpers.js";

const HUB = shardContract("ShardHub");
const TEST_TOKEN = shardContract("TestToken");
const BRIDGE = shardContract("TokenBridge");
const CANONICAL = shardContract("CanonicalToken");
const LENDER = shardContract("FlashLender");
const ARB = shardContract("FlashArbitrageur");
const FACTORY = uniswap("UniswapV2Factory");
const PAIR = uniswap("UniswapV2Pair");
const TOKEN_BRIDGE = "0x000000000000000000000000000000000000c5c7" as Address;
const A = 0; // borrower's shard
const B = 1; // lender's shard

describe("cross-shard flash loan", () => {
  const dir = tempDir();
  let net: Awaited<ReturnType<typeof startNetwork>>;
  let a: ChainClients;
  let b: ChainClients;
  let me: Address;
  let canonical: Address;
  let other: Address;
  let lender: Address;
  let arb: Address;
  let pairs: Address[];

  const balance = (c: ChainClients, token: Address, who: Address) =>
    read<bigint>(c, token, CANONICAL, "balanceOf", [who]);

  /** Everything the flash loan can move, on both shards. */
  async function snapshot() {
    const out: Record<string, bigint> = {};
    out.lender = await balance(b, canonical, lender);
    out.supplyA = await read<bigint>(a, canonical, CANONICAL, "totalSupply");
    out.supplyB = await read<bigint>(b, canonical, CANONICAL, "totalSupply");
    out.arbToken = await balance(a, canonical, arb);
    out.arbOther = await balance(a, other, arb);
    for (const [i, p] of pairs.entries()) {
      const [r0, r1] = await read<[bigint, bigint, number]>(a, p, PAIR, "getReserves");
      out[`pair${i}r0`] = r0;
      out[`pair${i}r1`] = r1;
    }
    return out;
  }

  before(async () => {
    net = await startNetwork(dir.path);
    a = net.shards[A]!;
    b = net.shards[B]!;
    me = a.wallet.account!.address;
    // An L1 token, deposited to both shards through ShardHub.
    const hub = net.net.json().shardHub as Address;
    const l1Token = await deploy(net.l1, TEST_TOKEN, ["L1 token", "L1T", parseEther("1000000")]);
    await send(net.l1, l1Token, TEST_TOKEN, "approve", [hub, parseEther("2000")]);
    await send(net.l1, hub, HUB, "depositERC20", [BigInt(A), l1Token, me, parseEther("1000")]);
    await send(net.l1, hub, HUB, "depositERC20", [BigInt(B), l1Token, me, parseEther("1000")]);
    canonical = await read<Address>(a, TOKEN_BRIDGE, BRIDGE, "tokenAddress", [l1Token]);
    assert.equal(await read<Address>(b, TOKEN_BRIDGE, BRIDGE, "tokenAddress", [l1Token]), canonical);
    await until(
      () => balance(a, canonical, me),
      (v) => v === parseEther("1000"),
      30_000,
      "deposit on shard 0",
    );
    await until(
      () => balance(b, canonical, me),
      (v) => v === parseEther("1000"),
      30_000,
      "deposit on shard 1",
    );
    // The lending pool on B.
    lender = await deploy(b, LENDER, [canonical]);
    await send(b, canonical, CANONICAL, "transfer", [lender, parseEther("500")]);
    // Two Uniswap V2 pairs on A with different prices: 1 token = 2 other on the first, 1 = 1 on the second.
    other = await deploy(a, TEST_TOKEN, ["Other", "OTH", parseEther("1000000")]);
    pairs = [];
    for (const [tokenAmount, otherAmount] of [
      [parseEther("100"), parseEther("200")],
      [parseEther("100"), parseEther("100")],
    ] as const) {
      const factory = await deploy(a, FACTORY, [me]);
      await send(a, factory, FACTORY, "createPair", [canonical, other]);
      const pair = await read<Address>(a, factory, FACTORY, "getPair", [canonical, other]);
      await send(a, canonical, CANONICAL, "transfer", [pair, tokenAmount]);
      await send(a, other, TEST_TOKEN, "transfer", [pair, otherAmount]);
      await send(a, pair, PAIR, "mint", [me]);
      pairs.push(pair);
    }
    arb = await deploy(a, ARB, [canonical, other, pairs[0], pairs[1]]);
  });

  after(async () => {
    await net?.net.close();
    dir.remove();
  });

  function events(
    receipt: {
      logs: { address: string; data: `0x${string}`; topics: [] | [`0x${string}`, ...`0x${string}`[]] }[];
    },
    art: Artifact,
    at: Address,
  ) {
    return receipt.logs
      .filter((l) => l.address.toLowerCase() === at.toLowerCase())
      .map((l) => decodeEventLog({ abi: art.abi, data: l.data, topics: l.topics }))
      .filter((e) => e.eventName !== "Transfer" && e.eventName !== "Approval");
  }

  it("borrows on shard 1, arbitrages on shard 0 and repays on shard 1, in one transaction", async () => {
    const before = await snapshot();
    const amount = parseEther("10");
    const fee = (amount * 9n) / 10_000n;
    const r = await send(a, arb, ARB, "run", [BigInt(B), lender, amount, 0n], { gas: 3_000_000n });
    assert.equal(r.status, "success");
    const after = await snapshot();
    assert.equal(after.lender, before.lender! + fee, "the pool on shard 1 got its fee");
    assert.ok(after.arbToken! > 0n, "the arbitrageur on shard 0 kept a profit");
    // Tokens moved between shards by burn and mint: the total over both shards grew by nothing.
    assert.equal(after.supplyA! + after.supplyB!, before.supplyA! + before.supplyB!);
    const arbEvents = events(r, ARB, arb);
    assert.equal(arbEvents.length, 1);
    assert.equal(arbEvents[0]!.eventName, "Arbitrage");
    // The lender's Loan event is on shard 1, in the same superblock as the borrower's transaction.
    const blockB = await b.pub.getBlock({ blockNumber: r.blockNumber });
    const loans = await b.pub.getContractEvents({
      address: lender,
      abi: LENDER.abi,
      eventName: "Loan",
      blockHash: blockB.hash,
    });
    assert.equal(loans.length, 1);
  });

  it("a short repayment reverts the whole transaction: every balance on both shards is unchanged", async () => {
    const before = await snapshot();
    const r = await send(a, arb, ARB, "run", [BigInt(B), lender, parseEther("10"), 1n], { gas: 3_000_000n });
    assert.equal(r.status, "reverted");
    assert.deepEqual(await snapshot(), before);
    const blockB = await b.pub.getBlock({ blockNumber: r.blockNumber });
    const loans = await b.pub.getContractEvents({
      address: lender,
      abi: LENDER.abi,
      eventName: "Loan",
      blockHash: blockB.hash,
    });
    assert.equal(loans.length, 0);
  });
});
