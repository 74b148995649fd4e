// Public face of the state-test runner: parse fixtures, build cases, run files.
export { blobBaseFee, fakeExponential } from "../block/blob-gas.js";
export { collectJsonFiles } from "../fixture-io/files.js";
export { buildBlockEnv, resolveForkRules, testBlockHash } from "./block-env.js";
export type * from "./fixture.js";
export { logsHash } from "./logs-hash.js";
export { FixtureError, type ParsedTest, parseAlloc, parseFixtureText, parseTest } from "./parse.js";
export { diffPostState } from "./post-diff.js";
export { buildPreState, touchCoinbase } from "./pre-state.js";
export { type CaseResult, type Executor, runCase } from "./run-case.js";
export {
  type CaseOutcome,
  type ErrorOutcome,
  type Outcome,
  type RunFileOptions,
  runFile,
  type SkipOutcome,
} from "./runner.js";
export { addressFromSecretKey } from "./sender.js";
export { buildTransaction, transactionType } from "./transaction.js";
