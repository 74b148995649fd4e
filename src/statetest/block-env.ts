// The block environment and fork rules a state-test case runs under, following geth's `evm statetest`
// conventions (the fixtures were filled with them): hashes of earlier blocks are keccak256 of the block
// number in decimal, PREVRANDAO is `currentRandom`, and the blob base fee comes from `currentExcessBlobGas`.
import { makeBlockEnv } from "../block/block-env.js";
import type { BlockEnv } from "../evm/env.js";
import { type ForkRules, getForkRules, isForkName, withBlobSchedule } from "../evm/forks.js";
import { keccak256Word } from "../primitives/keccak.js";
import type { FixtureConfig, FixtureEnv } from "./fixture.js";

/** Base fee when a post-London fixture omits it: retesteth's genesis uses 0x10, so "this" block gets 0x0a. */
const DEFAULT_BASE_FEE = 0x0an;
const utf8 = new TextEncoder();

/** The fork's rules with the fixture's blob schedule applied, or undefined when Lanes does not run that fork. */
export function resolveForkRules(fork: string, config: FixtureConfig): ForkRules | undefined {
  if (!isForkName(fork)) return undefined;
  const rules = getForkRules(fork);
  const schedule = config.blobSchedules.get(fork);
  return schedule ? withBlobSchedule(rules, schedule) : rules;
}

/** The conventional test-chain block hash: keccak256 of the decimal block number. */
export function testBlockHash(number: bigint): bigint {
  return keccak256Word(utf8.encode(number.toString(10)));
}

export function buildBlockEnv(env: FixtureEnv, rules: ForkRules, chainId: bigint): BlockEnv {
  const derived = {
    chainId,
    // No base fee before London (EIP-1559); DIFFICULTY before Paris (EIP-4399).
    baseFee: rules.eip1559 ? (env.baseFee ?? DEFAULT_BASE_FEE) : 0n,
    prevRandao: rules.eip4399 ? (env.random ?? env.difficulty) : env.difficulty,
    excessBlobGas: env.excessBlobGas ?? 0n,
  };
  return makeBlockEnv(env, derived, rules, testBlockHash);
}
