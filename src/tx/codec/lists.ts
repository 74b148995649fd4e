// The list-valued fields of typed transactions (access list, blob versioned hashes, EIP-7702
// authorizations), decoded strictly and encoded canonically.
import { bigIntToBytes, bigIntToBytes32, bytesToBigInt } from "../../primitives/hex.js";
import type { RlpDecoded, RlpInput } from "../../primitives/rlp.js";
import type { AccessListEntry, Authorization } from "../types.js";
import { AUTH_F, FieldReader, fail, readFixed, readList } from "./fields.js";

const MAX_ADDRESS = (1n << 160n) - 1n;
const MAX_U256 = (1n << 256n) - 1n;

export function decodeAccessList(item: RlpDecoded): AccessListEntry[] {
  return readList(item, "accessList").map((entry) => {
    const r = new FieldReader(readList(entry, "access list entry"), "access list entry");
    const address = readFixed(r.next(), "access list address", 20, {
      notBytes: "RLP_INVALID_VALUE",
      tooShort: "RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_SHORT",
      tooLong: "RLP_INVALID_ACCESS_LIST_ADDRESS_TOO_LONG",
    });
    const keys = readList(r.next(), "access list storage keys").map((key) =>
      readFixed(key, "access list storage key", 32, {
        notBytes: "RLP_INVALID_VALUE",
        tooShort: "RLP_INVALID_ACCESS_LIST_STORAGE_TOO_SHORT",
        tooLong: "RLP_INVALID_ACCESS_LIST_STORAGE_TOO_LONG",
      }),
    );
    r.end();
    return { address: bytesToBigInt(address), storageKeys: keys.map(bytesToBigInt) };
  });
}

export function encodeAccessList(list: AccessListEntry[]): RlpInput {
  return list.map((e) => [encodeAddress(e.address, "access list address"), e.storageKeys.map(encodeWord)]);
}

export function decodeBlobHashes(item: RlpDecoded): Uint8Array[] {
  const code = "TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH";
  return readList(item, "blobVersionedHashes").map((h) =>
    // A copy, so the decoded transaction does not pin (or alias) the caller's input buffer.
    readFixed(h, "blob versioned hash", 32, { notBytes: code, tooShort: code, tooLong: code }).slice(),
  );
}

export function encodeBlobHashes(hashes: Uint8Array[]): RlpInput {
  for (const h of hashes) {
    if (h.length !== 32)
      fail("TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH", `blob versioned hash is ${h.length} bytes`);
  }
  return hashes;
}

const AUTH = "TYPE_4_INVALID_AUTHORIZATION_FORMAT";

export function decodeAuthorizations(item: RlpDecoded): Authorization[] {
  return readList(item, "authorizationList", AUTH).map((tuple) => {
    const r = new FieldReader(readList(tuple, "authorization", AUTH), "authorization", {
      few: AUTH,
      many: AUTH,
    });
    const chainId = r.int(AUTH_F.chainId);
    const address = readFixed(r.next(), "authorization address", 20, {
      notBytes: AUTH,
      tooShort: AUTH,
      tooLong: AUTH,
    });
    const nonce = r.int(AUTH_F.nonce);
    const yParity = r.int(AUTH_F.yParity);
    const sigR = r.int(AUTH_F.r);
    const sigS = r.int(AUTH_F.s);
    r.end();
    return { chainId, address: bytesToBigInt(address), nonce, yParity, r: sigR, s: sigS };
  });
}

export function encodeAuthorizations(list: Authorization[]): RlpInput {
  return list.map((a) => {
    checkRange(a.chainId, MAX_U256, AUTH, "authorization chainId");
    checkRange(a.nonce, (1n << 64n) - 1n, AUTH, "authorization nonce");
    checkRange(a.yParity, 0xffn, AUTH, "authorization yParity");
    checkRange(a.r, MAX_U256, AUTH, "authorization r");
    checkRange(a.s, MAX_U256, AUTH, "authorization s");
    return [a.chainId, encodeAddress(a.address, "authorization address"), a.nonce, a.yParity, a.r, a.s];
  });
}

/** Throws `code` unless 0 <= value <= max (the encoder's mirror of the decoder's width checks). */
export function checkRange(value: bigint, max: bigint, code: string, name: string): void {
  if (value < 0n || value > max) fail(code, `${name} out of range: ${value}`);
}

export function encodeAddress(address: bigint, name: string): Uint8Array {
  checkRange(address, MAX_ADDRESS, "RLP_INVALID_VALUE", name);
  return bigIntToBytes(address, 20);
}

function encodeWord(word: bigint): Uint8Array {
  checkRange(word, MAX_U256, "RLP_INVALID_VALUE", "access list storage key");
  return bigIntToBytes32(word);
}
