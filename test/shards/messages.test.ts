// Messages and atomic calls against a running network with viem (issue 18): an ETH deposit from the L1, a
// shard-to-shard message (delivered once, from the sender's alias), a withdrawal to the L1 proven with a
// Merkle-Patricia proof (eth_getProof of the shard messenger's `sent` mapping) once the committee has
// finalized its superblock, the replayed withdrawal rejected (ETH, and an ERC-20 through its canonical
// token's withdrawToL1); and the cross-shard call's semantics: return
// data, calls nested back into the calling shard, revert data, and a revert after a remote call undoing it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Address,
  decodeErrorResult,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseEther,
  toFunctionSelector,
} from "viem";
import { ALIAS_OFFSET } from "../../src/shards/addresses.js";
import {
  type ChainClients,
  deploy,
  read,
  revertDataOf,
  send,
  shardContract,
  startNetwork,
  tempDir,
  until,
} from "./helpers.js";

const HUB = shardContract("ShardHub");
const MESSENGER = shardContract("ShardMessenger");
const COUNTER = shardContract("CrossCounter");
const MESSENGER_ADDRESS = "0x000000000000000000000000000000000000c5c6" as Address;
const TOKEN_BRIDGE = "0x000000000000000000000000000000000000c5c7" as Address;
const BRIDGE = shardContract("TokenBridge");
const CANONICAL = shardContract("CanonicalToken");
const TEST_TOKEN = shardContract("TestToken");

function aliasOf(shard: bigint, a: Address): Address {
  const v = (BigInt(a) + ALIAS_OFFSET * (shard + 1n)) & ((1n << 160n) - 1n);
  return `0x${v.toString(16).padStart(40, "0")}` as Address;
}

describe("deposits, messages, proven withdrawals and atomic calls", () => {
  const dir = tempDir();
  let net: Awaited<ReturnType<typeof startNetwork>>;
  let s0: ChainClients;
  let s1: ChainClients;
  let me: Address;
  let hub: Address;
  let c0: Address;
  let c1: Address;
  /** A local bump() on shard 1, for the gas comparison. */
  let localBump: { gasUsed: bigint } | undefined;

  before(async () => {
    net = await startNetwork(dir.path);
    [s0, s1] = net.shards as [ChainClients, ChainClients];
    me = s0.wallet.account!.address;
    hub = net.net.json().shardHub as Address;
    c0 = await deploy(s0, COUNTER);
    c1 = await deploy(s1, COUNTER);
  });

  after(async () => {
    await net?.net.close();
    dir.remove();
  });

  it("an ETH deposit from the L1 arrives on the shard", async () => {
    const to = "0x00000000000000000000000000000000000d3b17" as Address;
    const r = await send(net.l1, hub, HUB, "depositETH", [0n, to], { value: parseEther("2") });
    assert.equal(r.status, "success");
    await until(
      () => s0.pub.getBalance({ address: to }),
      (v) => v === parseEther("2"),
      30_000,
      "the deposit",
    );
    assert.equal(await s1.pub.getBalance({ address: to }), 0n);
  });

  it("a shard-to-shard message runs once on the other shard, from the sender's alias", async () => {
    const data = encodeFunctionData({ abi: COUNTER.abi, functionName: "bump" });
    const r = await send(s0, MESSENGER_ADDRESS, MESSENGER, "sendMessage", [1n, c1, data]);
    assert.equal(r.status, "success");
    await until(
      () => read<bigint>(s1, c1, COUNTER, "count"),
      (v) => v === 1n,
      30_000,
      "the message",
    );
    assert.equal(await read<bigint>(s1, c1, COUNTER, "byCaller", [aliasOf(0n, me)]), 1n);
    const id = r.logs.find((l) => l.address.toLowerCase() === MESSENGER_ADDRESS)!.topics[1]!;
    assert.equal(await read<boolean>(s1, MESSENGER_ADDRESS, MESSENGER, "received", [id]), true);
    // Later superblocks do not deliver it again.
    localBump = await send(s1, c1, COUNTER, "bump", []);
    assert.equal(await read<bigint>(s1, c1, COUNTER, "count"), 2n);
  });

  it("a withdrawal to the L1 is proven with a Merkle-Patricia proof after finalization, and only once", async () => {
    const to = "0x0000000000000000000000000000000000077177" as Address;
    // Fund the hub's ETH escrow first (withdrawals pay out of deposits).
    await send(net.l1, hub, HUB, "depositETH", [0n, me], { value: parseEther("1") });
    const r = await send(s0, MESSENGER_ADDRESS, MESSENGER, "withdraw", [to], { value: parseEther("0.25") });
    assert.equal(r.status, "success");
    const log = r.logs.find((l) => l.address.toLowerCase() === MESSENGER_ADDRESS)!;
    const id = log.topics[1] as Hex;
    const [nonce] = [BigInt(`0x${log.data.slice(2, 66)}`)];
    const k = r.blockNumber; // shard block k belongs to superblock k
    await until(
      () => read<bigint>(net.l1, hub, HUB, "lastFinalized"),
      (v) => BigInt(v) >= k,
      60_000,
      "finalization",
    );
    const slot = keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [id, 2n]));
    const proof = await s0.pub.getProof({ address: MESSENGER_ADDRESS, storageKeys: [slot], blockNumber: k });
    assert.equal(proof.storageProof[0]!.value, 1n);
    const args = [
      k,
      0n,
      nonce,
      me,
      to,
      parseEther("0.25"),
      "0x",
      proof.accountProof,
      proof.storageProof[0]!.proof,
    ];
    const ok = await send(net.l1, hub, HUB, "proveWithdrawal", args, { gas: 1_000_000n });
    assert.equal(ok.status, "success");
    assert.equal(await net.l1.pub.getBalance({ address: to }), parseEther("0.25"));
    // The replay is rejected with AlreadyWithdrawn.
    const data = await revertDataOf(net.l1, me, hub, HUB, "proveWithdrawal", args);
    assert.equal(decodeErrorResult({ abi: HUB.abi, data: data! }).errorName, "AlreadyWithdrawn");
    const sent = await send(net.l1, hub, HUB, "proveWithdrawal", args, { gas: 1_000_000n });
    assert.equal(sent.status, "reverted");
    assert.equal(await net.l1.pub.getBalance({ address: to }), parseEther("0.25"));
    // A proof for a message that was never sent fails too (a wrong id under the same root).
    const forged = [
      k,
      0n,
      nonce,
      me,
      to,
      parseEther("5"),
      "0x",
      proof.accountProof,
      proof.storageProof[0]!.proof,
    ];
    const bad = await send(net.l1, hub, HUB, "proveWithdrawal", forged, { gas: 1_000_000n });
    assert.equal(bad.status, "reverted");
  });

  it("an ERC-20 withdrawal through the canonical token is proven on the L1 after finalization, and only once", async () => {
    const to = "0x00000000000000000000000000000000000e2c20" as Address;
    const l1Token = await deploy(net.l1, TEST_TOKEN, ["L1 token", "L1T", parseEther("1000")]);
    await send(net.l1, l1Token, TEST_TOKEN, "approve", [hub, parseEther("100")]);
    await send(net.l1, hub, HUB, "depositERC20", [0n, l1Token, me, parseEther("100")]);
    const canonical = await read<Address>(s0, TOKEN_BRIDGE, BRIDGE, "tokenAddress", [l1Token]);
    await until(
      () => read<bigint>(s0, canonical, CANONICAL, "balanceOf", [me]).catch(() => 0n),
      (v) => v === parseEther("100"),
      60_000,
      "the ERC-20 deposit",
    );
    assert.equal(await read<bigint>(net.l1, l1Token, TEST_TOKEN, "balanceOf", [hub]), parseEther("100"));

    const r = await send(s0, canonical, CANONICAL, "withdrawToL1", [to, parseEther("40")]);
    assert.equal(r.status, "success");
    assert.equal(await read<bigint>(s0, canonical, CANONICAL, "totalSupply"), parseEther("60"));
    const log = r.logs.find((l) => l.address.toLowerCase() === MESSENGER_ADDRESS)!;
    const id = log.topics[1] as Hex;
    assert.equal(BigInt(log.topics[3]!), BigInt(TOKEN_BRIDGE), "the message's sender is the token bridge");
    const nonce = BigInt(`0x${log.data.slice(2, 66)}`);
    const data = encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [l1Token, parseEther("40")]);
    const k = r.blockNumber;
    await until(
      () => read<bigint>(net.l1, hub, HUB, "lastFinalized"),
      (v) => BigInt(v) >= k,
      60_000,
      "finalization",
    );
    const slot = keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [id, 2n]));
    const proof = await s0.pub.getProof({ address: MESSENGER_ADDRESS, storageKeys: [slot], blockNumber: k });
    assert.equal(proof.storageProof[0]!.value, 1n);
    const args = [k, 0n, nonce, TOKEN_BRIDGE, to, 0n, data, proof.accountProof, proof.storageProof[0]!.proof];
    const ok = await send(net.l1, hub, HUB, "proveWithdrawal", args, { gas: 1_000_000n });
    assert.equal(ok.status, "success");
    assert.equal(await read<bigint>(net.l1, l1Token, TEST_TOKEN, "balanceOf", [to]), parseEther("40"));
    assert.equal(await read<bigint>(net.l1, l1Token, TEST_TOKEN, "balanceOf", [hub]), parseEther("60"));
    // The replay is rejected with AlreadyWithdrawn and releases nothing.
    const revert = await revertDataOf(net.l1, me, hub, HUB, "proveWithdrawal", args);
    assert.equal(decodeErrorResult({ abi: HUB.abi, data: revert! }).errorName, "AlreadyWithdrawn");
    const again = await send(net.l1, hub, HUB, "proveWithdrawal", args, { gas: 1_000_000n });
    assert.equal(again.status, "reverted");
    assert.equal(await read<bigint>(net.l1, l1Token, TEST_TOKEN, "balanceOf", [to]), parseEther("40"));
    // A proof of a larger amount than was burnt fails (another id under the same root).
    const more = encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [l1Token, parseEther("60")]);
    const forged = [
      k,
      0n,
      nonce,
      TOKEN_BRIDGE,
      to,
      0n,
      more,
      proof.accountProof,
      proof.storageProof[0]!.proof,
    ];
    const bad = await send(net.l1, hub, HUB, "proveWithdrawal", forged, { gas: 1_000_000n });
    assert.equal(bad.status, "reverted");
  });

  it("an atomic call returns the callee's output; calls nest back into the calling shard", async () => {
    const before1 = await read<bigint>(s1, c1, COUNTER, "count");
    const r = await send(s0, c0, COUNTER, "bumpRemote", [1n, c1], { gas: 1_000_000n });
    assert.equal(r.status, "success");
    assert.equal(await read<bigint>(s1, c1, COUNTER, "count"), before1 + 1n);
    assert.equal(await read<bigint>(s1, c1, COUNTER, "byCaller", [aliasOf(0n, c0)]), 1n);
    // Gas is accounted across shards: the origin transaction pays the remote bump() (about what the local
    // bump() on shard 1 cost beyond its 21,000 intrinsic gas) plus the precompile's 10,000.
    assert.ok(localBump !== undefined);
    assert.ok(r.gasUsed > localBump.gasUsed + 10_000n, `${r.gasUsed} vs local ${localBump.gasUsed}`);
    // ping 0 -> 1 -> 0 -> 1: four frames on two shards.
    const c0Before = await read<bigint>(s0, c0, COUNTER, "count");
    const c1Before = await read<bigint>(s1, c1, COUNTER, "count");
    const p = await send(s0, c0, COUNTER, "ping", [1n, c1, 3n], { gas: 2_000_000n });
    assert.equal(p.status, "success");
    assert.equal(await read<bigint>(s0, c0, COUNTER, "count"), c0Before + 2n);
    assert.equal(await read<bigint>(s1, c1, COUNTER, "count"), c1Before + 2n);
  });

  it("a revert inside the call reverts the calling frame with the same data; a later revert undoes the remote call", async () => {
    const c0Before = await read<bigint>(s0, c0, COUNTER, "count");
    const c1Before = await read<bigint>(s1, c1, COUNTER, "count");
    // eth_call cannot see other shards: a cross-shard call reverts with CrossShardNotSimulated(shard).
    const simData = await revertDataOf(s0, me, c0, COUNTER, "bumpRemote", [1n, c1], 1_000_000n);
    assert.equal(simData?.slice(0, 10), toFunctionSelector("CrossShardNotSimulated(uint64)"));
    const t = await send(s0, c0, COUNTER, "tryRemote", [1n, c1, 7n], { gas: 1_000_000n });
    assert.equal(t.status, "success");
    assert.equal(
      await read<bigint>(s1, c1, COUNTER, "count"),
      c1Before,
      "the reverted remote frame left nothing",
    );
    assert.equal(await read<bigint>(s0, c0, COUNTER, "count"), c0Before + 1n);
    const refused = await send(s0, c0, COUNTER, "bumpRemoteThenRefuse", [1n, c1, 9n], { gas: 1_000_000n });
    assert.equal(refused.status, "reverted");
    assert.equal(await read<bigint>(s1, c1, COUNTER, "count"), c1Before, "the remote bump was rolled back");
    assert.equal(await read<bigint>(s0, c0, COUNTER, "count"), c0Before + 1n);
  });
});
