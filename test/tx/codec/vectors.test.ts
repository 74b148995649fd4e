// Known vectors: the EIP-155 example transaction, and one signed transaction of each typed kind taken from the
// execution-spec-tests fixtures (txbytes, key and sender as the fixture gives them).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { addressToHex, bytesToHex, hexToBytes } from "../../../src/primitives/hex.js";
import { recoverAuthority } from "../../../src/tx/authorization.js";
import {
  decodeSignedTransaction,
  signingHash,
  signingPayload,
  signTransaction,
} from "../../../src/tx/codec/index.js";
import { baseTx, KEY, KEY_ADDRESS } from "./helpers.js";

describe("EIP-155 example", () => {
  // https://eips.ethereum.org/EIPS/eip-155, "Example".
  const tx = baseTx(0, {
    nonce: 9n,
    gasPrice: 20_000_000_000n,
    maxFeePerGas: 20_000_000_000n,
    maxPriorityFeePerGas: 20_000_000_000n,
    gasLimit: 21_000n,
    value: 10n ** 18n,
    data: new Uint8Array(0),
  });
  const signed =
    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd" +
    "939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297f" +
    "b1966a3b6d83";

  it("has the documented signing data and signing hash", () => {
    assert.equal(
      bytesToHex(signingPayload(tx)),
      "0xec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080",
    );
    assert.equal(
      bytesToHex(signingHash(tx)),
      "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53",
    );
  });

  it("signs to the documented v, r, s and bytes (RFC 6979 nonces)", () => {
    const s = signTransaction(tx, KEY);
    assert.equal(s.v, 37n);
    assert.equal(s.r, 18515461264373351373200002665853028612451056578545711640558177340181847433846n);
    assert.equal(s.s, 46948507304638947509940763649030358759909902576025900602547168820602576006531n);
    assert.equal(bytesToHex(s.raw), signed);
    assert.equal(s.tx.sender, KEY_ADDRESS);
  });

  it("decodes to the same transaction, sender and hash", () => {
    const d = decodeSignedTransaction(hexToBytes(signed), { chainId: 1n });
    assert.equal(d.tx.sender, KEY_ADDRESS);
    assert.equal(d.tx.chainId, 1n);
    assert.equal(d.tx.nonce, 9n);
    assert.equal(d.tx.to, 0x3535353535353535353535353535353535353535n);
    assert.equal(bytesToHex(d.hash), "0x33469b22e9f636356c4160a87eb19df52b7412e8eac32a4a55ffe88ea8350788");
  });
});

interface FixtureVector {
  name: string;
  txbytes: string;
  secretKey: string;
  sender: string;
}

// From /work/shared/ethereum-tests/prague-state-tests (EEST v5.4.0), chain id 1.
const VECTORS: FixtureVector[] = [
  {
    name: "type 1 (berlin/eip2930_access_list/test_transaction_intrinsic_gas_cost, enough_gas-empty_access_list)",
    txbytes:
      "0x01f86101800a82520894c3ea744aa6b9f501386aa167ad42f49e3787066f0180c080a04c019ca87cdd7c7837f8d8b52a19ae28a4" +
      "0ba67bb9be0f527c136d03b7dea76fa03d3b393f4404074dead10838228d53cf10f8c075e734289962a40401b0a3c0c2",
    secretKey: "0xa4e7ea6dc542e6de38bf1229c3ea744aa6b9f501386aa167ad42f49e3787066f",
    sender: "0x9015bca99e8d49107c33b2cac14013a8dfd2c1b0",
  },
  {
    name: "type 2 (cancun/eip4844_blobs/test_blobhash_opcode_contexts_tx_types, tx_type_2)",
    txbytes:
      "0x02f863018080078307a12094d02514373ea7e8f86e42cb768b69e77c38e353f78080c001a0da3b3eb4dd73620a43b06b050387f6" +
      "c71fdba0f91353b86a78e621b43296d75fa01c99409665b9a1267b9a736d2f88328de03ec5efe5b876fc6de3c62f398cc411",
    secretKey: "0x5572cfd376c9569fbe2bd573d02514373ea7e8f86e42cb768b69e77c38e353f7",
    sender: "0x12ab36a397f87bb7213a82f617261c2f8c0af4e6",
  },
  {
    name: "type 3 (cancun/eip4844_blobs/test_blob_gas_subtraction_tx, single_blob)",
    txbytes:
      "0x03f8860180800e8307a12094232bd4314ece7c3886299938467fe13bd6726ff78080c001e1a00100000000000000000000" +
      "00000000000000000000000000000000000000000001a042900e59a9d66a477d0983e6a55f241e51231cf92be61116aac73f" +
      "ada578c885a0459bbbf8e1b38b9a23007a28d82a5192adf3c239bbccb761d681e0075584e0b7",
    secretKey: "0x142c9ba1b853f6150388932a232bd4314ece7c3886299938467fe13bd6726ff7",
    sender: "0xcdb3510b705b194d01489acda6f333667da8964d",
  },
  {
    name: "type 4 (prague/eip7702_set_code_tx/test_set_code_using_valid_synthetic_signatures, r=SECP256K1N-2)",
    txbytes:
      "0x04f8a101808007830186a094a0b970953277f5d9badd2cf2856a2408d6c5a3be8080c0f83cf83a0194e055a6a39d1b6fcd475cf541" +
      "f1f4f43c2e6943368080a0fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd036413f0101a0dda5c239bf9edfb3" +
      "e5062d0d5f6e63ee4a967ecb50a202931b9c56be2cff2738a01978a7bdf7f368e070fba42965627be50bd6f8f26d96174065382deed" +
      "b5f95a5",
    secretKey: "0x74729aefd759534b064bf475e055a6a39d1b6fcd475cf541f1f4f43c2e694336",
    sender: "0x0a87e04ccc0489e86b86614a89d447061eba297c",
  },
];

describe("fixture vectors", () => {
  for (const v of VECTORS) {
    it(`${v.name}: sender recovers and re-signing reproduces the bytes`, () => {
      const d = decodeSignedTransaction(hexToBytes(v.txbytes), { chainId: 1n });
      assert.equal(addressToHex(d.tx.sender), v.sender);
      const again = signTransaction(d.tx, hexToBytes(v.secretKey));
      assert.equal(bytesToHex(again.raw), v.txbytes);
      assert.deepEqual(again.hash, d.hash);
    });
  }

  it("type 3 fields", () => {
    const { tx } = decodeSignedTransaction(hexToBytes(VECTORS[2]!.txbytes));
    assert.equal(tx.type, 3);
    assert.equal(tx.maxFeePerGas, 14n);
    assert.equal(tx.maxPriorityFeePerGas, 0n);
    assert.equal(tx.maxFeePerBlobGas, 1n);
    assert.equal(tx.gasLimit, 500_000n);
    assert.deepEqual(tx.blobVersionedHashes.map(bytesToHex), [`0x01${"00".repeat(31)}`]);
  });

  it("type 4 authorization decodes to the fixture's tuple and signer", () => {
    const { tx } = decodeSignedTransaction(hexToBytes(VECTORS[3]!.txbytes));
    assert.equal(tx.authorizationList.length, 1);
    const auth = tx.authorizationList[0]!;
    assert.deepEqual(auth, {
      chainId: 1n,
      address: 0xe055a6a39d1b6fcd475cf541f1f4f43c2e694336n,
      nonce: 0n,
      yParity: 0n,
      r: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd036413fn,
      s: 1n,
    });
    assert.equal(recoverAuthority(auth), 0xa0b970953277f5d9badd2cf2856a2408d6c5a3ben);
  });
});
