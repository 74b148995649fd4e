// Safe 1.4.1 on `lanes node`: the genesis holds the singleton, proxy factory, fallback handler and
// libraries at their canonical addresses with the canonical code hashes (@safe-global/safe-deployments);
// a Safe is created, and a transaction proposed, confirmed and executed through @safe-global/protocol-kit;
// and a Safe whose owners are an EOA and the FROST group (FrostSafeOwner, EIP-1271) executes with one
// ECDSA and one FROST signature, but not with a bad FROST signature.
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import * as protocolKit from "@safe-global/protocol-kit";
import { type Abi, type Address, createPublicClient, createWalletClient, http, keccak256 } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { custodyArtifact } from "../../src/custody/bridge/artifacts.js";
import { approvalDigest } from "../../src/custody/bridge/attestation.js";
import type { GroupKey } from "../../src/custody/frost/keys.js";
import { signingKey } from "../../src/custody/frost/signing.js";
import { SAFE_CONTRACTS, SAFE_SINGLETON_FACTORY } from "../../src/node/predeploys/safe.js";
import { ANVIL_KEYS, startTestNode, tempDir } from "../../tools/node-client.js";
import { serviceCluster } from "./helpers.js";

// protocol-kit's types describe its CommonJS build; the namespace's default export is the Safe class in
// both module systems.
type SafeClass = typeof protocolKit.default.default;
const Safe = ((protocolKit.default as unknown as { default?: SafeClass }).default ??
  protocolKit.default) as SafeClass;
const { EthSafeSignature } = protocolKit;
type ContractNetworksConfig = protocolKit.ContractNetworksConfig;

const address = (name: string) => SAFE_CONTRACTS.find((c) => c.name === name)!.address;
const contractNetworks: ContractNetworksConfig = {
  "31337": {
    safeSingletonAddress: address("Safe"),
    safeProxyFactoryAddress: address("SafeProxyFactory"),
    multiSendAddress: address("MultiSend"),
    multiSendCallOnlyAddress: address("MultiSendCallOnly"),
    fallbackHandlerAddress: address("CompatibilityFallbackHandler"),
    signMessageLibAddress: address("SignMessageLib"),
    createCallAddress: address("CreateCall"),
    simulateTxAccessorAddress: address("SimulateTxAccessor"),
  },
};

describe("custody: Safe 1.4.1 on lanes node through protocol-kit", () => {
  const dir = tempDir("lanes-custody-safe-");
  let running: Awaited<ReturnType<typeof startTestNode>>;
  const owners = ANVIL_KEYS.map((k) => privateKeyToAccount(k));
  const c = serviceCluster(3);
  let group: GroupKey;
  const pub = () => createPublicClient({ chain: foundry, transport: http(running.url), pollingInterval: 20 });
  const wallet = () =>
    createWalletClient({
      account: owners[0]!,
      chain: foundry,
      transport: http(running.url),
      pollingInterval: 20,
    });

  before(async () => {
    running = await startTestNode(dir.path, { threads: 1 });
    ({ group } = await c.coordinator.keygen(2, c.indices));
  });
  after(async () => {
    await running?.close();
    dir.remove();
    rmSync(c.root, { recursive: true, force: true });
  });

  it("ships the canonical Safe 1.4.1 deployments in genesis", async () => {
    const require = createRequire(import.meta.url);
    for (const contract of SAFE_CONTRACTS) {
      const code = await pub().getCode({ address: contract.address as Address });
      assert.ok(code !== undefined && code.length > 2, `${contract.name} has code`);
      const deployments = JSON.parse(
        readFileSync(
          require.resolve(`@safe-global/safe-deployments/dist/assets/v1.4.1/${contract.deployment}.json`),
          "utf8",
        ),
      ) as {
        deployments: { canonical: { address: string; codeHash: string } };
      };
      assert.equal(contract.address, deployments.deployments.canonical.address);
      assert.equal(
        keccak256(code!),
        deployments.deployments.canonical.codeHash,
        `${contract.name} code hash`,
      );
    }
    const factory = await pub().getCode({ address: `0x${SAFE_SINGLETON_FACTORY.toString(16)}` });
    assert.ok(factory !== undefined && factory.length > 2);
    // The singleton is locked (threshold 1 set by its constructor), as on mainnet.
    const threshold = await pub().readContract({
      address: address("Safe") as Address,
      abi: [
        {
          type: "function",
          name: "getThreshold",
          stateMutability: "view",
          inputs: [],
          outputs: [{ type: "uint256" }],
        },
      ],
      functionName: "getThreshold",
    });
    assert.equal(threshold, 1n);
  });

  async function deploySafe(ownerAddresses: string[], threshold: number, saltNonce: string): Promise<string> {
    const kit = await Safe.init({
      provider: running.url,
      signer: ANVIL_KEYS[0],
      predictedSafe: {
        safeAccountConfig: { owners: ownerAddresses, threshold },
        safeDeploymentConfig: { saltNonce, safeVersion: "1.4.1" },
      },
      contractNetworks,
    });
    const predicted = await kit.getAddress();
    const deployment = await kit.createSafeDeploymentTransaction();
    const hash = await wallet().sendTransaction({
      to: deployment.to as Address,
      data: deployment.data as `0x${string}`,
      value: BigInt(deployment.value),
    });
    assert.equal((await pub().waitForTransactionReceipt({ hash })).status, "success");
    const connected = await kit.connect({ safeAddress: predicted });
    assert.equal(await connected.isSafeDeployed(), true);
    return predicted;
  }

  it("creates a 2-of-3 Safe, then proposes, confirms and executes a transfer", async () => {
    const safeAddress = await deploySafe(
      owners.map((o) => o.address),
      2,
      "1",
    );
    const fund = await wallet().sendTransaction({ to: safeAddress as Address, value: 10n ** 18n });
    await pub().waitForTransactionReceipt({ hash: fund });
    const recipient = "0x000000000000000000000000000000000000beef" as Address;

    // Owner 1 proposes: creates the transaction and signs it (EIP-712).
    const kit1 = await Safe.init({
      provider: running.url,
      signer: ANVIL_KEYS[0],
      safeAddress,
      contractNetworks,
    });
    let tx = await kit1.createTransaction({
      transactions: [{ to: recipient, value: "250000000000000000", data: "0x" }],
    });
    tx = await kit1.signTransaction(tx);
    const proposed = {
      data: tx.data,
      signatures: [...tx.signatures.values()].map((s) => ({ signer: s.signer, data: s.data })),
    };
    const safeTxHash = await kit1.getTransactionHash(tx);

    // Owner 2 confirms the handed-over proposal.
    const kit2 = await Safe.init({
      provider: running.url,
      signer: ANVIL_KEYS[1],
      safeAddress,
      contractNetworks,
    });
    let received = await kit2.createTransaction({
      transactions: [{ to: proposed.data.to, value: proposed.data.value, data: proposed.data.data }],
      options: { nonce: Number(proposed.data.nonce) },
    });
    for (const s of proposed.signatures) received.addSignature(new EthSafeSignature(s.signer, s.data));
    assert.equal(await kit2.getTransactionHash(received), safeTxHash);
    received = await kit2.signTransaction(received);
    assert.equal(received.signatures.size, 2);

    // Any account executes.
    const result = await kit2.executeTransaction(received);
    const receipt = await pub().waitForTransactionReceipt({ hash: result.hash as `0x${string}` });
    assert.equal(receipt.status, "success");
    assert.equal(await pub().getBalance({ address: recipient }), 250000000000000000n);
    assert.equal(await kit2.getNonce(), 1);
  });

  it("a Safe owned by an EOA and the FROST group executes with an ECDSA and a FROST signature", async () => {
    const a = custodyArtifact("FrostSafeOwner");
    const deployHash = await wallet().deployContract({
      abi: a.abi as Abi,
      bytecode: a.bytecode,
      args: [BigInt(`0x${bytesToHex(signingKey(group, "plain"))}`)],
    } as never);
    const frostOwner = (await pub().waitForTransactionReceipt({ hash: deployHash })).contractAddress!;
    const safeAddress = await deploySafe([owners[0]!.address, frostOwner], 2, "2");
    await pub().waitForTransactionReceipt({
      hash: await wallet().sendTransaction({ to: safeAddress as Address, value: 10n ** 18n }),
    });
    const recipient = "0x000000000000000000000000000000000000cafe" as Address;

    const kit = await Safe.init({
      provider: running.url,
      signer: ANVIL_KEYS[0],
      safeAddress,
      contractNetworks,
    });
    const build = async (frostSig: Uint8Array) => {
      let tx = await kit.createTransaction({ transactions: [{ to: recipient, value: "1000", data: "0x" }] });
      tx = await kit.signTransaction(tx);
      tx.addSignature(new EthSafeSignature(frostOwner, `0x${bytesToHex(frostSig)}`, true));
      return tx;
    };
    const probe = await kit.createTransaction({
      transactions: [{ to: recipient, value: "1000", data: "0x" }],
    });
    const safeTxHash = hexToBytes((await kit.getTransactionHash(probe)).slice(2));

    // A FROST signature over the wrong digest (the bare safeTxHash) is refused by the Safe (GS024).
    const wrong = await c.coordinator.sign(group, [1, 2], safeTxHash, "plain");
    await assert.rejects(kit.executeTransaction(await build(wrong.signature)));

    const digest = approvalDigest(31337n, frostOwner, safeTxHash);
    const good = await c.coordinator.sign(group, [2, 3], digest, "plain");
    const result = await kit.executeTransaction(await build(good.signature));
    assert.equal(
      (await pub().waitForTransactionReceipt({ hash: result.hash as `0x${string}` })).status,
      "success",
    );
    assert.equal(await pub().getBalance({ address: recipient }), 1000n);
  });
});
