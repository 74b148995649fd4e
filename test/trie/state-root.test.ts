// storageRoot / stateRoot: hand-derived leaves, input validation, and state roots from the fixtures
// (an invalid transaction leaves the state unchanged, so its `hash` is the root of `pre`; EEST cases also
// carry the full post-state `state` whose root is `hash`).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  bigIntToBytes,
  bigIntToBytes32,
  bytesToHex,
  hexToBytes,
  parseQuantity,
} from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../../src/primitives/keccak.js";
import { rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { encodeAccount, secureTrieRoot, stateRoot, storageRoot } from "../../src/trie/index.js";
import { ethereumTestsDir } from "../helpers/ethereum-tests.js";

const hex = bytesToHex;

type FixtureAccount = { nonce: string; balance: string; code: string; storage: Record<string, string> };

function loadState(alloc: Record<string, FixtureAccount>): InMemoryState {
  const state = new InMemoryState();
  for (const [address, a] of Object.entries(alloc)) {
    const storage = new Map<bigint, bigint>();
    for (const [slot, value] of Object.entries(a.storage))
      storage.set(parseQuantity(slot), parseQuantity(value));
    state.putAccount(parseQuantity(address), {
      nonce: parseQuantity(a.nonce),
      balance: parseQuantity(a.balance),
      code: hexToBytes(a.code),
      storage,
    });
  }
  return state;
}

/** Single-leaf trie root, written out byte by byte: the path is all 64 nibbles (hp 0x20 + key). */
function singleLeafRoot(hashedKey: Uint8Array, leafValue: Uint8Array): Uint8Array {
  const path = [0xa1, 0x20, ...hashedKey]; // 33-byte string
  const single = leafValue.length === 1 && leafValue[0]! < 0x80; // a lone byte under 0x80 has no header
  const value = single ? [] : leafValue.length < 56 ? [0x80 + leafValue.length] : [0xb8, leafValue.length];
  const payload = [...path, ...value, ...leafValue];
  const header = payload.length < 56 ? [0xc0 + payload.length] : [0xf8, payload.length];
  return keccak256(Uint8Array.from([...header, ...payload]));
}

describe("storageRoot", () => {
  it("is EMPTY_TRIE_ROOT for no slots or only zero values", () => {
    assert.equal(hex(storageRoot(new Map())), hex(EMPTY_TRIE_ROOT));
    assert.equal(hex(storageRoot(new Map([[1n, 0n]]))), hex(EMPTY_TRIE_ROOT));
  });

  it("keys by keccak(32-byte slot) and stores rlp of the minimal value", () => {
    const slot = 0x1234n;
    const key = keccak256(bigIntToBytes32(slot));
    // Value 0x0100 -> minimal bytes 01 00 -> rlp 82 01 00.
    assert.equal(hex(storageRoot([[slot, 0x100n]])), hex(singleLeafRoot(key, hexToBytes("0x820100"))));
    // Value 5 -> rlp 05 (a single byte is its own encoding).
    assert.equal(hex(storageRoot([[slot, 5n]])), hex(singleLeafRoot(key, hexToBytes("0x05"))));
  });

  it("equals the secure trie over the same encoded pairs", () => {
    const storage = new Map<bigint, bigint>();
    for (let i = 1n; i <= 300n; i++) storage.set(i * 7919n, (i * 0x1000001n) ** 3n);
    const pairs: [Uint8Array, Uint8Array][] = [...storage].map(([k, v]) => [
      bigIntToBytes32(k),
      rlpEncode(v),
    ]);
    assert.equal(hex(storageRoot(storage)), hex(secureTrieRoot(pairs)));
  });

  it("rejects slots and values outside uint256", () => {
    assert.throws(() => storageRoot([[-1n, 1n]]), RangeError);
    assert.throws(() => storageRoot([[1n << 256n, 1n]]), RangeError);
    assert.throws(() => storageRoot([[1n, 1n << 256n]]), RangeError);
    assert.throws(() => storageRoot([[1n, -1n]]), RangeError);
  });
});

describe("stateRoot", () => {
  it("is EMPTY_TRIE_ROOT for no accounts", () => {
    assert.equal(hex(stateRoot(new Map())), hex(EMPTY_TRIE_ROOT));
  });

  it("matches a hand-built leaf for a single account", () => {
    const address = 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0bn;
    const account = { nonce: 1n, balance: 0x05f446a7n, codeHash: EMPTY_CODE_HASH, storage: new Map() };
    // rlp([1, 0x05f446a7, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]), as in hex_encoded_securetrie_test.json test1.
    const value = hexToBytes(
      "0xf848018405f446a7a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
    assert.equal(hex(encodeAccount(1n, 0x05f446a7n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH)), hex(value));
    const key = keccak256(bigIntToBytes(address, 20));
    assert.equal(hex(stateRoot([[address, account]])), hex(singleLeafRoot(key, value)));
  });

  it("includes each account's storage root", () => {
    const storage = new Map([[0n, 1n]]);
    const account = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH, storage };
    const withStorage = stateRoot([[1n, account]]);
    const value = encodeAccount(0n, 0n, storageRoot(storage), EMPTY_CODE_HASH);
    assert.equal(hex(withStorage), hex(singleLeafRoot(keccak256(bigIntToBytes(1n, 20)), value)));
    assert.notEqual(hex(withStorage), hex(stateRoot([[1n, { ...account, storage: new Map() }]])));
  });

  it("works on InMemoryState.accounts directly", () => {
    const state = new InMemoryState();
    state.putAccount(0x1000n, { balance: 10n, code: hexToBytes("0x6000"), storage: new Map([[3n, 4n]]) });
    state.putAccount(0x2000n, { nonce: 7n });
    const expected = stateRoot([
      [0x2000n, { nonce: 7n, balance: 0n, codeHash: EMPTY_CODE_HASH, storage: new Map() }],
      [
        0x1000n,
        { nonce: 0n, balance: 10n, codeHash: keccak256(hexToBytes("0x6000")), storage: new Map([[3n, 4n]]) },
      ],
    ]);
    assert.equal(hex(stateRoot(state.accounts)), hex(expected));
  });

  it("rejects an address wider than 20 bytes", () => {
    const account = { nonce: 0n, balance: 0n, codeHash: EMPTY_CODE_HASH, storage: new Map() };
    assert.throws(() => stateRoot([[1n << 160n, account]]), RangeError);
  });
});

const root = ethereumTestsDir();
describe("hex_encoded_securetrie_test accounts", { skip: root ? false : "fixtures not found" }, () => {
  it("re-encode to the same bytes through encodeAccount", () => {
    const dir = root!;
    const file = JSON.parse(readFileSync(join(dir, "TrieTests/hex_encoded_securetrie_test.json"), "utf8"));
    let checked = 0;
    for (const c of Object.values(file) as { in: Record<string, string> }[]) {
      for (const value of Object.values(c.in)) {
        const [nonce, balance, root, codeHash] = rlpDecode(hexToBytes(value)) as Uint8Array[];
        const asInt = (b: Uint8Array) => (b.length === 0 ? 0n : BigInt(hex(b)));
        assert.equal(hex(encodeAccount(asInt(nonce!), asInt(balance!), root!, codeHash!)), value);
        checked++;
      }
    }
    assert.ok(checked >= 10, `checked ${checked} accounts`);
  });
});

// Pre-state roots: ethereum/tests Cancun cases whose transaction is invalid (hash == root of pre).
const PRE_CASES = [
  "GeneralStateTests/stEIP1559/lowGasLimit.json",
  "GeneralStateTests/stSpecialTest/eoaEmptyParis.json",
  "GeneralStateTests/Cancun/stEIP4844-blobtransactions/createBlobhashTx.json",
];
// Post-state roots: EEST cases carrying `state`; picked for many storage slots and several accounts.
const POST_FILES = [
  "prague-state-tests/static/state_tests/stShift/shiftSignedCombinations.json",
  "prague-state-tests/static/state_tests/VMTests/vmArithmeticTest/expPower256Of256.json",
  "prague-state-tests/prague/eip2537_bls_12_381_precompiles/test_valid_gas_g1msm.json",
  "prague-state-tests/cancun/eip5656_mcopy/test_no_memory_corruption_on_upper_create_stack_levels.json",
  "prague-state-tests/static/state_tests/stRandom/randomStatetest384.json",
];

type StateTest = {
  pre: Record<string, FixtureAccount>;
  post: Record<string, { hash: string; expectException?: string; state?: Record<string, FixtureAccount> }[]>;
};

describe("state roots from state-test fixtures", { skip: root ? false : "fixtures not found" }, () => {
  if (!root) return;
  it("stateRoot(pre) equals the hash of an invalid-transaction case", () => {
    let checked = 0;
    for (const path of PRE_CASES) {
      const tests = JSON.parse(readFileSync(join(root, path), "utf8")) as Record<string, StateTest>;
      for (const [name, t] of Object.entries(tests)) {
        const post = t.post.Cancun?.find((p) => p.expectException !== undefined);
        assert.ok(post, `${name}: no Cancun case with expectException`);
        assert.equal(hex(stateRoot(loadState(t.pre).accounts)), post.hash, `${path} ${name}`);
        checked++;
      }
    }
    assert.equal(checked, PRE_CASES.length);
  });

  it("stateRoot(post state) equals the hash of EEST cases", () => {
    let checked = 0;
    for (const path of POST_FILES) {
      const tests = JSON.parse(readFileSync(join(root, path), "utf8")) as Record<string, StateTest>;
      for (const [name, t] of Object.entries(tests)) {
        for (const [fork, posts] of Object.entries(t.post)) {
          for (const [i, p] of posts.entries()) {
            if (!p.state) continue;
            assert.equal(
              hex(stateRoot(loadState(p.state).accounts)),
              p.hash,
              `${path} ${name} ${fork}[${i}]`,
            );
            checked++;
          }
        }
      }
    }
    assert.ok(checked >= POST_FILES.length, `checked ${checked} post states`);
  });
});
