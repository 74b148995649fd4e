// ChainConfig builders: one fork for every block (what test fixtures use), a schedule by block number and
// timestamp (any list of activations; mainnet's is src/block/mainnet.ts, a geth genesis' genesis-config.ts), and the fixture network names that denote either ("Prague",
// "PragueToOsakaAtTime15k"); withExtraPrecompiles adds a chain's own precompiles (co-processors) to a config.
import {
  type BlobSchedule,
  type ForkName,
  type ForkRules,
  getForkRules,
  isForkName,
  withBlobSchedule,
} from "../evm/forks.js";
import type { PrecompileSet } from "../evm/precompiles/types.js";
import type { ChainConfig } from "./types.js";

export interface ChainConfigOptions {
  /** Per-fork blob parameters overriding the fork table (EEST `config.blobSchedule`), keyed by fork name. */
  blobSchedules?: ReadonlyMap<string, BlobSchedule>;
  depositContractAddress?: bigint;
  /**
   * Precompiles of this chain beyond the fork's (co-processors, src/coprocessors), active in every fork of
   * the config. Absent by default: the Ethereum forks run without them.
   */
  extraPrecompiles?: PrecompileSet;
  /** Enables WebAssembly contracts (ForkRules.wasm) at every fork; off unless set. */
  wasm?: boolean;
  /** Devnet: the code-size limit in bytes at every fork (ForkRules.maxCodeSize); EIP-170's unless set. */
  maxCodeSize?: number;
  /** Devnet: senders with code may send (ForkRules.allowSendersWithCode); off unless set. */
  allowSendersWithCode?: boolean;
  /** Devnet: revm's handling of balances past 2^256-1 (ForkRules.overflowPaymentHalts); off unless set. */
  overflowPaymentHalts?: boolean;
  /** The chain's DAO fork block (ForkRules.daoForkBlock, src/block/dao-fork.ts); none unless set. */
  daoForkBlock?: bigint;
  /** ChainConfig.terminalTotalDifficulty: set with a `merge` activation (blockAndTimeForkConfig). */
  terminalTotalDifficulty?: bigint;
}

export interface ForkActivation {
  fork: ForkName;
  /** First timestamp at which the fork is active. */
  timestamp: bigint;
}

function resolveRules(fork: string, options: ChainConfigOptions): ForkRules {
  const rules = getForkRules(fork);
  const schedule = options.blobSchedules?.get(fork);
  const scheduled = schedule ? withBlobSchedule(rules, schedule) : rules;
  const extra = options.extraPrecompiles;
  const out: { -readonly [K in keyof ForkRules]: ForkRules[K] } = { ...scheduled };
  if (options.wasm === true) out.wasm = true;
  if (options.maxCodeSize !== undefined) out.maxCodeSize = options.maxCodeSize;
  if (options.allowSendersWithCode === true) out.allowSendersWithCode = true;
  if (options.overflowPaymentHalts === true) out.overflowPaymentHalts = true;
  if (options.daoForkBlock !== undefined) out.daoForkBlock = options.daoForkBlock;
  if (extra !== undefined) out.extraPrecompiles = extra;
  return out;
}

function withDeposit(config: ChainConfig, options: ChainConfigOptions): ChainConfig {
  if (options.depositContractAddress !== undefined)
    config.depositContractAddress = options.depositContractAddress;
  return config;
}

/** Every block runs under `fork` (throws for a fork Lanes does not know). */
export function fixedForkConfig(
  chainId: bigint,
  fork: string,
  options: ChainConfigOptions = {},
): ChainConfig {
  const rules = resolveRules(fork, options);
  return withDeposit({ chainId, rulesAt: () => rules }, options);
}

/** Forks activated by timestamp; a block before the first activation has no rules and throws. */
export function scheduledForkConfig(
  chainId: bigint,
  activations: readonly ForkActivation[],
  options: ChainConfigOptions = {},
): ChainConfig {
  if (activations.length === 0) throw new RangeError("scheduledForkConfig: no fork activations");
  const byTime = [...activations].sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0,
  );
  return blockAndTimeForkConfig(chainId, byTime, options);
}

/**
 * A fork activated from a block number (forks before Shanghai) or from a timestamp (Shanghai on), or (`merge`,
 * Paris on a chain that merged by total difficulty) from the first proof-of-stake block.
 */
export interface ScheduledFork {
  fork: ForkName;
  block?: bigint;
  timestamp?: bigint;
  /** Active for the blocks rulesAt is told are merged (and whenever a later activation is active). */
  merge?: boolean;
  /** A difficulty-bomb delay replacing the fork's own (geth's Muir, Arrow and Gray Glacier forks). */
  bombDelay?: bigint;
}

/**
 * Forks by block number and then by timestamp, as a geth genesis schedules them: a block runs under the last
 * activation (in schedule order) that it has reached. A block before the first one has no rules and throws.
 * Each activation's rules are resolved once, so every block of a fork shares one rules object.
 */
export function blockAndTimeForkConfig(
  chainId: bigint,
  activations: readonly ScheduledFork[],
  options: ChainConfigOptions = {},
): ChainConfig {
  if (activations.length === 0) throw new RangeError("blockAndTimeForkConfig: no fork activations");
  const latestFirst = activations
    .map((a) => {
      const rules = resolveRules(a.fork, options);
      return { a, rules: a.bombDelay === undefined ? rules : { ...rules, bombDelay: a.bombDelay } };
    })
    .reverse();
  const rulesAt = (number: bigint, timestamp: bigint, merged?: boolean): ForkRules => {
    for (const { a, rules } of latestFirst) {
      if (a.merge === true) {
        if (merged === true) return rules;
        continue;
      }
      if (a.block !== undefined ? number >= a.block : a.timestamp !== undefined && timestamp >= a.timestamp)
        return rules;
    }
    throw new RangeError(`no fork is scheduled for block ${number} (timestamp ${timestamp})`);
  };
  const config: ChainConfig = { chainId, rulesAt };
  if (options.terminalTotalDifficulty !== undefined)
    config.terminalTotalDifficulty = options.terminalTotalDifficulty;
  return withDeposit(config, options);
}

/**
 * `config` with `extra` added to the rules of every block (replacing any set the config had). Each fork's
 * rules object is extended once, so the rules of two blocks of one fork stay the same object (the opcode
 * table is cached per rules object).
 */
export function withExtraPrecompiles(config: ChainConfig, extra: PrecompileSet): ChainConfig {
  const extended = new WeakMap<ForkRules, ForkRules>();
  const rulesAt = (number: bigint, timestamp: bigint): ForkRules => {
    const base = config.rulesAt(number, timestamp);
    let rules = extended.get(base);
    if (rules === undefined) {
      rules = { ...base, extraPrecompiles: extra };
      extended.set(base, rules);
    }
    return rules;
  };
  return { ...config, rulesAt };
}

/**
 * geth's fork names that only push the difficulty bomb back: the fork-table row they run and their bomb delay
 * (EIP-2384, EIP-4345, EIP-5133).
 */
export const GLACIER_FORKS: Readonly<Record<string, { fork: ForkName; bombDelay: bigint }>> = {
  MuirGlacier: { fork: "Istanbul", bombDelay: 9_000_000n },
  ArrowGlacier: { fork: "London", bombDelay: 10_700_000n },
  GrayGlacier: { fork: "London", bombDelay: 11_400_000n },
};

/** A fork-table name or a glacier name, as an activation from block 0; undefined for other names. */
function genesisActivation(name: string): ScheduledFork | undefined {
  const glacier = GLACIER_FORKS[name];
  if (glacier !== undefined) return { fork: glacier.fork, block: 0n, bombDelay: glacier.bombDelay };
  return isForkName(name) ? { fork: name, block: 0n } : undefined;
}

/** The DAO fork at a block ("HomesteadToDaoAt5": Homestead throughout, the DAO block 5). */
const DAO_TRANSITION = /^([A-Za-z0-9]+)ToDaoAt(\d+)$/;
/** The Merge at a terminal total difficulty, in hex ("ArrowGlacierToParisAtDiffC0000"). */
const TTD_TRANSITION = /^([A-Za-z0-9]+)ToParisAtDiff([0-9A-Fa-f]+)$/;
const TRANSITION = /^([A-Za-z0-9]+)To([A-Za-z0-9]+)AtTime(\d+)(k?)$/;
/** Pre-Merge transitions by block number ("FrontierToHomesteadAt5"). */
const NUMBER_TRANSITION = /^([A-Za-z0-9]+)To([A-Za-z0-9]+)At(\d+)$/;

/** `before` below block `at`, `after` from it. */
export function numberTransitionConfig(
  chainId: bigint,
  before: ForkName,
  after: ForkName,
  at: bigint,
  options: ChainConfigOptions = {},
): ChainConfig {
  const first = resolveRules(before, options);
  const second = resolveRules(after, options);
  return withDeposit({ chainId, rulesAt: (number) => (number >= at ? second : first) }, options);
}

/**
 * The config a fixture's `network` names: a single fork ("Osaka") or a transition
 * ("CancunToPragueAtTime15k": Cancun before timestamp 15000, Prague from it). Undefined for networks Lanes
 * does not run (pre-Cancun forks, unknown names); any other error is thrown, not read as "unsupported".
 */
export function configForNetwork(
  chainId: bigint,
  network: string,
  options: ChainConfigOptions = {},
): ChainConfig | undefined {
  const dao = DAO_TRANSITION.exec(network);
  if (dao !== null) {
    const before = genesisActivation(dao[1]!);
    if (before === undefined) return undefined;
    return blockAndTimeForkConfig(chainId, [before], { ...options, daoForkBlock: BigInt(dao[2]!) });
  }
  const ttd = TTD_TRANSITION.exec(network);
  if (ttd !== null) {
    const before = genesisActivation(ttd[1]!);
    if (before === undefined) return undefined;
    return blockAndTimeForkConfig(chainId, [before, { fork: "Paris", merge: true }], {
      ...options,
      terminalTotalDifficulty: BigInt(`0x${ttd[2]!}`),
    });
  }
  const m = TRANSITION.exec(network);
  if (m === null) {
    const n = NUMBER_TRANSITION.exec(network);
    if (n !== null) {
      const [before, after] = [n[1]!, n[2]!];
      if (!isForkName(before) || !isForkName(after)) return undefined;
      return numberTransitionConfig(chainId, before, after, BigInt(n[3]!), options);
    }
    return isForkName(network) ? fixedForkConfig(chainId, network, options) : undefined;
  }
  const before = m[1]!;
  const after = m[2]!;
  if (!isForkName(before) || !isForkName(after)) return undefined;
  const at = BigInt(m[3]!) * (m[4] === "k" ? 1000n : 1n);
  return scheduledForkConfig(
    chainId,
    [
      { fork: before, timestamp: 0n },
      { fork: after, timestamp: at },
    ],
    options,
  );
}
