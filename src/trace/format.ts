// JSON formatting of the transaction-level tracers: hex strings exactly as geth prints them (hexutil.Bytes,
// hexutil.Uint64/Big, common.Address, common.Hash).

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Bytes as lowercase hex without a prefix. */
export function rawHex(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  for (let i = start; i < end; i++) s += HEX[bytes[i]!];
  return s;
}

/** hexutil.Bytes: `0x` + hex (`0x` when empty). */
export function bytesHex(bytes: Uint8Array): string {
  return `0x${rawHex(bytes)}`;
}

/** hexutil.Uint64 / hexutil.Big / uint256.Hex: `0x` + minimal hex (`0x0` for zero). */
export function quantityHex(value: bigint | number): string {
  return `0x${value.toString(16)}`;
}

/** common.Address: `0x` + 40 lowercase hex digits. */
export function addressHex(address: bigint): string {
  return `0x${address.toString(16).padStart(40, "0")}`;
}

/** common.Hash: `0x` + 64 lowercase hex digits. */
export function hashHex(word: bigint): string {
  return `0x${word.toString(16).padStart(64, "0")}`;
}

/** A 32-byte word as `%x` of a common.Hash: 64 hex digits, no prefix. */
export function wordHex(word: bigint): string {
  return word.toString(16).padStart(64, "0");
}
