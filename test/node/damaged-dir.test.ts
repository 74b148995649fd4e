// A damaged data directory is refused with a clear message and left as it was (issue 14): a truncated or
// empty data.mdb, a broken LMDB meta page, and flipped bytes inside stored records (a block's transaction, the
// genesis metadata, an account). None of them may crash the process, start a new chain over the old one,
// or serve changed data.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DamagedStoreError } from "../../src/node/store-integrity.js";
import { hexToBytes } from "../../src/primitives/hex.js";
import { ANVIL_ADDRESSES, call, startTestNode, tempDir } from "../../tools/node-client.js";

const [A, B] = ANVIL_ADDRESSES;

/** A data directory with a few blocks; returns it with one mined transaction's raw bytes. */
async function chain(): Promise<{ dir: ReturnType<typeof tempDir>; raw: Uint8Array }> {
  const dir = tempDir("lanes-damaged-");
  const node = await startTestNode(dir.path);
  let hash = "";
  for (let i = 0; i < 1; i++)
    hash = (await call(node.url, "eth_sendTransaction", [{ from: A, to: B, value: "0x7" }])) as string;
  const raw = hexToBytes((await call(node.url, "eth_getRawTransactionByHash", [hash])) as string);
  await node.close();
  return { dir, raw };
}

const dataFile = (dir: string) => join(dir, "data.mdb");
const digest = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

async function refused(dir: string, pattern: RegExp): Promise<void> {
  const before = digest(dataFile(dir));
  const attempt = startTestNode(dir).then(async (node) => {
    await node.close();
    return node;
  });
  await assert.rejects(attempt, (e: unknown) => {
    assert.ok(e instanceof DamagedStoreError, `expected DamagedStoreError, got ${String(e)}`);
    assert.match(e.message, pattern);
    assert.match(e.message, /will not serve it or start over on it/);
    return true;
  });
  assert.equal(digest(dataFile(dir)), before, "the directory is left as it was");
}

/**
 * Flips one byte in the middle of every occurrence of `needle` in the data file (LMDB copies pages on write,
 * so stale copies of a record may sit in free pages beside the live one).
 */
function flipInside(dir: string, needle: Uint8Array): void {
  const file = readFileSync(dataFile(dir));
  let found = 0;
  for (let at = file.indexOf(Buffer.from(needle)); at >= 0; at = file.indexOf(Buffer.from(needle), at + 1)) {
    file[at + (needle.length >> 1)]! ^= 0x01;
    found++;
  }
  assert.ok(found > 0, "the record's bytes are in the data file");
  writeFileSync(dataFile(dir), file);
}

describe("damaged data directories", () => {
  it("starts again on an intact directory (the checks pass on good data)", async () => {
    const { dir } = await chain();
    const node = await startTestNode(dir.path);
    try {
      assert.equal(await call(node.url, "eth_blockNumber"), "0x1");
    } finally {
      await node.close();
    }
    dir.remove();
  });

  it("refuses a truncated data.mdb", async () => {
    const { dir } = await chain();
    const file = dataFile(dir.path);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    await refused(dir.path, /data.mdb is truncated/);
    dir.remove();
  });

  it("refuses a zero-length data.mdb instead of starting a new chain", async () => {
    const { dir } = await chain();
    truncateSync(dataFile(dir.path), 0);
    await refused(dir.path, /data.mdb is empty/);
    assert.equal(statSync(dataFile(dir.path)).size, 0);
    dir.remove();
  });

  it("refuses a data.mdb whose LMDB meta page is broken", async () => {
    const { dir } = await chain();
    const file = readFileSync(dataFile(dir.path));
    file[24]! ^= 0xff; // the first meta page's magic
    writeFileSync(dataFile(dir.path), file);
    await refused(dir.path, /no valid LMDB meta page/);
    dir.remove();
  });

  it("refuses flipped bytes in a block's transaction", async () => {
    const { dir, raw } = await chain();
    flipInside(dir.path, raw);
    await refused(dir.path, /record blocks\/\d+ fails its checksum/);
    dir.remove();
  });

  it("refuses flipped bytes in the chain's metadata and in an account", async () => {
    const meta = await chain();
    flipInside(meta.dir.path, Buffer.from('"createdBy":"lanes node"'));
    await refused(meta.dir.path, /record meta\/genesis fails its checksum/);
    meta.dir.remove();
    const account = await chain();
    // The recipient's account record: RLP [nonce, balance, codeHash] with its balance of 10000 ETH + 7 wei.
    const balance = (10_000n * 10n ** 18n + 7n).toString(16);
    flipInside(account.dir.path, hexToBytes(`0x${balance.length % 2 ? "0" : ""}${balance}`));
    await refused(
      account.dir.path,
      /record state-accounts\/0x70997970c51812dc3a010c7d01b50e0d17dc79c8 fails its checksum/,
    );
    account.dir.remove();
  });
});
