// Storage roots hashed off the main thread (src/parallel/storage-root-jobs.ts) and their use by
// OverlayState.stateRoot: a root from a job must be the storage trie's root byte for byte, a job nobody
// finished must leave the account to the main thread, and a root made from an older version of an
// account's storage must never be used.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { OverlayState, type PrecomputedStorageRoots } from "../../src/block/overlay-state.js";
import {
  allocateStorageRootJobs,
  runStorageRootJobs,
  StorageRootPoster,
  worthPosting,
} from "../../src/parallel/storage-root-jobs.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { StateDiff } from "../../src/state/types.js";
import { trieFromEntries, trieRootHash } from "../../src/trie/persistent-trie.js";
import { storageKey, storageTrieOf, storageValue } from "../../src/trie/state-trie.js";

/** A seeded storage map: `n` slots, some values wide, some small, a few zero (absent). */
function storage(seed: number, n: number): Map<bigint, bigint> {
  const m = new Map<bigint, bigint>();
  let x = BigInt(seed) * 0x9e3779b97f4a7c15n + 1n;
  for (let i = 0; i < n; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    const value = i % 7 === 0 ? 0n : i % 3 === 0 ? x : (x << 192n) | x;
    m.set(i % 5 === 0 ? x : BigInt(i), value);
  }
  return m;
}

function slotsOf(m: Map<bigint, bigint>): [Uint8Array, bigint][] {
  return [...m].filter(([, v]) => v !== 0n).map(([s, v]) => [storageKey(s), v]);
}

test("roots hashed from posted jobs equal the storage tries' roots", () => {
  const buffers = allocateStorageRootJobs(16, 4096, 1);
  const poster = new StorageRootPoster(buffers);
  const maps = [storage(1, 1), storage(2, 40), storage(3, 700), storage(4, 0)];
  maps.forEach((m, i) => {
    assert.ok(poster.post(BigInt(i + 1), 7, m.size, slotsOf(m)));
  });
  // This thread plays the worker: it takes every posted job.
  assert.equal(runStorageRootJobsAfterClose(buffers, poster), maps.length);
  const roots = poster.roots();
  maps.forEach((m, i) => {
    assert.equal(bytesToHex(roots.get(BigInt(i + 1))!), bytesToHex(trieRootHash(storageTrieOf(m))));
  });
  assert.deepEqual(
    [...poster.posted()],
    maps.map((_, i) => [BigInt(i + 1), 7]),
  );
  assert.equal(poster.takenCount(), maps.length);
});

/** Takes every job on this thread (as a worker would), then closes the queue: all jobs are the "worker's". */
function runStorageRootJobsAfterClose(
  buffers: ReturnType<typeof allocateStorageRootJobs>,
  poster: StorageRootPoster,
): number {
  const n = runUntilEmpty(buffers);
  poster.close();
  return n;
}

/** runStorageRootJobs with the queue's CLOSED flag set beforehand, so it returns when the jobs run out. */
function runUntilEmpty(buffers: ReturnType<typeof allocateStorageRootJobs>): number {
  const control = new Int32Array(buffers.control);
  Atomics.store(control, 2, 1);
  return runStorageRootJobs(buffers);
}

test("a job no worker took is left to the main thread; a closed poster refuses more jobs", () => {
  const buffers = allocateStorageRootJobs(4, 64, 1);
  const poster = new StorageRootPoster(buffers);
  assert.ok(poster.post(1n, 0, 1, slotsOf(new Map([[1n, 5n]]))));
  poster.close();
  assert.equal(poster.takenCount(), 0);
  assert.equal(poster.roots().size, 0);
  assert.equal(poster.post(2n, 0, 1, slotsOf(new Map([[1n, 5n]]))), false);
  // A worker arriving after the close finds nothing to take.
  assert.equal(runStorageRootJobs(buffers), 0);
});

test("no room: post refuses rather than truncating", () => {
  const poster = new StorageRootPoster(allocateStorageRootJobs(1, 3, 1));
  assert.equal(poster.post(1n, 0, 4, slotsOf(storage(5, 4))), false);
  assert.ok(poster.post(1n, 0, 2, slotsOf(new Map([[1n, 1n]]))));
  assert.equal(poster.post(2n, 0, 1, slotsOf(new Map([[1n, 1n]]))), false); // one job only
  poster.close();
});

test("only the allowed number of helpers take part", () => {
  const buffers = allocateStorageRootJobs(4, 64, 0);
  const poster = new StorageRootPoster(buffers);
  assert.ok(poster.post(1n, 0, 1, slotsOf(new Map([[1n, 5n]]))));
  assert.equal(runStorageRootJobs(buffers), 0); // no helper allowed: returns at once, takes nothing
  poster.close();
  assert.equal(poster.takenCount(), 0);
});

test("worthPosting: a large storage with few written slots stays on the main thread", () => {
  assert.equal(worthPosting(10, 0), false);
  assert.equal(worthPosting(20, 1), true);
  assert.equal(worthPosting(1000, 10), false);
  assert.equal(worthPosting(4000, 4000), true);
});

test("a worker thread takes jobs posted while it waits, and its roots are exact", async () => {
  const buffers = allocateStorageRootJobs(8, 4096, 1);
  const poster = new StorageRootPoster(buffers);
  const url = new URL("../../src/parallel/storage-root-jobs.js", import.meta.url).href;
  const worker = new Worker(
    `import("${url}").then((m) => require("node:worker_threads").parentPort.postMessage(m.runStorageRootJobs(require("node:worker_threads").workerData)));`,
    { eval: true, workerData: buffers },
  );
  const done = new Promise<number>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  const maps = [storage(11, 300), storage(12, 5), storage(13, 900)];
  for (let i = 0; i < maps.length; i++) {
    await new Promise((r) => setTimeout(r, 30));
    assert.ok(poster.post(BigInt(100 + i), i, maps[i]!.size, slotsOf(maps[i]!)));
  }
  // Give the worker time to take them, then close.
  const deadline = Date.now() + 5000;
  while (Atomics.load(new Int32Array(buffers.control), 1) < maps.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  poster.close();
  assert.equal(await done, maps.length);
  const roots = poster.roots();
  for (let i = 0; i < maps.length; i++) {
    assert.equal(bytesToHex(roots.get(BigInt(100 + i))!), bytesToHex(trieRootHash(storageTrieOf(maps[i]!))));
  }
  await worker.terminate();
});

/** A fixed answer for stateRoot: these roots, as if workers had hashed them at these versions. */
function fixed(entries: [bigint, number, Uint8Array][]): PrecomputedStorageRoots {
  return {
    close() {},
    posted: () => new Map(entries.map(([a, v]) => [a, v])),
    roots: () => new Map(entries.map(([a, , r]) => [a, r])),
  };
}

function accountDiff(address: bigint, slots: [bigint, bigint][]): StateDiff {
  return new Map([
    [
      address,
      {
        account: { nonce: 1n, balance: 5n, codeHash: EMPTY_CODE_HASH },
        storageCleared: false,
        storage: new Map(slots),
      },
    ],
  ]);
}

test("stateRoot uses a precomputed storage root only for the storage version it was made from", () => {
  const pre = new InMemoryState();
  pre.putAccount(7n, { nonce: 1n, balance: 5n, storage: new Map([[1n, 10n]]) });
  pre.stateRoot();
  const overlay = new OverlayState(pre);
  overlay.apply(accountDiff(7n, [[2n, 20n]]));
  const post = overlay.postStorage(7n)!;
  assert.equal(post.written, 1);
  const posted = [...post.slots].map(([key, value]) => ({ key, value: storageValue(value)! }));
  assert.equal(
    bytesToHex(trieRootHash(trieFromEntries(posted))),
    bytesToHex(
      trieRootHash(
        storageTrieOf(
          new Map([
            [1n, 10n],
            [2n, 20n],
          ]),
        ),
      ),
    ),
    "postStorage yields base and written slots",
  );
  const expected = bytesToHex(overlay.stateRoot());
  const wrong = new Uint8Array(32).fill(0xab);
  // The same version: the (deliberately wrong) root is used, which shows it is taken from the job.
  assert.notEqual(bytesToHex(overlay.stateRoot(fixed([[7n, post.version, wrong]]))), expected);
  // A later write bumps the version: the stale job's root is ignored.
  overlay.apply(accountDiff(7n, [[3n, 30n]]));
  const expectedAfter = bytesToHex(overlay.stateRoot());
  assert.equal(bytesToHex(overlay.stateRoot(fixed([[7n, post.version, wrong]]))), expectedAfter);
  // A taken job without a root (not finished in time) is hashed by the main thread.
  const current = overlay.postStorage(7n)!.version;
  let closed = false;
  const unfinished: PrecomputedStorageRoots = {
    close() {
      closed = true;
    },
    posted: () => new Map([[7n, current]]),
    roots: () => {
      assert.ok(closed, "roots are asked for only after close");
      return new Map();
    },
  };
  assert.equal(bytesToHex(overlay.stateRoot(unfinished)), expectedAfter);
  assert.equal(expectedAfter, bytesToHex(overlay.fullStateRoot()));
});
