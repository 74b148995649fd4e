// EIP-4895 withdrawals: gwei crediting, EIP-161 on zero amounts, RLP and root.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidBlockError } from "../../src/block/errors.js";
import { OverlayState } from "../../src/block/overlay-state.js";
import {
  applyWithdrawals,
  decodeWithdrawal,
  encodeWithdrawal,
  withdrawalsRoot,
} from "../../src/block/withdrawals.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_TRIE_ROOT } from "../../src/primitives/keccak.js";
import { rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { InMemoryState } from "../../src/state/memory-state.js";

const W = { index: 1n, validatorIndex: 2n, address: 0xc94f5374fce5edbc8e2a8697c15331677e6ebf0bn, amount: 3n };

test("a withdrawal encodes as rlp([index, validatorIndex, address, amount]) and decodes back", () => {
  const bytes = encodeWithdrawal(W);
  assert.equal(bytesToHex(bytes), "0xd8010294c94f5374fce5edbc8e2a8697c15331677e6ebf0b03");
  assert.deepEqual(decodeWithdrawal(rlpDecode(bytes)), W);
  assert.deepEqual(withdrawalsRoot([]), EMPTY_TRIE_ROOT);
});

test("withdrawal decoding enforces 64-bit fields and 20-byte addresses", () => {
  const bad = [
    rlpEncode([1n << 64n, 2n, new Uint8Array(20), 3n]),
    rlpEncode([1n, 2n, new Uint8Array(19), 3n]),
    rlpEncode([1n, 2n, new Uint8Array(20)]),
  ];
  const codes = ["RLP_INVALID_FIELD_OVERFLOW_64", "RLP_INVALID_ADDRESS", "RLP_STRUCTURES_ENCODING"];
  bad.forEach((b, i) => {
    assert.throws(
      () => decodeWithdrawal(rlpDecode(b)),
      (e: unknown) => e instanceof InvalidBlockError && e.code === codes[i],
    );
  });
});

test("amounts are gwei; a zero amount removes an empty recipient and creates nothing", () => {
  const base = new InMemoryState();
  base.putAccount(0x1n, {});
  const o = new OverlayState(base);
  o.apply(applyWithdrawals(o, [W, { ...W, address: 0x1n, amount: 0n }, { ...W, address: 0x2n, amount: 0n }]));
  assert.equal(o.getAccount(W.address)!.balance, 3_000_000_000n);
  assert.equal(o.getAccount(0x1n), undefined);
  assert.equal(o.getAccount(0x2n), undefined);
  assert.deepEqual([...o.toDiff().keys()].sort(), [0x1n, W.address]);
});
