// SELFDESTRUCT under EIP-6780, end to end through transactions: a pre-existing contract only sends its
// balance away (code, storage and nonce stay), a contract created in the same transaction is deleted, the
// self-beneficiary cases (kept vs burned), halting semantics, and a reverted self-destruct.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAddress } from "../../src/evm/addresses.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { balanceOf, makeTx, nonceOf, runTx, TO } from "../tx/helpers.js";
import { addr, asm, createFrom, deployer } from "./helpers.js";

const BENEFICIARY = 0xbe4e_0000_0000_0000_0000_0000_0000_0000_0000_0001n;
const DESTRUCT = `PUSH20 ${addr(BENEFICIARY)} SELFDESTRUCT`;

test("a pre-existing contract keeps its code, storage and nonce, and sends its balance away", () => {
  const { result, post } = runTx(makeTx(), {
    accounts: [[TO, { code: `${DESTRUCT}`, balance: 100n, nonce: 1n, storage: { "1": 7n } }]],
  });
  assert.equal(result.status, 1);
  assert.equal(bytesToHex(post.getCode(TO)), bytesToHex(asm(DESTRUCT)));
  assert.equal(post.getStorage(TO, 1n), 7n);
  assert.equal(nonceOf(post, TO), 1n);
  assert.equal(balanceOf(post, TO), 0n);
  assert.equal(balanceOf(post, BENEFICIARY), 100n);
});

test("a pre-existing contract naming itself keeps its balance", () => {
  const { post } = runTx(makeTx({ value: 5n }), {
    accounts: [[TO, { code: "ADDRESS SELFDESTRUCT", balance: 100n, nonce: 1n }]],
  });
  assert.equal(balanceOf(post, TO), 105n);
  assert.notEqual(post.getAccount(TO), undefined);
});

test("a contract self-destructing in its own initcode is deleted and its balance moved", () => {
  const code = `${createFrom(DESTRUCT, 5n)} PUSH0 SSTORE`;
  const { result, post } = runTx(makeTx(), { accounts: [[TO, { code, balance: 5n, nonce: 1n }]] });
  assert.equal(result.status, 1);
  const created = createAddress(TO, 1n);
  assert.equal(post.getStorage(TO, 0n), created, "CREATE succeeded");
  assert.equal(post.getAccount(created), undefined);
  assert.equal(balanceOf(post, BENEFICIARY), 5n);
  assert.equal(nonceOf(post, TO), 2n);
});

test("a contract created earlier in the same transaction is deleted with its storage", () => {
  // Runtime: SSTORE(3, 3) when called without calldata; SELFDESTRUCT to the caller when called with some.
  const runtime = "CALLDATASIZE PUSH1 @d JUMPI PUSH1 3 PUSH1 3 SSTORE STOP d: JUMPDEST CALLER SELFDESTRUCT";
  const call = (withData: boolean) => `PUSH0 PUSH0 PUSH ${withData ? 1 : 0} PUSH0 PUSH0 DUP6 GAS CALL POP`;
  const code = `${createFrom(deployer(runtime), 9n)} ${call(false)} ${call(true)} PUSH0 SSTORE`;
  const { result, post } = runTx(makeTx(), { accounts: [[TO, { code, balance: 9n, nonce: 1n }]] });
  assert.equal(result.status, 1);
  const created = createAddress(TO, 1n);
  assert.equal(post.getStorage(TO, 0n), created);
  assert.equal(post.getAccount(created), undefined, "deleted at the end of the transaction");
  assert.equal(post.getStorage(created, 3n), 0n);
  assert.equal(balanceOf(post, TO), 9n, "the balance came back to the creator");
});

test("a contract created in the transaction and naming itself burns its balance", () => {
  const code = `${createFrom("ADDRESS SELFDESTRUCT", 4n)} PUSH0 SSTORE`;
  const { post } = runTx(makeTx(), { accounts: [[TO, { code, balance: 4n, nonce: 1n }]] });
  const created = createAddress(TO, 1n);
  assert.equal(post.getStorage(TO, 0n), created);
  assert.equal(post.getAccount(created), undefined);
  assert.equal(balanceOf(post, TO), 0n);
});

test("SELFDESTRUCT stops the frame successfully", () => {
  const { result, post } = runTx(makeTx(), {
    accounts: [[TO, { code: `${DESTRUCT} PUSH1 1 PUSH0 SSTORE`, nonce: 1n }]],
  });
  assert.equal(result.status, 1);
  assert.equal(post.getStorage(TO, 0n), 0n);
});

test("a self-destruct inside a reverted call is undone", () => {
  const RELAY = 0x4e1an;
  // The runtime self-destructs whenever called; RELAY calls the address in its calldata (then reverts).
  const relay = "PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 CALLDATALOAD GAS CALL";
  const callRelay = `DUP1 PUSH0 MSTORE PUSH0 PUSH0 PUSH1 32 PUSH0 PUSH0 PUSH20 ${addr(RELAY)} GAS CALL POP`;
  const code = `${createFrom(deployer(DESTRUCT), 3n)} ${callRelay} PUSH0 SSTORE`;
  const created = createAddress(TO, 1n);
  const withRelay = (relayCode: string) =>
    runTx(makeTx(), {
      accounts: [
        [TO, { code, balance: 3n, nonce: 1n }],
        [RELAY, { code: relayCode }],
      ],
    });
  const reverted = withRelay(`${relay} PUSH0 PUSH0 REVERT`);
  assert.equal(reverted.result.status, 1);
  assert.equal(reverted.post.getStorage(TO, 0n), created);
  assert.equal(bytesToHex(reverted.post.getCode(created)), bytesToHex(asm(DESTRUCT)));
  assert.equal(balanceOf(reverted.post, created), 3n);
  assert.equal(balanceOf(reverted.post, BENEFICIARY), 0n);
  // Control: without the revert the same path deletes the contract.
  const kept = withRelay(`${relay} STOP`);
  assert.equal(kept.post.getAccount(created), undefined);
  assert.equal(balanceOf(kept.post, BENEFICIARY), 3n);
});
