// Shared builders for the codec tests: a complete unsigned transaction of each type and fixed test keys.
import { hexToBytes } from "../../../src/primitives/hex.js";
import type { UnsignedTransaction } from "../../../src/tx/codec/index.js";
import type { TxType } from "../../../src/tx/types.js";

export const KEY = hexToBytes("0x4646464646464646464646464646464646464646464646464646464646464646");
export const KEY2 = hexToBytes("0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
/** The address of KEY (from the EIP-155 example). */
export const KEY_ADDRESS = 0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4fn;

export const BLOB_HASH = hexToBytes(`0x01${"ab".repeat(31)}`);

/** A transaction of `type` with every field the type uses set to something non-trivial. */
export function baseTx(type: TxType, overrides: Partial<UnsignedTransaction> = {}): UnsignedTransaction {
  const legacyFees = type <= 1;
  return {
    type,
    chainId: 1n,
    nonce: 7n,
    gasLimit: 100_000n,
    to: 0x3535353535353535353535353535353535353535n,
    value: 10n ** 18n,
    data: Uint8Array.of(0xde, 0xad, 0x00, 0xbe, 0xef),
    gasPrice: legacyFees ? 20_000_000_000n : 0n,
    maxFeePerGas: legacyFees ? 20_000_000_000n : 30_000_000_000n,
    maxPriorityFeePerGas: legacyFees ? 20_000_000_000n : 2_000_000_000n,
    accessList:
      type === 0
        ? []
        : [
            {
              address: 0x1111111111111111111111111111111111111111n,
              storageKeys: [0n, 1n, (1n << 256n) - 1n],
            },
            { address: 0n, storageKeys: [] },
          ],
    maxFeePerBlobGas: type === 3 ? 5n : 0n,
    blobVersionedHashes: type === 3 ? [BLOB_HASH, BLOB_HASH] : [],
    authorizationList:
      type === 4
        ? [
            {
              chainId: 1n,
              address: 0x2222222222222222222222222222222222222222n,
              nonce: 3n,
              yParity: 1n,
              r: 5n,
              s: 6n,
            },
          ]
        : [],
    ...overrides,
  };
}

export const ALL_TYPES: TxType[] = [0, 1, 2, 3, 4];
