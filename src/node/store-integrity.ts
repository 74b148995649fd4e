// Integrity of the node's LMDB environment. Every stored value carries a CRC-32 of its key and value, checked
// on every read, so a flipped byte or a record moved under another key is an error, never wrong data. Before
// the environment is opened, its file is checked against LMDB's own meta pages (a truncated or empty file
// would otherwise crash the process with SIGBUS when mapped), and the whole environment is read once in a
// child process, where a crash on a damaged page (SIGSEGV) cannot take the node down with it.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32 } from "node:zlib";

/** A data directory the node refuses to serve. */
export class DamagedStoreError extends Error {
  override name = "DamagedStoreError";
  constructor(
    readonly dataDir: string,
    readonly detail: string,
  ) {
    super(
      `data directory ${dataDir} is damaged: ${detail}. Lanes will not serve it or start over on it; ` +
        "restore it from a backup, or move it away and start with a new --data-dir",
    );
  }
}

const CHECKSUM_BYTES = 4;

function checksum(key: Uint8Array, value: Uint8Array, length: number): number {
  const seed = crc32(key);
  // zlib.crc32 answers 0 for some empty views (Node 20.20): an empty value adds nothing to the key's CRC.
  return length === 0 ? seed : crc32(value.subarray(0, length), seed);
}

/** `value` followed by the CRC-32 of `key` and `value`, as stored. */
export function sealRecord(key: Uint8Array, value: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(value.length + CHECKSUM_BYTES);
  out.set(value, 0);
  out.writeUInt32BE(checksum(key, value, value.length), value.length);
  return out;
}

/** The value of a stored record; undefined when its checksum does not match (the caller names the record). */
export function openRecord(key: Uint8Array, stored: Uint8Array): Uint8Array | undefined {
  if (stored.length < CHECKSUM_BYTES) return undefined;
  const length = stored.length - CHECKSUM_BYTES;
  const view = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (view.readUInt32BE(length) !== checksum(key, stored, length)) return undefined;
  return stored.subarray(0, length);
}

/** The key bytes a number key is checksummed as (8 bytes, big-endian). */
export function numberKey(n: number): Buffer {
  const key = Buffer.alloc(8);
  key.writeBigUInt64BE(BigInt(n));
  return key;
}

const META_MAGIC = 0xbeefc0de;
// LMDB (mdb.master3, as lmdb-js builds it): a 24-byte page header, then the meta: magic, version, address,
// map size, two 48-byte database records (the free list's holds the page size in its first field), last
// page number, transaction id.
const META_OFFSET = 24;
const PAGE_SIZE_OFFSET = META_OFFSET + 24;
const LAST_PAGE_OFFSET = META_OFFSET + 24 + 96;
const TXN_ID_OFFSET = LAST_PAGE_OFFSET + 8;

interface MetaPage {
  pageSize: number;
  lastPage: bigint;
  txnId: bigint;
}

function readMeta(page: Buffer): MetaPage | undefined {
  if (page.length < TXN_ID_OFFSET + 8 || page.readUInt32LE(META_OFFSET) !== META_MAGIC) return undefined;
  return {
    pageSize: page.readUInt32LE(PAGE_SIZE_OFFSET),
    lastPage: page.readBigUInt64LE(LAST_PAGE_OFFSET),
    txnId: page.readBigUInt64LE(TXN_ID_OFFSET),
  };
}

/**
 * Checks the environment's data file before LMDB maps it: absent (a new directory) is fine; empty, without
 * valid meta pages, or shorter than the last page its newest meta page claims is damaged.
 */
export function inspectDataFile(dataDir: string): "absent" | "present" {
  const file = join(dataDir, "data.mdb");
  if (!existsSync(file)) return "absent";
  const size = statSync(file).size;
  if (size === 0) throw new DamagedStoreError(dataDir, "data.mdb is empty (zero length)");
  const fd = openSync(file, "r");
  try {
    const first = Buffer.alloc(512);
    readSync(fd, first, 0, first.length, 0);
    const m0 = readMeta(first);
    const pageSize = m0?.pageSize ?? 4096;
    if (m0 === undefined || pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
      throw new DamagedStoreError(dataDir, "data.mdb has no valid LMDB meta page");
    }
    const second = Buffer.alloc(512);
    const got = size >= 2 * pageSize ? readSync(fd, second, 0, second.length, pageSize) : 0;
    const m1 = got === second.length ? readMeta(second) : undefined;
    if (m1 === undefined) throw new DamagedStoreError(dataDir, "data.mdb has no valid second LMDB meta page");
    const newest = m1.txnId > m0.txnId ? m1 : m0;
    const needed = (newest.lastPage + 1n) * BigInt(pageSize);
    if (BigInt(size) < needed) {
      throw new DamagedStoreError(
        dataDir,
        `data.mdb is truncated (${size} bytes, its last page ends at ${needed})`,
      );
    }
  } finally {
    closeSync(fd);
  }
  return "present";
}

const CHECKER = fileURLToPath(new URL("./store-check.js", import.meta.url));

/**
 * Reads every record of the environment in a child process (store-check.ts) and verifies its checksum.
 * Throws DamagedStoreError when a record is damaged or the reader crashed.
 */
export function verifyInChild(dataDir: string): void {
  const r = spawnSync(process.execPath, [CHECKER, dataDir], { encoding: "utf8", timeout: 600_000 });
  if (r.error !== undefined)
    throw new DamagedStoreError(dataDir, `the integrity check could not run: ${r.error.message}`);
  if (r.signal !== null) {
    throw new DamagedStoreError(dataDir, `reading it crashed the integrity check (${r.signal})`);
  }
  if (r.status !== 0) {
    const detail = r.stdout.trim().split("\n").slice(0, 5).join("; ") || r.stderr.trim().split("\n")[0];
    throw new DamagedStoreError(dataDir, detail || `the integrity check exited with status ${r.status}`);
  }
}
