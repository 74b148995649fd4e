// EIP-6110 (Prague): validator deposits become type-0x00 requests by scanning the block's receipts for the
// deposit contract's DepositEvent logs. The event's ABI layout is fixed; any other layout means a broken
// deposit contract and invalidates the block (INVALID_DEPOSIT_EVENT_LAYOUT), as execution-specs requires.
import type { Log } from "../evm/log.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { BlockException, InvalidBlockError } from "./errors.js";
import type { Receipt } from "./types.js";

export const MAINNET_DEPOSIT_CONTRACT_ADDRESS = 0x00000000219ab540356cbb839cbe05303d7705fan;
/** keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)"). */
export const DEPOSIT_EVENT_SIGNATURE_HASH =
  0x649bbc62d0e31342afea4e5cd82d4049e7e1ee912fc0889aa790803be39038c5n;

/** The ABI-encoded event: five offsets, then each field as a length word and a padded body. */
const DEPOSIT_EVENT_LENGTH = 576;
/** [offset of the length word, field size] in event order: pubkey, credentials, amount, signature, index. */
const FIELDS: readonly (readonly [number, number])[] = [
  [160, 48],
  [256, 32],
  [320, 8],
  [384, 96],
  [512, 8],
];
/** One deposit request: the five fields back to back. */
export const DEPOSIT_REQUEST_SIZE = 192;

function invalid(message: string): never {
  throw new InvalidBlockError(BlockException.INVALID_DEPOSIT_EVENT_LAYOUT, message);
}

function word(data: Uint8Array, at: number): bigint {
  return bytesToBigInt(data.subarray(at, at + 32));
}

/** Strips the ABI framing of a DepositEvent's data into pubkey || credentials || amount || signature || index. */
export function extractDepositData(data: Uint8Array): Uint8Array {
  if (data.length !== DEPOSIT_EVENT_LENGTH)
    invalid(`deposit event data is ${data.length} bytes, expected 576`);
  const out = new Uint8Array(DEPOSIT_REQUEST_SIZE);
  let pos = 0;
  for (let i = 0; i < FIELDS.length; i++) {
    const [offset, size] = FIELDS[i]!;
    if (word(data, i * 32) !== BigInt(offset)) invalid(`deposit event field ${i} has a wrong offset`);
    if (word(data, offset) !== BigInt(size)) invalid(`deposit event field ${i} has a wrong size`);
    out.set(data.subarray(offset + 32, offset + 32 + size), pos);
    pos += size;
  }
  return out;
}

export function isDepositLog(log: Log, depositContract: bigint): boolean {
  return log.address === depositContract && log.topics[0] === DEPOSIT_EVENT_SIGNATURE_HASH;
}

/** The concatenated deposit requests of a block (type-0x00 request data, possibly empty). */
export function parseDepositRequests(receipts: readonly Receipt[], depositContract: bigint): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const receipt of receipts) {
    for (const log of receipt.logs) {
      if (isDepositLog(log, depositContract)) parts.push(extractDepositData(log.data));
    }
  }
  const out = new Uint8Array(parts.length * DEPOSIT_REQUEST_SIZE);
  for (let i = 0; i < parts.length; i++) out.set(parts[i]!, i * DEPOSIT_REQUEST_SIZE);
  return out;
}
