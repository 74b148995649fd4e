// The messages the custody group signs for the EVM side, byte for byte as the contracts hash them
// (contracts/custody): a deposit attestation for BTCBridge.mint, and an approval for FrostSafeOwner.
// Both bind the chain id and the verifying contract, so a signature made for one never verifies
// elsewhere; both are signed in "plain" mode (untweaked x-only group key), never as a Bitcoin sighash.
import { concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { keccak256 } from "../../primitives/keccak.js";

function uint(value: bigint, bytes: number): Uint8Array {
  if (value < 0n || value >= 1n << BigInt(bytes * 8)) throw new Error(`value does not fit in ${bytes} bytes`);
  return hexToBytes(value.toString(16).padStart(bytes * 2, "0"));
}

function address(a: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw new Error(`bad address ${a}`);
  return hexToBytes(a.slice(2).toLowerCase());
}

export interface DepositAttestation {
  /** Bitcoin txid as bitcoind prints it (hex, 32 bytes). */
  txid: string;
  vout: number;
  /** Satoshis (= lBTC units). */
  amount: bigint;
  recipient: string;
}

/** keccak256(abi.encodePacked("lanes-btc-bridge/deposit/v1", chainid, bridge, txid, vout, amount, recipient)). */
export function depositDigest(chainId: bigint, bridge: string, d: DepositAttestation): Uint8Array {
  return keccak256(
    concatBytes(
      utf8ToBytes("lanes-btc-bridge/deposit/v1"),
      uint(chainId, 32),
      address(bridge),
      hexToBytes(d.txid.replace(/^0x/, "")),
      uint(BigInt(d.vout), 4),
      uint(d.amount, 32),
      address(d.recipient),
    ),
  );
}

/** keccak256(abi.encodePacked("lanes-frost-1271/v1", chainid, owner contract, hash)). */
export function approvalDigest(chainId: bigint, ownerContract: string, hash: Uint8Array): Uint8Array {
  if (hash.length !== 32) throw new Error("hash must be 32 bytes");
  return keccak256(
    concatBytes(utf8ToBytes("lanes-frost-1271/v1"), uint(chainId, 32), address(ownerContract), hash),
  );
}
