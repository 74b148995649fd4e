// The journaled WorldState: checkpoint/revert of balances, nonces, storage, code, account creation, warm
// sets and transient storage; nested checkpoints; EIP-2200 original values; finalize() with EIP-161
// deletion of touched empty accounts and EIP-6780 self-destructs; and create collisions (EIP-684/7610).
import assert from "node:assert/strict";
import { test } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { WorldState } from "../../src/state/world-state.js";

const A = 0xaan;
const B = 0xbbn;
const EMPTY = 0xeen; // exists in the pre-state with no nonce, balance or code
const ABSENT = 0xabn;
const STORAGE_ONLY = 0x50n;
const CODE = Uint8Array.of(0x60, 0x01, 0x00);

/** A comparable picture of a state: every account with its fields, code and non-zero storage. */
function snapshot(state: InMemoryState): Map<bigint, string> {
  const out = new Map<bigint, string>();
  for (const [address, a] of state.accounts) {
    const storage = [...a.storage].filter(([, v]) => v !== 0n).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    out.set(
      address,
      `${a.nonce}/${a.balance}/${bytesToHex(a.code)}/${bytesToHex(a.codeHash)}/${storage.join(";")}`,
    );
  }
  return out;
}

/** The pre-state with `w`'s diff applied. */
function post(w: WorldState, base: () => InMemoryState = pre): InMemoryState {
  const state = base();
  state.applyDiff(w.finalize());
  return state;
}

function pre(): InMemoryState {
  const s = new InMemoryState();
  s.putAccount(A, {
    nonce: 1n,
    balance: 100n,
    storage: new Map([
      [1n, 11n],
      [2n, 22n],
    ]),
  });
  s.putAccount(B, { balance: 5n, code: CODE });
  s.putAccount(EMPTY, {});
  s.putAccount(STORAGE_ONLY, { storage: new Map([[9n, 1n]]) });
  return s;
}

test("reads come from the pre-state; absent accounts read as empty", () => {
  const w = new WorldState(pre());
  assert.equal(w.getBalance(A), 100n);
  assert.equal(w.getNonce(A), 1n);
  assert.equal(w.getStorage(A, 1n), 11n);
  assert.equal(w.getStorage(A, 3n), 0n);
  assert.equal(bytesToHex(w.getCode(B)), "0x600100");
  assert.deepEqual(w.getCodeHash(B), keccak256(CODE));
  assert.deepEqual(w.getCodeHash(ABSENT), EMPTY_CODE_HASH);
  assert.equal(w.exists(ABSENT), false);
  assert.equal(w.exists(EMPTY), true);
  assert.equal(w.isDead(EMPTY), true);
  assert.equal(w.isDead(ABSENT), true);
  assert.equal(w.isDead(B), false);
  assert.equal(w.isDead(STORAGE_ONLY), true, "storage does not make an account alive (EIP-161)");
});

test("revert restores balances, nonces, storage and code", () => {
  const w = new WorldState(pre());
  const cp = w.checkpoint();
  w.addBalance(A, 50n);
  w.subBalance(B, 5n);
  w.setNonce(A, 7n);
  w.setStorage(A, 1n, 0n);
  w.setStorage(A, 3n, 33n);
  w.setCode(A, Uint8Array.of(0xfe));
  w.setCode(B, new Uint8Array(0));
  assert.equal(w.getBalance(A), 150n);
  assert.equal(w.getStorage(A, 3n), 33n);
  assert.equal(bytesToHex(w.getCode(A)), "0xfe");
  w.revert(cp);
  assert.equal(w.getBalance(A), 100n);
  assert.equal(w.getBalance(B), 5n);
  assert.equal(w.getNonce(A), 1n);
  assert.equal(w.getStorage(A, 1n), 11n);
  assert.equal(w.getStorage(A, 3n), 0n);
  assert.equal(w.getCode(A).length, 0);
  assert.deepEqual(w.getCodeHash(A), EMPTY_CODE_HASH);
  assert.equal(bytesToHex(w.getCode(B)), "0x600100");
  assert.deepEqual(w.getCodeHash(B), keccak256(CODE));
  assert.deepEqual(snapshot(post(w)), snapshot(pre()), "a fully reverted transaction changes nothing");
});

test("revert undoes account creation by value transfer", () => {
  const w = new WorldState(pre());
  const cp = w.checkpoint();
  w.addBalance(ABSENT, 1n);
  assert.equal(w.exists(ABSENT), true);
  w.revert(cp);
  assert.equal(w.exists(ABSENT), false);
  assert.equal(w.getBalance(ABSENT), 0n);
  assert.equal(w.finalize().has(ABSENT), false);
});

test("revert restores warm addresses and warm slots (EIP-2929)", () => {
  const w = new WorldState(pre());
  assert.equal(w.warmAddress(A), true, "first access is cold");
  assert.equal(w.warmAddress(A), false, "second access is warm");
  const cp = w.checkpoint();
  assert.equal(w.warmAddress(B), true);
  assert.equal(w.warmSlot(A, 1n), true);
  assert.equal(w.warmSlot(A, 1n), false);
  assert.equal(w.warmSlot(B, 1n), true, "slots are per address");
  w.revert(cp);
  assert.equal(w.isWarmAddress(A), true, "warmed before the checkpoint");
  assert.equal(w.isWarmAddress(B), false);
  assert.equal(w.warmSlot(A, 1n), true, "cold again after the revert");
  assert.equal(w.warmAddress(B), true);
});

test("revert restores transient storage (EIP-1153), which never reaches the diff", () => {
  const w = new WorldState(pre());
  w.setTransient(A, 1n, 10n);
  const cp = w.checkpoint();
  w.setTransient(A, 1n, 20n);
  w.setTransient(A, 2n, 30n);
  w.setTransient(B, 1n, 40n);
  assert.equal(w.getTransient(A, 1n), 20n);
  w.revert(cp);
  assert.equal(w.getTransient(A, 1n), 10n);
  assert.equal(w.getTransient(A, 2n), 0n);
  assert.equal(w.getTransient(B, 1n), 0n);
  assert.equal(w.getStorage(A, 1n), 11n, "transient and persistent storage are separate");
  assert.equal(w.finalize().size, 0, "transient writes change no account");
});

test("nested checkpoints revert independently", () => {
  const w = new WorldState(pre());
  const outer = w.checkpoint();
  w.setStorage(A, 1n, 100n);
  w.addBalance(A, 1n);
  const inner = w.checkpoint();
  w.setStorage(A, 1n, 200n);
  w.addBalance(A, 1n);
  w.warmAddress(B);
  const innermost = w.checkpoint();
  w.setNonce(A, 9n);
  w.revert(innermost);
  assert.equal(w.getNonce(A), 1n);
  assert.equal(w.getStorage(A, 1n), 200n);
  w.revert(inner);
  assert.equal(w.getStorage(A, 1n), 100n);
  assert.equal(w.getBalance(A), 101n);
  assert.equal(w.isWarmAddress(B), false);
  w.commit(outer);
  const diff = w.finalize();
  assert.equal(diff.get(A)?.account?.balance, 101n);
  assert.equal(diff.get(A)?.storage.get(1n), 100n);
});

test("reverting an outer checkpoint undoes committed inner changes", () => {
  const w = new WorldState(pre());
  const outer = w.checkpoint();
  const inner = w.checkpoint();
  w.setStorage(A, 2n, 0n);
  w.commit(inner);
  w.revert(outer);
  assert.equal(w.getStorage(A, 2n), 22n);
  assert.deepEqual(snapshot(post(w)), snapshot(pre()));
});

test("original storage is the value at the start of the transaction (EIP-2200)", () => {
  const w = new WorldState(pre());
  assert.equal(w.getOriginalStorage(A, 1n), 11n, "before any access");
  w.setStorage(A, 2n, 5n);
  w.setStorage(A, 2n, 6n);
  assert.equal(w.getStorage(A, 2n), 6n);
  assert.equal(w.getOriginalStorage(A, 2n), 22n);
  w.setStorage(A, 4n, 1n);
  assert.equal(w.getOriginalStorage(A, 4n), 0n);
  const cp = w.checkpoint();
  w.setStorage(A, 1n, 12n);
  w.revert(cp);
  assert.equal(w.getOriginalStorage(A, 1n), 11n);
  assert.equal(w.getOriginalStorage(ABSENT, 1n), 0n);
});

test("finalize reports changed accounts, written slots and new code only", () => {
  const w = new WorldState(pre());
  w.getBalance(B); // a read is not a change
  w.getStorage(A, 2n);
  w.setStorage(A, 1n, 0n);
  w.setStorage(A, 5n, 55n);
  w.setCode(A, Uint8Array.of(0x00));
  w.addBalance(ABSENT, 3n);
  const diff = w.finalize();
  assert.deepEqual([...diff.keys()].sort(), [A, ABSENT].sort());
  const a = diff.get(A)!;
  assert.deepEqual(a.account, { nonce: 1n, balance: 100n, codeHash: keccak256(Uint8Array.of(0x00)) });
  assert.deepEqual(
    a.storage,
    new Map([
      [1n, 0n],
      [5n, 55n],
    ]),
  );
  assert.equal(a.storageCleared, false);
  assert.equal(bytesToHex(a.code!), "0x00");
  const created = diff.get(ABSENT)!;
  assert.equal(created.account?.balance, 3n);
  assert.equal(created.code, undefined, "no code change");
  // Applying the diff gives the post-state.
  const state = pre();
  state.applyDiff(diff);
  assert.equal(state.getStorage(A, 1n), 0n);
  assert.equal(state.getStorage(A, 2n), 22n);
  assert.equal(state.getStorage(A, 5n), 55n);
  assert.equal(state.getAccount(ABSENT)?.balance, 3n);
});

test("finalize deletes touched empty accounts (EIP-161)", () => {
  const w = new WorldState(pre());
  w.addBalance(EMPTY, 0n); // a zero-value touch of an existing empty account
  w.addBalance(ABSENT, 0n); // a touch that creates an empty account
  w.addBalance(B, 0n); // touched but not empty
  const diff = w.finalize();
  assert.deepEqual(diff.get(EMPTY), { account: undefined, storageCleared: true, storage: new Map() });
  assert.equal(diff.get(ABSENT)?.account, undefined);
  assert.equal(diff.has(B), false, "a touch that changes nothing is no change");
  const state = pre();
  state.applyDiff(diff);
  assert.equal(state.getAccount(EMPTY), undefined);
  assert.equal(state.getAccount(ABSENT), undefined);
});

test("an account emptied during the transaction is deleted; untouched empty accounts stay", () => {
  const w = new WorldState(pre());
  w.setBalance(B, 0n);
  w.setCode(B, new Uint8Array(0));
  const diff = w.finalize();
  assert.equal(diff.get(B)?.account, undefined);
  assert.equal(diff.has(EMPTY), false, "never touched");
});

test("a reverted touch does not delete, except for the RIPEMD-160 precompile (geth quirk)", () => {
  const withRipemd = () => {
    const s = pre();
    s.putAccount(3n, {});
    return s;
  };
  const w = new WorldState(withRipemd());
  const cp = w.checkpoint();
  w.addBalance(EMPTY, 0n);
  w.addBalance(3n, 0n);
  w.revert(cp);
  const after = post(w, withRipemd);
  assert.notEqual(after.getAccount(EMPTY), undefined, "the reverted touch of an empty account is forgotten");
  assert.equal(after.getAccount(3n), undefined, "the touch of 0x03 survives the revert");
});

test("EIP-6780: only an account created in the transaction is deleted by self-destruct", () => {
  const w = new WorldState(pre());
  const NEW = 0xc1n;
  w.createContractAccount(NEW);
  w.setNonce(NEW, 1n);
  w.setStorage(NEW, 1n, 1n);
  w.setCode(NEW, CODE);
  assert.equal(w.isCreatedInTx(NEW), true);
  assert.equal(w.isCreatedInTx(B), false);
  w.markSelfDestruct(NEW);
  const diff = w.finalize();
  assert.deepEqual(diff.get(NEW), { account: undefined, storageCleared: true, storage: new Map() });
});

test("a reverted self-destruct or creation leaves the account alone", () => {
  const w = new WorldState(pre());
  const NEW = 0xc2n;
  const cp = w.checkpoint();
  w.createContractAccount(NEW);
  w.setNonce(NEW, 1n);
  w.markSelfDestruct(NEW);
  w.revert(cp);
  assert.equal(w.isCreatedInTx(NEW), false);
  assert.equal(w.exists(NEW), false);
  assert.equal(w.finalize().has(NEW), false);
});

test("createContractAccount keeps a prior balance, clears storage and is undone by revert", () => {
  const s = pre();
  const X = 0xc3n;
  s.putAccount(X, { balance: 7n });
  const w = new WorldState(s);
  const cp = w.checkpoint();
  w.createContractAccount(X);
  assert.equal(w.getBalance(X), 7n);
  assert.equal(w.isCreatedInTx(X), true);
  w.setStorage(X, 1n, 1n);
  w.revert(cp);
  assert.equal(w.isCreatedInTx(X), false);
  assert.equal(w.getStorage(X, 1n), 0n);
  w.createContractAccount(X);
  w.setNonce(X, 1n);
  const diff = w.finalize();
  assert.equal(diff.get(X)?.storageCleared, true);
  assert.equal(diff.get(X)?.account?.balance, 7n);
});

test("hasCollision: a nonce, code or any non-zero storage collides; a balance does not", () => {
  const w = new WorldState(pre());
  assert.equal(w.hasCollision(A), true, "nonce");
  assert.equal(w.hasCollision(B), true, "code");
  assert.equal(w.hasCollision(STORAGE_ONLY), true, "storage only (EIP-7610)");
  assert.equal(w.hasCollision(EMPTY), false);
  assert.equal(w.hasCollision(ABSENT), false);
  const s = new InMemoryState();
  s.putAccount(0x1n, { balance: 1n });
  s.putAccount(0x2n, { storage: new Map([[1n, 0n]]) }); // zero slots are not storage
  const w2 = new WorldState(s);
  assert.equal(w2.hasCollision(0x1n), false);
  assert.equal(w2.hasCollision(0x2n), false);
  // Changes made in the transaction count too.
  w2.setNonce(0x1n, 1n);
  assert.equal(w2.hasCollision(0x1n), true);
  w2.setCode(ABSENT, Uint8Array.of(0));
  assert.equal(w2.hasCollision(ABSENT), true);
});

test("finalize leaves out accounts and slots whose changes were all reverted or undone", () => {
  const w = new WorldState(pre());
  const cp = w.checkpoint();
  w.addBalance(B, 1n);
  w.setStorage(A, 1n, 99n);
  w.revert(cp);
  w.setStorage(A, 2n, 7n);
  w.setStorage(A, 2n, 22n); // back to its original value
  assert.equal(w.finalize().size, 0);
});
