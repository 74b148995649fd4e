// Normalising rejections and matching them with `expectException`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidBlockError } from "../../src/block/errors.js";
import { matchException, toRejection } from "../../src/blocktest/rejection.js";
import { InvalidTransactionError } from "../../src/primitives/errors.js";
import { RlpError } from "../../src/primitives/rlp.js";

test("typed errors keep their code and family; decoder errors take the stage's code; others are crashes", () => {
  const block = toRejection(new InvalidBlockError("INVALID_GASLIMIT", "too high"), "");
  assert.deepEqual(
    [block.code, block.family, block.unexpected],
    ["INVALID_GASLIMIT", "BlockException", false],
  );
  const wrapped = toRejection(
    InvalidBlockError.fromTransaction(0, new InvalidTransactionError("NONCE_MISMATCH_TOO_LOW")),
    "",
  );
  assert.deepEqual([wrapped.code, wrapped.family], ["NONCE_MISMATCH_TOO_LOW", "TransactionException"]);
  const tx = toRejection(new InvalidTransactionError("INVALID_SIGNATURE_VRS"), "RLP_STRUCTURES_ENCODING");
  assert.deepEqual([tx.code, tx.family], ["INVALID_SIGNATURE_VRS", "TransactionException"]);
  const rlp = toRejection(new RlpError("trailing bytes"), "RLP_STRUCTURES_ENCODING");
  assert.deepEqual(
    [rlp.code, rlp.family, rlp.unexpected],
    ["RLP_STRUCTURES_ENCODING", "BlockException", false],
  );
  const crash = toRejection(new TypeError("x is undefined"), "RLP_STRUCTURES_ENCODING");
  assert.deepEqual([crash.code, crash.family, crash.unexpected], ["", undefined, true]);
});

test("matchException: exact on any alternative, else family, else mismatch", () => {
  const r = (code: string, family: "BlockException" | "TransactionException" | undefined) => ({
    code,
    family,
    message: "",
    unexpected: false,
  });
  const expected =
    "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS|TransactionException.INSUFFICIENT_ACCOUNT_FUNDS";
  assert.equal(matchException(expected, r("INSUFFICIENT_ACCOUNT_FUNDS", "TransactionException")), "exact");
  assert.equal(matchException(expected, r("INSUFFICIENT_ACCOUNT_FUNDS", undefined)), "exact");
  assert.equal(matchException(expected, r("INTRINSIC_GAS_TOO_LOW", "TransactionException")), "family");
  assert.equal(matchException(expected, r("INVALID_GASLIMIT", "BlockException")), "mismatch");
  assert.equal(matchException("BlockException.INVALID_REQUESTS", r("", undefined)), "mismatch");
});
