// Worker side of deep-call-chain.test.ts: runs a transaction whose contract calls itself down to depth
// 1,024 and calls ECRECOVER at the bottom, untraced and under the call tracer, on a worker started with
// default resource limits, and reports what it computed (or the error it hit) to the parent.
import { parentPort } from "node:worker_threads";
import { FORKS } from "../../src/evm/forks.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { traceTransaction } from "../../src/trace/index.js";
import { buildPre, makeTx, runTx, TO } from "../tx/helpers.js";
import { asm, blockEnv } from "./helpers.js";

/** ECRECOVER input (hash, v, r, s) whose signer is 0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b. */
export const ECRECOVER_INPUT =
  "0x18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c" +
  "000000000000000000000000000000000000000000000000000000000000001c" +
  "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f" +
  "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549";

// Each frame counts itself in slot 0 and calls itself with its own calldata and all the gas it may pass,
// until the call from depth 1024 fails the depth check; the frame at depth 1023 also stores the output of
// ECRECOVER(calldata), which runs at depth 1024, in slot 1.
const CHAIN = asm(
  `
        PUSH0 SLOAD PUSH1 1 ADD DUP1 PUSH0 SSTORE     ; [count]
        CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY         ; mem[0..) = calldata
        PUSH2 1024 EQ ISZERO PUSH @down JUMPI
        PUSH1 32 PUSH1 128 CALLDATASIZE PUSH0 PUSH1 1 GAS STATICCALL POP
        PUSH1 128 MLOAD PUSH1 1 SSTORE
  down: JUMPDEST
        PUSH0 PUSH0 CALLDATASIZE PUSH0 PUSH0 ADDRESS GAS CALL STOP
`.replace(/;[^\n]*/g, ""),
);

interface TracedCall {
  calls?: TracedCall[];
  error?: string;
}

export interface ChainReport {
  status?: number;
  frames?: string;
  recovered?: string;
  tracedDepth?: number;
  tracedStatus?: string;
  deepestError?: string;
  error?: string;
}

function run(): ChainReport {
  // Cancun: no EIP-7825 cap, so the transaction can carry the ~10^11 gas the 63/64 rule needs to reach
  // depth 1024; the gas price is zero (base fee 0) so the sender needs no balance for it.
  const env = { gasLimit: 10n ** 12n, baseFee: 0n };
  const tx = makeTx({
    gasLimit: 10n ** 12n,
    maxFeePerGas: 0n,
    maxPriorityFeePerGas: 0n,
    data: hexToBytes(ECRECOVER_INPUT),
  });
  const opts = {
    fork: "Cancun" as const,
    env,
    accounts: [[TO, { code: CHAIN }]] as [bigint, { code: Uint8Array }][],
  };
  const { result, post } = runTx(tx, opts);
  const report: ChainReport = {
    status: result.status,
    frames: post.getStorage(TO, 0n).toString(),
    recovered: bytesToHex(hexToBytes(`0x${post.getStorage(TO, 1n).toString(16).padStart(64, "0")}`)),
  };
  const traced = traceTransaction(buildPre(opts), tx, blockEnv(env), FORKS.Cancun, {
    tracer: "callTracer",
  }) as TracedCall;
  // Follow the last sub-call of each frame: the chain of self-calls down to the one that failed.
  let depth = 0;
  let frame: TracedCall | undefined = traced;
  let deepest = traced;
  while (frame !== undefined) {
    depth++;
    deepest = frame;
    frame = frame.calls?.[frame.calls.length - 1];
  }
  report.tracedDepth = depth;
  report.tracedStatus = traced.error ?? "ok";
  report.deepestError = deepest.error;
  return report;
}

/**
 * Runs `fn` with about a tenth of the thread's JavaScript stack left: measures how deep one recursive
 * function goes, then re-descends with the same function to 90% of that. Recursion on the JS stack per
 * call level (about 1 KB a level) would not fit a 1,024-deep chain in what is left; a frame loop does.
 */
function withLittleStackLeft<T>(fn: () => T): T {
  let deepest = 0;
  let result: T | undefined;
  const descend = (depth: number, stop: number): void => {
    deepest = depth;
    if (depth < stop) descend(depth + 1, stop);
    else result = fn();
  };
  try {
    descend(1, Number.POSITIVE_INFINITY);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  descend(1, Math.floor(deepest * 0.9));
  return result as T;
}

function report(fn: () => ChainReport): ChainReport {
  try {
    return fn();
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

parentPort?.postMessage({ plain: report(run), nearStackEnd: report(() => withLittleStackLeft(run)) });
