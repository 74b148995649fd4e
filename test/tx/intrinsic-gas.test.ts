// Intrinsic gas (21000, calldata 4/16 per zero/non-zero byte, creation 32000 + 2 per initcode word,
// EIP-2930 access lists, EIP-7702 authorizations) and the EIP-7623 calldata floor, both as computed and as
// charged by applyTransaction.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FORKS } from "../../src/evm/forks.js";
import { hexToBytes } from "../../src/primitives/hex.js";
import { floorDataGas, intrinsicGas } from "../../src/tx/intrinsic-gas.js";
import { key, makeTx, rejection, runTx, signAuthorization } from "./helpers.js";

const rules = FORKS.Osaka;

test("a plain call costs 21000", () => {
  assert.equal(intrinsicGas(makeTx(), rules), 21000n);
});

test("calldata costs 4 per zero byte and 16 per non-zero byte", () => {
  assert.equal(
    intrinsicGas(makeTx({ data: hexToBytes("0x00010000ff") }), rules),
    21000n + 3n * 4n + 2n * 16n,
  );
  assert.equal(intrinsicGas(makeTx({ data: new Uint8Array(100) }), rules), 21400n);
  assert.equal(intrinsicGas(makeTx({ data: new Uint8Array(100).fill(1) }), rules), 22600n);
});

test("creation adds 32000 and 2 per 32-byte initcode word (EIP-3860)", () => {
  assert.equal(intrinsicGas(makeTx({ to: undefined }), rules), 53000n);
  const data = new Uint8Array(33).fill(0xff); // 2 words, all non-zero
  assert.equal(intrinsicGas(makeTx({ to: undefined, data }), rules), 53000n + 33n * 16n + 2n * 2n);
  assert.equal(intrinsicGas(makeTx({ to: undefined, data: new Uint8Array(32) }), rules), 53000n + 128n + 2n);
});

test("access lists cost 2400 per address and 1900 per storage key (EIP-2930)", () => {
  const accessList = [
    { address: 0x1n, storageKeys: [1n, 2n] },
    { address: 0x2n, storageKeys: [] },
    { address: 0x1n, storageKeys: [1n] }, // duplicates are charged again
  ];
  assert.equal(intrinsicGas(makeTx({ accessList }), rules), 21000n + 3n * 2400n + 3n * 1900n);
});

test("authorizations cost 25000 each (EIP-7702)", () => {
  const auth = signAuthorization(key(1).priv, { chainId: 1n, address: 0x1234n, nonce: 0n });
  const tx = makeTx({ type: 4, authorizationList: [auth, auth] });
  assert.equal(intrinsicGas(tx, rules), 21000n + 50000n);
});

test("the EIP-7623 floor is 21000 + 10 per token (zero byte 1 token, other bytes 4)", () => {
  assert.equal(floorDataGas(makeTx()), 21000n);
  const data = new Uint8Array(15);
  data.fill(0xaa, 10); // 10 zero bytes, 5 non-zero
  assert.equal(floorDataGas(makeTx({ data })), 21000n + 10n * (10n + 20n));
  // The floor ignores creation, access lists and authorizations.
  const accessList = [{ address: 0x1n, storageKeys: [1n] }];
  assert.equal(floorDataGas(makeTx({ data, to: undefined, accessList })), 21300n);
});

test("a calldata-heavy transaction pays the floor from Prague on", () => {
  const data = new Uint8Array(100).fill(1); // intrinsic 22600, floor 25000
  const prague = runTx(makeTx({ data }), { fork: "Prague" });
  assert.equal(prague.result.gasUsed, 25000n);
  const cancun = runTx(makeTx({ data }), { fork: "Cancun" });
  assert.equal(cancun.result.gasUsed, 22600n);
  // The gas limit must cover the floor up front.
  assert.equal(
    rejection(makeTx({ data, gasLimit: 24999n }), { fork: "Prague" }),
    "INTRINSIC_GAS_BELOW_FLOOR_GAS_COST",
  );
  assert.equal(rejection(makeTx({ data, gasLimit: 25000n }), { fork: "Prague" }), "valid");
  assert.equal(rejection(makeTx({ data, gasLimit: 24999n }), { fork: "Cancun" }), "valid");
});

test("the floor applies after refunds and does not apply when execution costs more", () => {
  // Zero calldata of 1000 bytes: intrinsic 25000, floor 31000.
  const data = new Uint8Array(1000);
  const noCode = runTx(makeTx({ data }), { fork: "Prague" });
  assert.equal(noCode.result.gasUsed, 31000n);
  // Execution of 10 * 20000+ gas dwarfs the floor.
  const code = Array.from({ length: 10 }, (_, i) => `PUSH1 1 PUSH1 ${i} SSTORE`).join(" ");
  const busy = runTx(makeTx({ data }), { fork: "Prague", accounts: [[makeTx().to!, { code }]] });
  assert.equal(busy.result.gasUsed, 25000n + 10n * (22100n + 6n));
});

test("a gas limit below the intrinsic gas is rejected", () => {
  assert.equal(rejection(makeTx({ gasLimit: 20999n })), "INTRINSIC_GAS_TOO_LOW");
  assert.equal(rejection(makeTx({ gasLimit: 21000n })), "valid");
  assert.equal(rejection(makeTx({ to: undefined, gasLimit: 52999n })), "INTRINSIC_GAS_TOO_LOW");
  const accessList = [{ address: 0x1n, storageKeys: [1n] }];
  assert.equal(rejection(makeTx({ accessList, gasLimit: 25299n })), "INTRINSIC_GAS_TOO_LOW");
  assert.equal(rejection(makeTx({ accessList, gasLimit: 25300n })), "valid");
});
