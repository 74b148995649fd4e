// A block's transactions in shared memory, in a compact binary layout that a worker decodes one transaction
// at a time, when it first executes it: no worker deserializes the whole block before running any of it
// (each runs only about half), and the decode sits on the Block-STM phase's critical path. Decoding
// allocates no ArrayBuffer per transaction: calldata and blob hashes are views into one per-thread copy of
// the table. What it replaced (v8.serialize of the Transaction[]) and the measured costs: docs/parallel.md,
// "Measurements behind the encodings".
//
// Layout: u32 count, u32 offsets[count + 1] (byte offsets of each record from the start), then the records.
// A record: u8 type, u8 flags (bit 0: chainId present, bit 1: `to` present), the integers in Transaction's
// order (each a u8 byte length then that many big-endian bytes), calldata (u32 length, bytes), the access
// list (u32 count; per entry an address, u32 key count, keys), blob hashes (u32 count, 32 bytes each) and the
// authorization list (u32 count; six integers each).
import type { AccessListEntry, Authorization, Transaction, TxType } from "../tx/types.js";

const HAS_CHAIN_ID = 1;
const HAS_TO = 2;

/** The value of a lowercase hex digit's char code (what bigint.toString(16) produces). */
function nibble(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

const WORD_LIMIT = 1n << 256n;
/** The encoder's scratch for one big-endian 256-bit word (the main thread encodes one table at a time). */
const word = new Uint8Array(32);
const wordView = new DataView(word.buffer);

class TableWriter {
  bytes = new Uint8Array(1 << 16);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }

  u8(v: number): void {
    this.room(1);
    this.bytes[this.pos++] = v;
  }

  u32(v: number): void {
    this.room(4);
    const b = this.bytes;
    const p = this.pos;
    b[p] = v >>> 24;
    b[p + 1] = (v >>> 16) & 0xff;
    b[p + 2] = (v >>> 8) & 0xff;
    b[p + 3] = v & 0xff;
    this.pos = p + 4;
  }

  integer(v: bigint): void {
    if (v < 0n) throw new RangeError(`cannot encode a negative transaction field: ${v}`);
    if (v <= 0xffffffffffffn) {
      // Most fields (nonces, gas, fees, small values) fit in a double: no BigInt arithmetic.
      let n = Number(v);
      let length = 0;
      for (let m = n; m > 0; m = Math.floor(m / 256)) length++;
      this.room(1 + length);
      const b = this.bytes;
      b[this.pos] = length;
      for (let i = this.pos + length; i > this.pos; i--, n = Math.floor(n / 256)) b[i] = n % 256;
      this.pos += 1 + length;
      return;
    }
    if (v < WORD_LIMIT) {
      // Addresses and 256-bit words: native 64-bit big-endian stores into a scratch word, then the bytes
      // after its leading zeros (about 2.3x less CPU than the conversion to hex below, measured in one
      // process on 20- and 32-byte values: docs/parallel.md, session 5).
      let at = 32;
      for (let x = v; x > 0n; x >>= 64n) {
        at -= 8;
        wordView.setBigUint64(at, BigInt.asUintN(64, x));
      }
      while (word[at] === 0) at++;
      const length = 32 - at;
      this.room(1 + length);
      const b = this.bytes;
      let p = this.pos;
      b[p++] = length;
      for (let k = at; k < 32; k++) b[p++] = word[k]!;
      this.pos = p;
      return;
    }
    // Wider than a word (only if a caller passes one): one native conversion to hex.
    const hex = v.toString(16);
    const length = (hex.length + 1) >> 1;
    if (length > 255) throw new RangeError(`transaction field too large: ${length} bytes`);
    this.room(1 + length);
    const b = this.bytes;
    b[this.pos] = length;
    let p = this.pos + 1;
    let j = 0;
    if (hex.length % 2 === 1) {
      b[p++] = nibble(hex.charCodeAt(0));
      j = 1;
    }
    for (; j < hex.length; j += 2) b[p++] = (nibble(hex.charCodeAt(j)) << 4) | nibble(hex.charCodeAt(j + 1));
    this.pos = p;
  }

  raw(data: Uint8Array): void {
    this.u32(data.length);
    this.fixed(data);
  }

  fixed(data: Uint8Array): void {
    this.room(data.length);
    this.bytes.set(data, this.pos);
    this.pos += data.length;
  }
}

function writeTransaction(w: TableWriter, tx: Transaction): void {
  w.u8(tx.type);
  w.u8((tx.chainId !== undefined ? HAS_CHAIN_ID : 0) | (tx.to !== undefined ? HAS_TO : 0));
  if (tx.chainId !== undefined) w.integer(tx.chainId);
  w.integer(tx.nonce);
  w.integer(tx.gasLimit);
  if (tx.to !== undefined) w.integer(tx.to);
  w.integer(tx.value);
  w.integer(tx.gasPrice);
  w.integer(tx.maxFeePerGas);
  w.integer(tx.maxPriorityFeePerGas);
  w.integer(tx.maxFeePerBlobGas);
  w.integer(tx.sender);
  w.raw(tx.data);
  w.u32(tx.accessList.length);
  for (const entry of tx.accessList) {
    w.integer(entry.address);
    w.u32(entry.storageKeys.length);
    for (const key of entry.storageKeys) w.integer(key);
  }
  w.u32(tx.blobVersionedHashes.length);
  for (const hash of tx.blobVersionedHashes) {
    if (hash.length !== 32) throw new RangeError(`blob versioned hash of ${hash.length} bytes`);
    w.fixed(hash);
  }
  w.u32(tx.authorizationList.length);
  for (const a of tx.authorizationList) {
    w.integer(a.chainId);
    w.integer(a.address);
    w.integer(a.nonce);
    w.integer(a.yParity);
    w.integer(a.r);
    w.integer(a.s);
  }
}

/** Encodes `txs` into shared memory for TxTable (on the main thread, once per block). */
export function encodeTxTable(txs: readonly Transaction[]): SharedArrayBuffer {
  const w = new TableWriter();
  w.u32(txs.length);
  for (let i = 0; i <= txs.length; i++) w.u32(0); // offsets, filled in below
  const offsets: number[] = [];
  for (const tx of txs) {
    offsets.push(w.pos);
    writeTransaction(w, tx);
  }
  offsets.push(w.pos);
  const end = w.pos;
  for (let i = 0; i < offsets.length; i++) {
    w.pos = 4 + 4 * i;
    w.u32(offsets[i]!);
  }
  const shared = new SharedArrayBuffer(Math.max(1, end));
  new Uint8Array(shared).set(w.bytes.subarray(0, end));
  return shared;
}

/** The worker side: the transactions of one block, each decoded on first use and then kept. */
export class TxTable {
  readonly length: number;
  /** A private copy of the table: calldata views point into it, and nothing can change it under them. */
  private readonly bytes: Uint8Array;
  /** The same bytes, for native 64-bit big-endian reads. */
  private readonly data: DataView;
  private readonly decoded: (Transaction | undefined)[];
  private pos = 0;

  constructor(shared: SharedArrayBuffer) {
    this.bytes = new Uint8Array(shared).slice();
    this.data = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.length = this.bytes.length >= 4 ? this.readU32At(0) : 0;
    this.decoded = new Array(this.length);
  }

  /** Transaction `i`, decoded on the first call. */
  at(i: number): Transaction {
    const cached = this.decoded[i];
    if (cached !== undefined) return cached;
    if (!(i >= 0 && i < this.length)) throw new RangeError(`transaction ${i} out of ${this.length}`);
    const tx = this.decode(this.readU32At(4 + 4 * i));
    this.decoded[i] = tx;
    return tx;
  }

  /** The type of transaction `i`, without decoding the rest of it. */
  type(i: number): TxType {
    return this.bytes[this.readU32At(4 + 4 * i)]! as TxType;
  }

  private readU32At(p: number): number {
    const b = this.bytes;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  private u32(): number {
    const v = this.readU32At(this.pos);
    this.pos += 4;
    return v;
  }

  private integer(): bigint {
    const b = this.bytes;
    let p = this.pos;
    const length = b[p++]!;
    this.pos = p + length;
    if (length <= 6) {
      let n = 0;
      for (let k = 0; k < length; k++) n = n * 256 + b[p + k]!;
      return BigInt(n);
    }
    // Big-endian: the leading length % 8 bytes as doubles, then 64-bit pieces read natively by the
    // DataView (about half the CPU time of 48-bit pieces on 20- and 32-byte values, measured in one
    // process: docs/parallel.md, session 5).
    const end = this.pos;
    const first = length % 8;
    let v = 0n;
    if (first > 0) {
      // At most 6 bytes per double (exact below 2^53): a 7-byte lead is 1 byte, then 6.
      const lead = first > 6 ? first - 6 : first;
      let n = 0;
      for (let k = 0; k < lead; k++) n = n * 256 + b[p + k]!;
      v = BigInt(n);
      p += lead;
      if (first > 6) {
        n = 0;
        for (let k = 0; k < 6; k++) n = n * 256 + b[p + k]!;
        v = (v << 48n) | BigInt(n);
        p += 6;
      }
    }
    const data = this.data;
    for (; p < end; p += 8) v = (v << 64n) | data.getBigUint64(p);
    return v;
  }

  private view(length: number): Uint8Array {
    const v = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return v;
  }

  private decode(at: number): Transaction {
    this.pos = at;
    const type = this.bytes[this.pos++]! as TxType;
    const flags = this.bytes[this.pos++]!;
    const chainId = flags & HAS_CHAIN_ID ? this.integer() : undefined;
    const nonce = this.integer();
    const gasLimit = this.integer();
    const to = flags & HAS_TO ? this.integer() : undefined;
    const value = this.integer();
    const gasPrice = this.integer();
    const maxFeePerGas = this.integer();
    const maxPriorityFeePerGas = this.integer();
    const maxFeePerBlobGas = this.integer();
    const sender = this.integer();
    const data = this.view(this.u32());
    const accessList: AccessListEntry[] = [];
    for (let n = this.u32(); n > 0; n--) {
      const address = this.integer();
      const storageKeys: bigint[] = [];
      for (let k = this.u32(); k > 0; k--) storageKeys.push(this.integer());
      accessList.push({ address, storageKeys });
    }
    const blobVersionedHashes: Uint8Array[] = [];
    for (let n = this.u32(); n > 0; n--) blobVersionedHashes.push(this.view(32));
    const authorizationList: Authorization[] = [];
    for (let n = this.u32(); n > 0; n--) {
      authorizationList.push({
        chainId: this.integer(),
        address: this.integer(),
        nonce: this.integer(),
        yParity: this.integer(),
        r: this.integer(),
        s: this.integer(),
      });
    }
    return {
      type,
      chainId,
      nonce,
      gasLimit,
      to,
      value,
      data,
      gasPrice,
      maxFeePerGas,
      maxPriorityFeePerGas,
      accessList,
      maxFeePerBlobGas,
      blobVersionedHashes,
      authorizationList,
      sender,
    };
  }
}
