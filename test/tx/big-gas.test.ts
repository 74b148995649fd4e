// Transactions above 2^52 gas (src/evm/gas-reserve.ts): GAS, the CALL family's 63/64 split and the gas
// used are exact up to 2^64, on the current handlers (Shanghai) and the pre-Berlin ones (Constantinople,
// Homestead). The expected values come from the gas rules written out below; the same formula is checked at
// a small gas limit too, where the number path alone runs, so the formula itself is tested.
import assert from "node:assert/strict";
import { test } from "node:test";
import { createAddress } from "../../src/evm/addresses.js";
import type { ForkName } from "../../src/evm/forks.js";
import { asm, createFrom } from "../evm/helpers.js";
import { makeTx, runTx, SENDER, TO } from "./helpers.js";

const A = 0xaa00_0000_0000_0000_0000_0000_0000_0000_0000_00aan;
const B = 0xbb00_0000_0000_0000_0000_0000_0000_0000_0000_00bbn;
/** CALL A's requested gas: above 2^53 and odd, so a float64 would round it. */
const REQUESTED = (1n << 58n) + 1n;

const hex = (x: bigint) => `0x${x.toString(16)}`;

/** Stores GAS at slot 0; CALLs A with REQUESTED gas, then B with GAS (all it may pass); stores GAS at slot 1. */
const PARENT = asm(`GAS PUSH1 0 SSTORE
  PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${hex(A)} PUSH8 ${hex(REQUESTED)} CALL POP
  PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${hex(B)} GAS CALL POP
  GAS PUSH1 1 SSTORE STOP`);
/** Stores the gas it was given (less GAS's own 2) at its slot 0. */
const CHILD = asm("GAS PUSH1 0 SSTORE STOP");

interface Prices {
  /** SSTORE of a fresh non-zero value into a zero slot (cold from Berlin). */
  sstoreNew: bigint;
  /** CALL's price for a (cold) target without value. */
  call: bigint;
  eip150: boolean;
}

const SHANGHAI: Prices = { sstoreNew: 22_100n, call: 2_600n, eip150: true };
const CONSTANTINOPLE: Prices = { sstoreNew: 20_000n, call: 700n, eip150: true };

/** The storage PARENT and its children end with, and the gas used, from the rules (no refunds occur). */
function expected(gasLimit: bigint, p: Prices) {
  const all = (g: bigint) => g - g / 64n;
  const e = gasLimit - 21_000n;
  const slot0 = e - 2n;
  const g1 = e - 5n - p.sstoreNew - 21n - p.call;
  const callA = REQUESTED < all(g1) ? REQUESTED : all(g1);
  const r = g1 - 7n - p.sstoreNew; // the child used GAS + PUSH1 + SSTORE; POP
  const g2 = r - 20n - p.call;
  const callB = all(g2);
  const slot1 = g2 - 9n - p.sstoreNew;
  const left = slot1 - 3n - p.sstoreNew;
  return { slot0, slotA: callA - 2n, slotB: callB - 2n, slot1, gasUsed: gasLimit - left };
}

function run(gasLimit: bigint, fork: ForkName) {
  const tx = makeTx({ type: 0, chainId: undefined, gasPrice: 1n, maxFeePerGas: 1n, gasLimit });
  return runTx(tx, {
    fork,
    senderBalance: 1n << 70n,
    env: { gasLimit, baseFee: 0n },
    accounts: [
      [TO, { code: PARENT }],
      [A, { code: CHILD }],
      [B, { code: CHILD }],
    ],
  });
}

for (const [fork, prices] of [
  ["Shanghai", SHANGHAI],
  ["ConstantinopleFix", CONSTANTINOPLE],
] as const) {
  test(`${fork}: GAS, the 63/64 split and gas used are exact from 10^8 to 2^64-1 gas`, () => {
    for (const gasLimit of [
      100_000_000n,
      (1n << 52n) + 21_001n,
      (1n << 53n) + 21_001n,
      1n << 60n,
      (1n << 64n) - 1n,
    ]) {
      const { result, post } = run(gasLimit, fork);
      const want = expected(gasLimit, prices);
      const at = `gas limit ${gasLimit}`;
      assert.equal(result.status, 1, at);
      assert.equal(post.getStorage(TO, 0n), want.slot0, `${at}: GAS at entry`);
      assert.equal(post.getStorage(A, 0n), want.slotA, `${at}: CALL A's gas (min of requested and 63/64)`);
      assert.equal(post.getStorage(B, 0n), want.slotB, `${at}: CALL B's gas (63/64 of what is left)`);
      assert.equal(
        post.getStorage(TO, 1n),
        want.slot1,
        `${at}: GAS after both calls returned their leftovers`,
      );
      assert.equal(result.gasUsed, want.gasUsed, `${at}: gas used`);
    }
  });
}

test("Homestead (before EIP-150): a CALL above 2^53 gas passes exactly what it requests, if it is there", () => {
  // Only CALL A: before EIP-150 GAS-as-requested (CALL B) is more than is left after CALL's own price.
  const parent = asm(`GAS PUSH1 0 SSTORE
    PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH1 0 PUSH20 ${hex(A)} PUSH8 ${hex(REQUESTED)} CALL PUSH1 1 SSTORE STOP`);
  const runWith = (gasLimit: bigint) =>
    runTx(makeTx({ type: 0, chainId: undefined, gasPrice: 1n, maxFeePerGas: 1n, gasLimit }), {
      fork: "Homestead",
      senderBalance: 1n << 70n,
      env: { gasLimit, baseFee: 0n },
      accounts: [
        [TO, { code: parent }],
        [A, { code: CHILD }],
      ],
    });
  const big = runWith(1n << 60n);
  assert.equal(big.result.status, 1);
  assert.equal(big.post.getStorage(TO, 0n), (1n << 60n) - 21_000n - 2n);
  assert.equal(big.post.getStorage(A, 0n), REQUESTED - 2n, "the child got exactly the requested gas");
  assert.equal(big.post.getStorage(TO, 1n), 1n, "CALL succeeded");
  // With less than REQUESTED left, the CALL itself runs out of gas and the transaction uses all its gas.
  const short = runWith(1n << 57n);
  assert.equal(short.result.status, 0);
  assert.equal(short.result.gasUsed, 1n << 57n);
});

test("Shanghai: CREATE above 2^53 gas passes exactly all but one 64th", () => {
  const initcode = "GAS PUSH1 0 SSTORE STOP"; // stores the gas it was given, less 2; deposits no code
  const parent = asm(`${createFrom(initcode)} POP GAS PUSH1 1 SSTORE STOP`);
  const created = createAddress(TO, 0n);
  for (const gasLimit of [100_000_000n, 1n << 60n, (1n << 64n) - 1n]) {
    const tx = makeTx({ type: 0, chainId: undefined, gasPrice: 1n, maxFeePerGas: 1n, gasLimit });
    const { result, post } = runTx(tx, {
      fork: "Shanghai",
      senderBalance: 1n << 70n,
      env: { gasLimit, baseFee: 0n },
      accounts: [[TO, { code: parent }]],
    });
    assert.equal(result.status, 1);
    // The parent had g before the split; the child used GAS + PUSH1 + SSTORE (22,105) of its share, and the
    // parent then paid POP and GAS: slot 1 = g - 22,109.
    const g = post.getStorage(TO, 1n) + 22_109n;
    assert.equal(post.getStorage(created, 0n) + 2n, g - g / 64n, `gas limit ${gasLimit}: the child's share`);
    assert.ok(g > gasLimit - 100_000n, `gas limit ${gasLimit}: nothing lost on the way (g = ${g})`);
  }
});

test("a value transfer with 2^60 gas uses 21,000 and refunds the rest exactly", () => {
  const gasLimit = 1n << 60n;
  const start = 1n << 70n;
  const tx = makeTx({ type: 0, chainId: undefined, gasPrice: 3n, maxFeePerGas: 3n, gasLimit, value: 5n });
  const { result, post } = runTx(tx, {
    fork: "Shanghai",
    senderBalance: start,
    env: { gasLimit, baseFee: 0n },
  });
  assert.equal(result.status, 1);
  assert.equal(result.gasUsed, 21_000n);
  assert.equal(post.getAccount(SENDER)?.balance, start - 21_000n * 3n - 5n);
  assert.equal(post.getAccount(TO)?.balance, 5n);
});
