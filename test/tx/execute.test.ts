// Transaction execution end to end: fees to the sender and coinbase (EIP-1559), the refund cap of
// gasUsed/5 (EIP-3529), refunds dropped on failure, nonces, contract-creation transactions, logs, blob gas
// accounting (EIP-4844), and the EIP-3651 warm coinbase.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAddress } from "../../src/evm/addresses.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { asm, COINBASE } from "../evm/helpers.js";
import { balanceOf, ETHER, makeTx, nonceOf, runTx, SENDER, TO } from "./helpers.js";

test("a value transfer charges 21000 at the effective price and pays the tip to the coinbase", () => {
  const { result, post } = runTx(makeTx({ value: 1000n }));
  assert.equal(result.status, 1);
  assert.equal(result.gasUsed, 21000n);
  // Effective price min(10, 7 + 2) = 9; the coinbase gets 9 - 7 per gas, the base fee is burned.
  assert.equal(balanceOf(post, SENDER), ETHER - 1000n - 21000n * 9n);
  assert.equal(balanceOf(post, TO), 1000n);
  assert.equal(balanceOf(post, COINBASE), 21000n * 2n);
  assert.equal(nonceOf(post, SENDER), 1n);
});

test("the effective price is capped by the max fee", () => {
  const { post } = runTx(makeTx({ maxFeePerGas: 8n, maxPriorityFeePerGas: 5n }));
  assert.equal(balanceOf(post, SENDER), ETHER - 21000n * 8n);
  assert.equal(balanceOf(post, COINBASE), 21000n * 1n);
  const legacy = runTx(makeTx({ type: 0, gasPrice: 20n, maxFeePerGas: 20n, maxPriorityFeePerGas: 20n }));
  assert.equal(balanceOf(legacy.post, SENDER), ETHER - 21000n * 20n);
  assert.equal(balanceOf(legacy.post, COINBASE), 21000n * 13n);
});

test("a zero tip leaves an absent coinbase absent (EIP-161 touch, then deletion)", () => {
  const { post } = runTx(makeTx({ maxPriorityFeePerGas: 0n }));
  assert.equal(post.getAccount(COINBASE), undefined);
});

test("unused gas is returned to the sender", () => {
  const { result, post } = runTx(makeTx({ gasLimit: 500_000n }), {
    accounts: [[TO, { code: "PUSH1 1 POP" }]],
  });
  assert.equal(result.gasUsed, 21005n);
  assert.equal(balanceOf(post, SENDER), ETHER - 21005n * 9n);
});

test("a reverted transaction still pays for its gas and moves the nonce, but loses its effects", () => {
  const code = "PUSH1 1 PUSH0 SSTORE PUSH0 PUSH0 LOG0 PUSH1 0xab PUSH0 MSTORE8 PUSH1 1 PUSH0 REVERT";
  const { result, post } = runTx(makeTx({ value: 5n }), { accounts: [[TO, { code }]] });
  assert.equal(result.status, 0);
  assert.equal(result.error, "revert");
  assert.equal(bytesToHex(result.output), "0xab");
  assert.deepEqual(result.logs, []);
  // SSTORE cold 0 -> 1: 22100; LOG0 375; the rest 3+2+2+2+3+2+6+3+2 = 25.
  assert.equal(result.gasUsed, 21000n + 22100n + 375n + 25n);
  assert.equal(post.getStorage(TO, 0n), 0n);
  assert.equal(balanceOf(post, TO), 0n);
  assert.equal(balanceOf(post, SENDER), ETHER - result.gasUsed * 9n);
  assert.equal(nonceOf(post, SENDER), 1n);
});

test("an exceptional halt consumes the whole gas limit", () => {
  const { result, post } = runTx(makeTx({ gasLimit: 100_000n }), { accounts: [[TO, { code: "INVALID" }]] });
  assert.equal(result.status, 0);
  assert.equal(result.error, "invalid opcode");
  assert.equal(result.gasUsed, 100_000n);
  assert.equal(balanceOf(post, COINBASE), 200_000n);
});

test("refunds are capped at a fifth of the gas used (EIP-3529)", () => {
  const storage = { "0": 1n, "1": 1n, "2": 1n };
  // One slot cleared: 21000 + 2 + 2 + (2100 + 2900) = 26004; refund 4800 < 26004 / 5.
  const one = runTx(makeTx(), { accounts: [[TO, { code: "PUSH0 PUSH0 SSTORE", storage }]] });
  assert.equal(one.result.gasUsed, 26004n - 4800n);
  // Three slots cleared: 21000 + 15014 = 36014; refund 14400 is capped at 36014 / 5 = 7202.
  const three = runTx(makeTx(), {
    accounts: [[TO, { code: "PUSH0 PUSH0 SSTORE PUSH0 PUSH1 1 SSTORE PUSH0 PUSH1 2 SSTORE", storage }]],
  });
  assert.equal(three.result.gasUsed, 36014n - 7202n);
  assert.equal(balanceOf(three.post, SENDER), ETHER - (36014n - 7202n) * 9n);
  assert.equal(three.post.getStorage(TO, 2n), 0n);
});

test("a failed transaction gets no refund", () => {
  const storage = { "0": 1n };
  const { result } = runTx(makeTx(), {
    accounts: [[TO, { code: "PUSH0 PUSH0 SSTORE PUSH0 PUSH0 REVERT", storage }]],
  });
  assert.equal(result.status, 0);
  assert.equal(result.gasUsed, 21000n + 5004n + 4n);
});

test("refunds from a reverted inner call are dropped, those of the outer frame kept", () => {
  const INNER = 0x1111n;
  const storage = { "0": 1n };
  // The inner contract clears its slot (refund 4800) and reverts; the outer clears its own and succeeds.
  const outer = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${INNER} GAS CALL POP PUSH0 PUSH0 SSTORE`;
  const { result } = runTx(makeTx(), {
    accounts: [
      [TO, { code: outer, storage }],
      [INNER, { code: "PUSH0 PUSH0 SSTORE PUSH0 PUSH0 REVERT", storage }],
    ],
  });
  // Outer: 5 pushes (10) + PUSH20 3 + GAS 2 + CALL 2600 + inner (5004 + 4) + POP 2 + 4 + 5000.
  const used = 21000n + 10n + 3n + 2n + 2600n + 5008n + 2n + 4n + 5000n;
  assert.equal(result.gasUsed, used - 4800n);
});

test("a creation transaction deploys at createAddress(sender, nonce)", () => {
  // Initcode returns the runtime code 0x60016000 (4 bytes).
  const data = asm("PUSH4 0x60016000 PUSH0 MSTORE PUSH1 4 PUSH1 28 RETURN");
  const { result, post } = runTx(makeTx({ to: undefined, data, value: 7n, nonce: 3n }), { senderNonce: 3n });
  assert.equal(result.status, 1);
  const created = createAddress(SENDER, 3n);
  assert.equal(result.createdAddress, created);
  assert.equal(bytesToHex(post.getCode(created)), "0x60016000");
  assert.equal(balanceOf(post, created), 7n);
  assert.equal(nonceOf(post, created), 1n);
  assert.equal(nonceOf(post, SENDER), 4n);
  // Intrinsic: 21000 + 32000 + 12 bytes (11 non-zero, 1 zero) + 1 initcode word; execution 3+2+3+3+3+0
  // plus memory 3 and deposit 4 * 200.
  const intrinsic = 53000n + 11n * 16n + 4n + 2n;
  assert.equal(result.gasUsed, intrinsic + 17n + 800n);
});

test("a creation transaction onto an occupied address fails, consuming all gas, but moves the nonce", () => {
  const created = createAddress(SENDER, 0n);
  const { result, post } = runTx(makeTx({ to: undefined, gasLimit: 200_000n }), {
    accounts: [[created, { storage: { "1": 1n } }]],
  });
  assert.equal(result.status, 0);
  assert.equal(result.error, "create collision");
  assert.equal(result.gasUsed, 200_000n);
  assert.equal(result.createdAddress, undefined);
  assert.equal(nonceOf(post, SENDER), 1n);
});

test("logs of a successful transaction are returned in order", () => {
  const code = "PUSH1 0xaa PUSH0 MSTORE8 PUSH1 7 PUSH1 1 PUSH0 LOG1 PUSH1 8 PUSH1 9 PUSH0 PUSH0 LOG2";
  const { result } = runTx(makeTx(), { accounts: [[TO, { code }]] });
  assert.equal(result.logs.length, 2);
  assert.deepEqual(result.logs[0], { address: TO, topics: [7n], data: Uint8Array.of(0xaa) });
  assert.deepEqual(result.logs[1], { address: TO, topics: [9n, 8n], data: new Uint8Array(0) });
  // LOG1: 375 + 375 + 8 per byte; LOG2: 375 + 750.
  assert.equal(result.gasUsed, 21000n + 3n + 2n + 6n + 3n + 3n + 2n + 758n + 3n + 3n + 2n + 2n + 1125n);
});

test("blob gas is charged at the blob base fee and reported", () => {
  const blob = new Uint8Array(32);
  blob[0] = 1;
  const tx = makeTx({ type: 3, maxFeePerBlobGas: 10n, blobVersionedHashes: [blob, blob] });
  const { result, post } = runTx(tx, { env: { blobBaseFee: 3n } });
  assert.equal(result.blobGasUsed, 2n * 131072n);
  assert.equal(balanceOf(post, SENDER), ETHER - 21000n * 9n - 2n * 131072n * 3n);
});

test("BLOBHASH reads the transaction's versioned hashes", () => {
  const h = new Uint8Array(32).fill(0x22);
  h[0] = 1;
  const code = "PUSH0 BLOBHASH PUSH0 SSTORE PUSH1 1 BLOBHASH PUSH1 1 SSTORE";
  const tx = makeTx({ type: 3, maxFeePerBlobGas: 1n, blobVersionedHashes: [h] });
  const { post } = runTx(tx, { accounts: [[TO, { code }]] });
  assert.equal(post.getStorage(TO, 0n), BigInt(bytesToHex(h)));
  assert.equal(post.getStorage(TO, 1n), 0n);
});

test("the sender, recipient, coinbase and precompiles start warm (EIP-2929, EIP-3651)", () => {
  const warm = [SENDER, TO, COINBASE, 1n, 0x100n];
  for (const address of warm) {
    const code = `PUSH20 ${address} BALANCE POP`;
    const { result } = runTx(makeTx(), { accounts: [[TO, { code }]] });
    assert.equal(result.gasUsed, 21000n + 3n + 100n + 2n, `0x${address.toString(16)}`);
  }
  const cold = runTx(makeTx(), { accounts: [[TO, { code: "PUSH20 0x1234 BALANCE POP" }]] });
  assert.equal(cold.result.gasUsed, 21000n + 3n + 2600n + 2n);
  // 0x100 (P256VERIFY) is only a precompile from Osaka on.
  const prague = runTx(makeTx(), { fork: "Prague", accounts: [[TO, { code: "PUSH20 0x100 BALANCE POP" }]] });
  assert.equal(prague.result.gasUsed, 21000n + 3n + 2600n + 2n);
});
