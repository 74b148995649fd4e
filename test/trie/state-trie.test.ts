// The state trie kept by InMemoryState and the post-state root of OverlayState: randomized (seeded)
// sequences of diffs (created, updated, deleted and re-created accounts; set and cleared slots; cleared
// storage; code changes), checking after every step that the incremental roots equal the full rebuild, plus
// every way of mutating a state behind its back (direct map and field writes, clones) and range errors.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OverlayState } from "../../src/block/overlay-state.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { AccountDiff, StateDiff } from "../../src/state/types.js";
import { stateRoot } from "../../src/trie/index.js";
import { prng } from "../../tools/prng.js";

const hex = bytesToHex;
const fullRoot = (s: InMemoryState) => hex(stateRoot(s.accounts));

/** Diffs as WorldState makes them: a changed code hash always comes with the code. */
type CodeHashOf = (address: bigint) => Uint8Array;

class Gen {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  address(): bigint {
    // A small pool so that accounts are hit repeatedly; a few large addresses for range.
    return this.next() < 0.05 ? (1n << 159n) + BigInt(this.int(3)) : BigInt(1 + this.int(40));
  }
  slot(): bigint {
    return this.next() < 0.1 ? (1n << 255n) + BigInt(this.int(4)) : BigInt(this.int(25));
  }
  word(): bigint {
    const r = this.next();
    if (r < 0.3) return 0n;
    if (r < 0.6) return BigInt(1 + this.int(200));
    return BigInt(this.int(2 ** 30)) << BigInt(this.int(220));
  }
  accountDiff(codeHash: Uint8Array): AccountDiff {
    if (this.next() < 0.12) return { account: undefined, storageCleared: true, storage: new Map() };
    const storage = new Map<bigint, bigint>();
    const slots = this.next() < 0.3 ? 0 : this.int(8);
    for (let i = 0; i < slots; i++) storage.set(this.slot(), this.word());
    const diff: AccountDiff = {
      account: { nonce: BigInt(this.int(5)), balance: this.word(), codeHash },
      storageCleared: this.next() < 0.1,
      storage,
    };
    if (this.next() < 0.1) {
      const code = Uint8Array.of(0x60, this.int(256));
      diff.code = code;
      diff.account!.codeHash = keccak256(code);
    }
    return diff;
  }
  diff(codeHashOf: CodeHashOf): StateDiff {
    const d: StateDiff = new Map();
    const n = 1 + this.int(6);
    for (let i = 0; i < n; i++) {
      const address = this.address();
      d.set(address, this.accountDiff(codeHashOf(address)));
    }
    return d;
  }
}

const codeHashes =
  (reader: { getAccount(address: bigint): { codeHash: Uint8Array } | undefined }): CodeHashOf =>
  (address) =>
    reader.getAccount(address)?.codeHash ?? EMPTY_CODE_HASH;

function seeded(seed: number): InMemoryState {
  const g = new Gen(prng(seed));
  const s = new InMemoryState();
  for (let i = 0; i < 25; i++) {
    const storage = new Map<bigint, bigint>();
    for (let j = g.int(6); j > 0; j--) storage.set(g.slot(), g.word());
    s.putAccount(g.address(), { nonce: BigInt(g.int(3)), balance: g.word(), storage });
  }
  return s;
}

describe("InMemoryState.stateRoot: incremental equals the full rebuild", () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`random diffs, seed ${seed}`, () => {
      const g = new Gen(prng(seed));
      const s = seeded(seed);
      assert.equal(hex(s.stateRoot()), fullRoot(s));
      for (let step = 0; step < 150; step++) {
        s.applyDiff(g.diff(codeHashes(s)));
        // Sometimes several diffs between roots.
        if (g.next() < 0.3) continue;
        assert.equal(hex(s.stateRoot()), fullRoot(s), `step ${step}`);
      }
    });
  }

  it("sees every write through the state's methods", () => {
    const s = seeded(99);
    const check = (what: string) => assert.equal(hex(s.stateRoot()), fullRoot(s), what);
    check("initial");
    const [first, second, third] = [...s.accounts.keys()];
    const set = (address: bigint, fields: { nonce?: bigint; balance?: bigint; codeHash?: Uint8Array }) => {
      const a = s.accounts.get(address)!;
      s.applyDiff(
        new Map([
          [
            address,
            {
              account: {
                nonce: fields.nonce ?? a.nonce,
                balance: fields.balance ?? a.balance,
                codeHash: fields.codeHash ?? a.codeHash,
              },
              storageCleared: false,
              storage: new Map(),
              ...(fields.codeHash !== undefined ? { code: Uint8Array.of(1) } : {}),
            },
          ],
        ]),
      );
    };
    set(first!, { balance: s.accounts.get(first!)!.balance + 7n });
    check("balance");
    set(first!, { nonce: 9n });
    check("nonce");
    s.setStorage(first!, 5n, 6n);
    check("slot set");
    s.setStorage(first!, 5n, 0n);
    check("slot zeroed");
    s.setStorage(first!, 5n, 0n);
    check("absent slot zeroed again");
    set(second!, { codeHash: keccak256(Uint8Array.of(1)) });
    check("code replaced");
    s.deleteAccount(third!);
    check("account deleted");
    s.deleteAccount(third!);
    check("absent account deleted");
    s.putAccount(1234n, { nonce: 1n, balance: 2n, storage: new Map([[1n, 2n]]) });
    check("account added");
    s.setStorage(1234n, 3n, 4n);
    s.setStorage(1234n, 1n, 5n);
    check("slots of a new account");
    assert.throws(() => s.setStorage(98765n, 1n, 1n), /does not exist/);
    s.putAccount(first!, { balance: 1n, storage: new Map([[1n, 1n]]) });
    check("putAccount replaces an account");
    s.setStorage(first!, 2n, 2n);
    s.applyDiff(
      new Map([
        [
          first!,
          {
            account: { nonce: 0n, balance: 1n, codeHash: EMPTY_CODE_HASH },
            storageCleared: true,
            storage: new Map([[3n, 3n]]),
          },
        ],
      ]),
    );
    check("slot written, then storage cleared by a diff");
  });

  it("a root after a one-account change visits that account only (O(changed), not O(accounts))", () => {
    const s = seeded(5);
    for (let i = 0; i < 2000; i++) s.putAccount(0x5000000n + BigInt(i), { balance: BigInt(i + 1) });
    s.stateRoot();
    const [address] = [...s.accounts.keys()];
    s.setStorage(address!, 77n, 1n);
    assert.equal(hex(s.stateRoot()), fullRoot(s));
    assert.equal(s.syncedTries().lastSyncAccounts, 1);
    const c = s.clone();
    c.deleteAccount(address!);
    assert.equal(hex(c.stateRoot()), fullRoot(c));
    assert.equal(c.syncedTries().lastSyncAccounts, 1);
    assert.equal(hex(s.stateRoot()), fullRoot(s), "the original is unchanged");
  });

  it("clones share the tries and stay independent", () => {
    const g = new Gen(prng(7));
    const s = seeded(7);
    s.stateRoot();
    for (let i = 0; i < 40; i++) {
      s.applyDiff(g.diff(codeHashes(s)));
      const c = s.clone();
      c.applyDiff(g.diff(codeHashes(c)));
      c.setStorage([...c.accounts.keys()][0]!, 1n, BigInt(i + 1));
      assert.equal(hex(c.stateRoot()), fullRoot(c), `clone ${i}`);
      assert.equal(hex(s.stateRoot()), fullRoot(s), `original ${i}`);
      // A clone of a state whose tries were never built, and one with writes pending.
      if (i % 10 === 0) {
        const fresh = seeded(i).clone();
        assert.equal(hex(fresh.stateRoot()), fullRoot(fresh));
        const pending = new InMemoryState();
        pending.putAccount(1n, { balance: 1n, storage: new Map([[1n, 1n]]) });
        pending.stateRoot();
        pending.setStorage(1n, 2n, 2n);
        pending.putAccount(2n, { balance: 1n });
        const pc = pending.clone();
        assert.equal(hex(pc.stateRoot()), fullRoot(pc));
        assert.equal(hex(pending.stateRoot()), fullRoot(pending));
      }
    }
  });

  it("out-of-range values throw and leave no half-updated trie", () => {
    const s = seeded(3);
    s.stateRoot();
    const address = [...s.accounts.keys()][0]!;
    s.setStorage(address, 1n, 1n << 256n);
    assert.throws(() => s.stateRoot(), RangeError);
    assert.throws(() => stateRoot(s.accounts), RangeError);
    s.setStorage(address, 1n, 5n);
    assert.equal(hex(s.stateRoot()), fullRoot(s));
    s.putAccount(1n << 160n, { balance: 1n });
    assert.throws(() => s.stateRoot(), RangeError);
    s.deleteAccount(1n << 160n);
    assert.equal(hex(s.stateRoot()), fullRoot(s));
  });
});

describe("OverlayState.stateRoot: incremental equals the full rebuild", () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`random blocks of diffs, seed ${seed}`, () => {
      const g = new Gen(prng(1000 + seed));
      const base = seeded(seed + 50);
      for (let block = 0; block < 30; block++) {
        const baseRoot = fullRoot(base);
        const o = new OverlayState(base);
        const txs = 1 + g.int(8);
        for (let t = 0; t < txs; t++) {
          o.apply(g.diff(codeHashes(o)));
          if (g.next() < 0.5) {
            const root = hex(o.stateRoot());
            assert.equal(root, hex(o.fullStateRoot()), `block ${block} tx ${t}`);
          }
        }
        const root = hex(o.stateRoot());
        assert.equal(root, hex(o.fullStateRoot()), `block ${block}`);
        // The base is not modified, and its own root is still right.
        assert.equal(fullRoot(base), baseRoot);
        assert.equal(hex(base.stateRoot()), baseRoot);
        // Applying the block's diff to the base gives the post-state the root describes.
        const post = o.postState();
        assert.equal(fullRoot(post), root);
        assert.equal(hex(post.stateRoot()), root);
        base.applyDiff(o.toDiff());
        if (g.next() < 0.2) base.setStorage([...base.accounts.keys()][0]!, 9n, BigInt(block + 1));
      }
    });
  }

  it("deleted and re-created accounts within one block", () => {
    const base = seeded(11);
    const [a] = [...base.accounts.keys()];
    base.setStorage(a!, 1n, 1n);
    const o = new OverlayState(base);
    o.apply(new Map([[a!, { account: undefined, storageCleared: true, storage: new Map() }]]));
    assert.equal(hex(o.stateRoot()), hex(o.fullStateRoot()));
    o.apply(
      new Map([
        [
          a!,
          {
            account: { nonce: 1n, balance: 0n, codeHash: EMPTY_CODE_HASH },
            storageCleared: true,
            storage: new Map([[2n, 2n]]),
          },
        ],
      ]),
    );
    assert.equal(hex(o.stateRoot()), hex(o.fullStateRoot()));
    o.apply(
      new Map([
        [
          999n,
          {
            account: { nonce: 1n, balance: 0n, codeHash: EMPTY_CODE_HASH },
            storageCleared: false,
            storage: new Map([[2n, 2n]]),
          },
        ],
      ]),
    );
    o.apply(new Map([[999n, { account: undefined, storageCleared: true, storage: new Map() }]]));
    assert.equal(hex(o.stateRoot()), hex(o.fullStateRoot()));
  });
});
