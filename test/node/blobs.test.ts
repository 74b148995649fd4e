// Blob sidecars kept and served: a blob transaction sent in its network form (with its sidecar) is mined, and
// anvil_getBlobsByTransactionHash / anvil_getBlobByHash return its blob, also after a restart; unknown hashes
// give null.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { loadKzg } from "../../src/evm/precompiles/kzg-point-evaluation.js";
import { versionedHash } from "../../src/node/blob-sidecar.js";
import { bytesToHex, concatBytes, hexToBytes } from "../../src/primitives/hex.js";
import { rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import { ANVIL_ADDRESSES, ANVIL_KEYS, call, startTestNode, tempDir } from "../../tools/node-client.js";

const BYTES_PER_BLOB = 131_072;

/** A valid blob (every field element's top byte is 0) carrying `text`. */
function blobWith(text: string): Uint8Array {
  const blob = new Uint8Array(BYTES_PER_BLOB);
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i++) blob[32 * i + 1] = bytes[i]!;
  return blob;
}

describe("blob sidecars", () => {
  const dir = tempDir();
  after(() => dir.remove());

  it("are kept for accepted blob transactions and served by versioned and transaction hash", async () => {
    let running = await startTestNode(dir.path);
    const blob = blobWith("lanes blob");
    const kzg = loadKzg();
    const commitment = hexToBytes(kzg.blobToKzgCommitment(bytesToHex(blob)));
    const vh = versionedHash(commitment);
    const rules = running.node.pendingRules();
    const nonce = BigInt(
      (await call(running.url, "eth_getTransactionCount", [ANVIL_ADDRESSES[0], "pending"])) as string,
    );
    const signed = signTransaction(
      {
        type: 3,
        chainId: running.node.options.chainId,
        nonce,
        gasLimit: 21_000n,
        to: 0xbbn,
        value: 0n,
        data: new Uint8Array(0),
        gasPrice: 0n,
        maxFeePerGas: 100_000_000_000n,
        maxPriorityFeePerGas: 1n,
        accessList: [],
        maxFeePerBlobGas: 100_000_000_000n,
        blobVersionedHashes: [vh],
        authorizationList: [],
      },
      hexToBytes(ANVIL_KEYS[0]),
    );
    // The network form: EIP-7594 (cell proofs, wrapper version 1) from Osaka, EIP-4844 (one proof) before.
    const cellProofs = rules.eip7934;
    const proofs = cellProofs
      ? Array.from({ length: 128 }, () => new Uint8Array(48))
      : [hexToBytes(kzg.computeBlobProof(bytesToHex(blob), bytesToHex(commitment)))];
    const body = rlpDecode(signed.raw.subarray(1));
    const wrapped = rlpEncode(
      cellProofs
        ? [body as never, 1n, [blob], [commitment], proofs]
        : [body as never, [blob], [commitment], proofs],
    );
    const hash = (await call(running.url, "eth_sendRawTransaction", [
      bytesToHex(concatBytes(Uint8Array.of(3), wrapped)),
    ])) as string;
    assert.equal(hash, bytesToHex(signed.hash));
    const receipt = (await call(running.url, "eth_getTransactionReceipt", [hash])) as { status: string };
    assert.equal(receipt.status, "0x1");

    assert.deepEqual(await call(running.url, "anvil_getBlobsByTransactionHash", [hash]), [bytesToHex(blob)]);
    assert.equal(await call(running.url, "anvil_getBlobByHash", [bytesToHex(vh)]), bytesToHex(blob));
    assert.equal(await call(running.url, "anvil_getBlobByHash", [`0x01${"00".repeat(31)}`]), null);
    assert.equal(await call(running.url, "anvil_getBlobsByTransactionHash", [`0x${"11".repeat(32)}`]), null);

    // Kept on disk: served after a restart.
    await running.close();
    running = await startTestNode(dir.path);
    try {
      assert.deepEqual(await call(running.url, "anvil_getBlobsByTransactionHash", [hash]), [
        bytesToHex(blob),
      ]);
    } finally {
      await running.close();
    }
  });
});
