// The L2 side on `lanes node`: the in-EVM BIP340 verifier against the BIP340 vectors, lBTC minted on a
// FROST deposit attestation (forged, replayed or mis-bound attestations rejected), and a burn turned by the
// withdrawal service into a FROST-signed Taproot transaction that bitcoinjs-lib + libsecp256k1 verify.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex, hexToBytes, randomBytes } from "@noble/hashes/utils.js";
import * as bitcoin from "bitcoinjs-lib";
import * as ecc from "tiny-secp256k1";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  parseEventLogs,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { custodyArtifact } from "../../src/custody/bridge/artifacts.js";
import { depositDigest } from "../../src/custody/bridge/attestation.js";
import { WithdrawalService } from "../../src/custody/bridge/withdrawal-service.js";
import type { GroupKey } from "../../src/custody/frost/keys.js";
import { signingKey } from "../../src/custody/frost/signing.js";
import { ANVIL_KEYS, startTestNode, tempDir } from "../../tools/node-client.js";
import { serviceCluster } from "./helpers.js";

bitcoin.initEccLib(ecc);

describe("custody L2: BTCBridge and lBTC on lanes node", () => {
  const dir = tempDir("lanes-custody-bridge-");
  let running: Awaited<ReturnType<typeof startTestNode>>;
  const account = privateKeyToAccount(ANVIL_KEYS[0]);
  const user = privateKeyToAccount(ANVIL_KEYS[1]);
  const c = serviceCluster(3);
  let group: GroupKey;
  let bridge: Address;
  let token: Address;
  const bridgeAbi = custodyArtifact("BTCBridge").abi as Abi;
  const tokenAbi = custodyArtifact("LBTC").abi as Abi;

  const pub = () => createPublicClient({ chain: foundry, transport: http(running.url), pollingInterval: 20 });
  const wallet = (key = account) =>
    createWalletClient({ account: key, chain: foundry, transport: http(running.url), pollingInterval: 20 });

  before(async () => {
    running = await startTestNode(dir.path, { threads: 1 });
    ({ group } = await c.coordinator.keygen(2, c.indices));
  });
  after(async () => {
    await running?.close();
    dir.remove();
    rmSync(c.root, { recursive: true, force: true });
  });

  async function deploy(name: "BTCBridge" | "FrostSchnorrHarness", args: unknown[]): Promise<Address> {
    const a = custodyArtifact(name);
    const hash = await wallet().deployContract({ abi: a.abi as Abi, bytecode: a.bytecode, args } as never);
    const r = await pub().waitForTransactionReceipt({ hash });
    assert.equal(r.status, "success");
    return r.contractAddress!;
  }

  it("the in-EVM verifier agrees with every BIP340 vector and with FROST signatures", async () => {
    const harness = await deploy("FrostSchnorrHarness", []);
    const abi = custodyArtifact("FrostSchnorrHarness").abi as Abi;
    const csv = readFileSync(new URL("../../../test/custody/vectors/bip340.csv", import.meta.url), "utf8");
    for (const row of csv.trim().split("\n").slice(1)) {
      const [index, , pk, , msg, sig, result] = row.split(",");
      const ok = await pub().readContract({
        address: harness,
        abi,
        functionName: "verify",
        args: [BigInt(`0x${pk}`), `0x${msg}`, `0x${sig}`],
      });
      assert.equal(ok, result === "TRUE", `BIP340 vector ${index}`);
    }
    const m = randomBytes(32);
    const r = await c.coordinator.sign(group, [1, 2], m, "plain");
    const args = (sig: Uint8Array, msg: Uint8Array) => [
      BigInt(`0x${bytesToHex(r.publicKey)}`),
      `0x${bytesToHex(msg)}`,
      `0x${bytesToHex(sig)}`,
    ];
    assert.equal(
      await pub().readContract({ address: harness, abi, functionName: "verify", args: args(r.signature, m) }),
      true,
    );
    const tampered = r.signature.slice();
    tampered[63]! ^= 1;
    assert.equal(
      await pub().readContract({ address: harness, abi, functionName: "verify", args: args(tampered, m) }),
      false,
    );
    assert.equal(
      await pub().readContract({
        address: harness,
        abi,
        functionName: "verify",
        args: args(r.signature, randomBytes(32)),
      }),
      false,
    );
  });

  it("mints lBTC on a FROST attestation and rejects forged, replayed and mis-bound ones", async () => {
    bridge = await deploy("BTCBridge", [BigInt(`0x${bytesToHex(signingKey(group, "plain"))}`)]);
    token = (await pub().readContract({ address: bridge, abi: bridgeAbi, functionName: "token" })) as Address;
    const deposit = { txid: bytesToHex(randomBytes(32)), vout: 1, amount: 150_000n, recipient: user.address };
    const digest = depositDigest(31337n, bridge, deposit);
    const onChain = await pub().readContract({
      address: bridge,
      abi: bridgeAbi,
      functionName: "depositDigest",
      args: [`0x${deposit.txid}`, deposit.vout, deposit.amount, deposit.recipient],
    });
    assert.equal(onChain, `0x${bytesToHex(digest)}`);
    const { signature } = await c.coordinator.sign(group, [2, 3], digest, "plain");
    const mint = async (d: typeof deposit, sig: Uint8Array) =>
      wallet().writeContract({
        address: bridge,
        abi: bridgeAbi,
        functionName: "mint",
        args: [`0x${d.txid}`, d.vout, d.amount, d.recipient, `0x${bytesToHex(sig)}`],
        gas: 500_000n,
      });
    const status = async (hash: Hex) => (await pub().waitForTransactionReceipt({ hash })).status;

    // Forged: the same signature for a larger amount, another recipient, or by another key.
    assert.equal(await status(await mint({ ...deposit, amount: 1_500_000n }, signature)), "reverted");
    assert.equal(await status(await mint({ ...deposit, recipient: account.address }, signature)), "reverted");
    const outsider = schnorr.sign(digest, schnorr.utils.randomSecretKey());
    assert.equal(await status(await mint(deposit, outsider)), "reverted");
    // A Taproot-mode group signature (other key) does not pass either.
    const tr = await c.coordinator.sign(group, [1, 3], digest, "taproot");
    assert.equal(await status(await mint(deposit, tr.signature)), "reverted");

    const ok = await pub().waitForTransactionReceipt({ hash: await mint(deposit, signature) });
    assert.equal(ok.status, "success");
    assert.ok(ok.gasUsed < 200_000n, `mint used ${ok.gasUsed} gas`);
    assert.equal(parseEventLogs({ abi: bridgeAbi, logs: ok.logs, eventName: "DepositMinted" }).length, 1);
    assert.equal(
      await pub().readContract({
        address: token,
        abi: tokenAbi,
        functionName: "balanceOf",
        args: [user.address],
      }),
      150_000n,
    );
    // Replay of the same deposit.
    assert.equal(await status(await mint(deposit, signature)), "reverted");
    assert.equal(
      await pub().readContract({ address: token, abi: tokenAbi, functionName: "totalSupply" }),
      150_000n,
    );
  });

  it("a burn becomes a FROST-signed Taproot withdrawal that bitcoinjs-lib verifies", async () => {
    const dest = bitcoin.payments.p2wpkh({
      pubkey: ecc.pointFromScalar(new Uint8Array(32).fill(3))!,
      network: bitcoin.networks.regtest,
    });
    const hash = await wallet(user).writeContract({
      address: bridge,
      abi: bridgeAbi,
      functionName: "burn",
      args: [100_000n, `0x${bytesToHex(dest.output!)}`],
      gas: 300_000n,
    });
    assert.equal((await pub().waitForTransactionReceipt({ hash })).status, "success");
    assert.equal(
      await pub().readContract({
        address: token,
        abi: tokenAbi,
        functionName: "balanceOf",
        args: [user.address],
      }),
      50_000n,
    );

    const internal = hexToBytes(group.commitments[0]!);
    const p2tr = bitcoin.payments.p2tr({
      internalPubkey: internal.subarray(1),
      network: bitcoin.networks.regtest,
    });
    const deposits = [{ txid: bytesToHex(randomBytes(32)), vout: 1, amount: 150_000n }];
    const service = new WithdrawalService({
      rpcUrl: running.url,
      bridge,
      groupKey: internal,
      network: "regtest",
      fee: 1_500n,
      signTaproot: async (sighash) =>
        (await c.coordinator.signWithRetry(group, [1, 2, 3], sighash, "taproot")).signature,
    });
    const done = await service.processAll(deposits);
    assert.equal(done.length, 1);
    assert.equal(done[0]!.from.toLowerCase(), user.address.toLowerCase());
    assert.equal(done[0]!.amount, 100_000n);
    const tx = bitcoin.Transaction.fromHex(done[0]!.rawTx);
    assert.equal(bytesToHex(tx.outs[0]!.script), bytesToHex(dest.output!));
    assert.equal(tx.outs[0]!.value, 98_500n);
    assert.equal(bytesToHex(tx.outs[1]!.script), bytesToHex(p2tr.output!), "change back to the group");
    assert.equal(tx.outs[1]!.value, 50_000n);
    const h = tx.hashForWitnessV1(0, [p2tr.output!], [150_000n], bitcoin.Transaction.SIGHASH_DEFAULT);
    assert.ok(ecc.verifySchnorr(h, p2tr.pubkey!, tx.ins[0]!.witness[0]!));
    // Processed once.
    assert.equal((await service.processAll(deposits)).length, 0);
  });
});
