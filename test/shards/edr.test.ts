// ShardHub on Hardhat's EDR as the L1 (issue 18): `lanes network`'s deployment, deposits, superblock commits,
// the committee's FROST finalization and a withdrawal proven with a Merkle-Patricia proof all work on a
// standard L1 that is not Lanes; the replayed withdrawal is rejected there too.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Address, encodeAbiParameters, keccak256, parseEther } from "viem";
import { type EdrL1, startEdrL1 } from "./edr-l1.js";
import { type ChainClients, read, send, shardContract, startNetwork, tempDir, until } from "./helpers.js";

const HUB = shardContract("ShardHub");
const MESSENGER = shardContract("ShardMessenger");
const MESSENGER_ADDRESS = "0x000000000000000000000000000000000000c5c6" as Address;

describe("ShardHub on an EDR (Hardhat) L1", () => {
  const dir = tempDir();
  let edr: EdrL1;
  let net: Awaited<ReturnType<typeof startNetwork>>;
  let s0: ChainClients;

  before(async () => {
    edr = await startEdrL1();
    net = await startNetwork(dir.path, { shards: 1, l1Rpc: edr.url });
    s0 = net.shards[0]!;
  });

  after(async () => {
    await net?.net.close();
    await edr?.close();
    dir.remove();
  });

  it("deposits, finalizes superblocks and proves a withdrawal once", async () => {
    const hub = net.net.json().shardHub as Address;
    const me = s0.wallet.account!.address;
    const version = await net.l1.pub.request({ method: "web3_clientVersion", params: [] } as never);
    assert.match(String(version), /edr|hardhat/i);
    const to = "0x0000000000000000000000000000000000eed001" as Address;
    await send(net.l1, hub, HUB, "depositETH", [0n, to], { value: parseEther("1") });
    await until(
      () => s0.pub.getBalance({ address: to }),
      (v) => v === parseEther("1"),
      30_000,
      "the deposit",
    );
    const back = "0x0000000000000000000000000000000000eed002" as Address;
    const r = await send(s0, MESSENGER_ADDRESS, MESSENGER, "withdraw", [back], { value: parseEther("0.5") });
    const log = r.logs.find((l) => l.address.toLowerCase() === MESSENGER_ADDRESS)!;
    const nonce = BigInt(`0x${log.data.slice(2, 66)}`);
    const k = r.blockNumber;
    await until(
      () => read<bigint>(net.l1, hub, HUB, "lastFinalized"),
      (v) => BigInt(v) >= k,
      60_000,
      "finalization",
    );
    const slot = keccak256(
      encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [log.topics[1]!, 2n]),
    );
    const proof = await s0.pub.getProof({ address: MESSENGER_ADDRESS, storageKeys: [slot], blockNumber: k });
    const args = [
      k,
      0n,
      nonce,
      me,
      back,
      parseEther("0.5"),
      "0x",
      proof.accountProof,
      proof.storageProof[0]!.proof,
    ];
    assert.equal(
      (await send(net.l1, hub, HUB, "proveWithdrawal", args, { gas: 1_000_000n })).status,
      "success",
    );
    assert.equal(await net.l1.pub.getBalance({ address: back }), parseEther("0.5"));
    assert.equal(
      (await send(net.l1, hub, HUB, "proveWithdrawal", args, { gas: 1_000_000n })).status,
      "reverted",
    );
    assert.equal(await net.l1.pub.getBalance({ address: back }), parseEther("0.5"));
  });
});
