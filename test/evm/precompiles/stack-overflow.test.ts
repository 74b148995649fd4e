// A precompile reached with almost no JavaScript stack left must not report the library's stack overflow as
// invalid input (ECRECOVER's empty output): that would be a wrong result. EVM call depth no longer uses the
// JS stack (frames live on Evm's frame stack, see deep-call-chain.test.ts), but a library caller may still
// run the EVM from deep inside its own recursion, so the stack's end stays reachable from a precompile.
// The test measures how deep large frames go, re-descends to just above that, then steps down in small
// frames calling ECRECOVER with a valid signature at every level, until a call throws. Each call before must
// recover the signer, and the one that throws must throw the RangeError itself, which shows that the stack
// did run out inside the precompile (the case being tested) and not in the test's own frames.
import assert from "node:assert/strict";
import { test } from "node:test";
import { rethrowStackOverflow } from "../../../src/evm/precompiles/util.js";
import { bytesToHex } from "../../../src/primitives/hex.js";
import { call, word } from "./helpers.js";

const VALID =
  "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c" +
  word(28n) +
  word(0x73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75fn) +
  word(0xeeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549n);
const SIGNER = `0x${"00".repeat(12)}a94f5374fce5edbc8e2a8697c15331677e6ebf0b`;

test("rethrowStackOverflow passes input errors and rethrows stack overflows", () => {
  assert.doesNotThrow(() => rethrowStackOverflow(new Error("bad point")));
  assert.doesNotThrow(() => rethrowStackOverflow(new RangeError("invalid array length")));
  assert.throws(() => rethrowStackOverflow(new RangeError("Maximum call stack size exceeded")), /call stack/);
});

test("ECRECOVER at the end of the stack recovers the signer or throws, never reports an invalid signature", () => {
  const big = new Array<number>(2000).fill(0);
  const small = new Array<number>(8).fill(0);
  // One function both measures (stop = Infinity) and re-descends, so both use frames of one size.
  let deepest = 0;
  let onArrival = (): void => {};
  const descend = (depth: number, stop: number, ..._pad: number[]): void => {
    deepest = depth;
    if (depth < stop) descend(depth + 1, stop, ...big);
    else onArrival();
  };
  assert.throws(() => descend(1, Number.POSITIVE_INFINITY, ...big), RangeError);
  const stop = deepest - Math.max(3, Math.ceil(deepest / 25));

  let steps = 0;
  let threwInside = false;
  const wrong: number[] = [];
  const step = (..._pad: number[]): void => {
    steps++;
    let output: Uint8Array;
    try {
      output = call(1n, VALID).output;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      threwInside = true;
      return;
    }
    if (bytesToHex(output) !== SIGNER) wrong.push(steps);
    step(...small);
  };
  onArrival = () => step(...small);
  descend(1, stop, ...big);
  assert.deepEqual(wrong, [], "steps where ECRECOVER returned something other than the signer");
  assert.ok(threwInside, `the stack never ran out inside ECRECOVER (${steps} steps)`);
});
