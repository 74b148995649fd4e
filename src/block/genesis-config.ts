// geth's genesis format (genesis.json: `config` with fork block numbers and times and a blob schedule,
// `alloc`, and the genesis header fields) read into a ChainSpec (the whole fork schedule as plain data, which
// can travel to worker threads) plus the genesis state and header. `chainConfigFromSpec` turns a spec into the
// ChainConfig Lanes executes: today the forks Lanes runs (Cancun on, by timestamp through scheduledForkConfig);
// a block under an earlier fork has no rules and throws (the historic-forks work replaces this seam).
import { crc32 } from "node:zlib";
import type { BlobSchedule, ForkName } from "../evm/forks.js";
import {
  asAddress,
  asBytes,
  asFixedBytes,
  asObject,
  asQuantity,
  FieldError,
  type JsonObject,
  join,
} from "../primitives/json-read.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT } from "../primitives/keccak.js";
import { InMemoryState } from "../state/memory-state.js";
import { blockAndTimeForkConfig, type ChainConfigOptions, type ScheduledFork } from "./chain-config.js";
import { EMPTY_REQUESTS_HASH } from "./requests.js";
import type { BlockHeader, ChainConfig } from "./types.js";

/** Every fork geth's config names, in activation order; `by` says how geth schedules it. */
export const GENESIS_FORKS = [
  { fork: "Homestead", key: "homesteadBlock", by: "block" },
  { fork: "TangerineWhistle", key: "eip150Block", by: "block" },
  { fork: "SpuriousDragon", key: "eip158Block", by: "block" },
  { fork: "Byzantium", key: "byzantiumBlock", by: "block" },
  { fork: "Constantinople", key: "constantinopleBlock", by: "block" },
  { fork: "Petersburg", key: "petersburgBlock", by: "block" },
  { fork: "Istanbul", key: "istanbulBlock", by: "block" },
  { fork: "MuirGlacier", key: "muirGlacierBlock", by: "block" },
  { fork: "Berlin", key: "berlinBlock", by: "block" },
  { fork: "London", key: "londonBlock", by: "block" },
  { fork: "ArrowGlacier", key: "arrowGlacierBlock", by: "block" },
  { fork: "GrayGlacier", key: "grayGlacierBlock", by: "block" },
  { fork: "Paris", key: "mergeNetsplitBlock", by: "block" },
  { fork: "Shanghai", key: "shanghaiTime", by: "time" },
  { fork: "Cancun", key: "cancunTime", by: "time" },
  { fork: "Prague", key: "pragueTime", by: "time" },
  { fork: "Osaka", key: "osakaTime", by: "time" },
  { fork: "BPO1", key: "bpo1Time", by: "time" },
  { fork: "BPO2", key: "bpo2Time", by: "time" },
  { fork: "BPO3", key: "bpo3Time", by: "time" },
  { fork: "BPO4", key: "bpo4Time", by: "time" },
  { fork: "BPO5", key: "bpo5Time", by: "time" },
  { fork: "Amsterdam", key: "amsterdamTime", by: "time" },
] as const;

export type GenesisForkName = "Frontier" | (typeof GENESIS_FORKS)[number]["fork"];

/** One scheduled fork: active from block `block` (block-scheduled forks) or from time `timestamp`. */
export interface SpecActivation {
  fork: GenesisForkName;
  block?: bigint;
  timestamp?: bigint;
}

/** A chain's fork schedule and parameters as plain data (structured-clonable for worker threads). */
export interface ChainSpec {
  chainId: bigint;
  /** In activation order; Frontier (block 0) first. */
  activations: SpecActivation[];
  /** geth's `blobSchedule`, keyed by Lanes' fork name ("Cancun", "BPO1", ...). */
  blobSchedules: Map<string, BlobSchedule>;
  depositContractAddress?: bigint;
  /**
   * The total difficulty at which the chain moved to proof of stake. Without a Paris activation
   * (mergeNetsplitBlock), the Merge follows it (ChainConfig.terminalTotalDifficulty); 0 means Paris from
   * genesis.
   */
  terminalTotalDifficulty?: bigint;
  /** The DAO fork block, when the chain supports it (geth's daoForkBlock with daoForkSupport). */
  daoForkBlock?: bigint;
  /**
   * Block-scheduled changes that are no fork of their own here but that geth counts in the fork id
   * (eip155Block, daoForkBlock).
   */
  otherForkBlocks: bigint[];
}

export interface GethGenesis {
  spec: ChainSpec;
  /** The genesis state (alloc). */
  state: InMemoryState;
  /** The genesis header, its optional fields as the forks active at genesis require. */
  header: BlockHeader;
}

/** The fork in force for a block (the last activation at or before it). */
export function forkAt(spec: ChainSpec, number: bigint, timestamp: bigint): GenesisForkName {
  let name: GenesisForkName = "Frontier";
  for (const a of spec.activations) {
    const active =
      a.block !== undefined ? number >= a.block : a.timestamp !== undefined && timestamp >= a.timestamp;
    if (active) name = a.fork;
  }
  return name;
}

/** Whether `fork` is active for the block (false when the spec does not schedule it). */
export function isActive(spec: ChainSpec, fork: GenesisForkName, number: bigint, timestamp: bigint): boolean {
  if (fork === "Frontier") return true;
  const a = spec.activations.find((x) => x.fork === fork);
  if (a === undefined) return false;
  return a.block !== undefined ? number >= a.block : a.timestamp !== undefined && timestamp >= a.timestamp;
}

/**
 * How Lanes runs each fork geth's config names: the fork-table row, and for the glacier forks (which only
 * push the difficulty bomb back) the row before them with their bomb delay (EIP-2384, EIP-4345, EIP-5133).
 * Forks with no row here (later than Lanes' table) leave their blocks without rules.
 */
const LANES_FORK: Partial<Record<GenesisForkName, { fork: ForkName; bombDelay?: bigint }>> = {
  Frontier: { fork: "Frontier" },
  Homestead: { fork: "Homestead" },
  TangerineWhistle: { fork: "EIP150" },
  SpuriousDragon: { fork: "EIP158" },
  Byzantium: { fork: "Byzantium" },
  Constantinople: { fork: "Constantinople" },
  Petersburg: { fork: "ConstantinopleFix" },
  Istanbul: { fork: "Istanbul" },
  MuirGlacier: { fork: "Istanbul", bombDelay: 9_000_000n },
  Berlin: { fork: "Berlin" },
  London: { fork: "London" },
  ArrowGlacier: { fork: "London", bombDelay: 10_700_000n },
  GrayGlacier: { fork: "London", bombDelay: 11_400_000n },
  Paris: { fork: "Paris" },
  Shanghai: { fork: "Shanghai" },
  Cancun: { fork: "Cancun" },
  Prague: { fork: "Prague" },
  Osaka: { fork: "Osaka" },
  BPO1: { fork: "BPO1" },
  BPO2: { fork: "BPO2" },
};

/**
 * The ChainConfig Lanes executes for `spec`: every scheduled fork from Frontier (block 0) on, by block number
 * and then by time, with the spec's blob schedule. A fork Lanes has no rules for (BPO3 and later) ends the
 * schedule: its blocks throw in `rulesAt`.
 */
export function chainConfigFromSpec(spec: ChainSpec, options: ChainConfigOptions = {}): ChainConfig {
  const activations: ScheduledFork[] = [{ fork: "Frontier", block: 0n }];
  let unsupported: SpecActivation | undefined;
  for (const a of spec.activations) {
    if (a.fork === "Frontier") continue;
    const lanes = LANES_FORK[a.fork];
    if (lanes === undefined) {
      unsupported = a;
      break;
    }
    const scheduled: ScheduledFork = { fork: lanes.fork };
    if (a.block !== undefined) scheduled.block = a.block;
    if (a.timestamp !== undefined) scheduled.timestamp = a.timestamp;
    if (lanes.bombDelay !== undefined) scheduled.bombDelay = lanes.bombDelay;
    // A Merge by total difficulty goes after the last block-scheduled fork, before the timed ones.
    if (a.timestamp !== undefined) addMergeByDifficulty(spec, activations);
    activations.push(scheduled);
  }
  if (unsupported === undefined) addMergeByDifficulty(spec, activations);
  const merged: ChainConfigOptions = { blobSchedules: spec.blobSchedules, ...options };
  if (spec.daoForkBlock !== undefined && options.daoForkBlock === undefined)
    merged.daoForkBlock = spec.daoForkBlock;
  if (spec.terminalTotalDifficulty !== undefined && activations.some((a) => a.merge === true))
    merged.terminalTotalDifficulty = spec.terminalTotalDifficulty;
  if (spec.depositContractAddress !== undefined && options.depositContractAddress === undefined)
    merged.depositContractAddress = spec.depositContractAddress;
  const config = blockAndTimeForkConfig(spec.chainId, activations, merged);
  if (unsupported === undefined) return config;
  const { fork, block, timestamp } = unsupported;
  return {
    ...config,
    rulesAt(number, time) {
      if (block !== undefined ? number >= block : timestamp !== undefined && time >= timestamp)
        throw new RangeError(`no fork is scheduled for block ${number}: ${fork} has no rules in Lanes`);
      return config.rulesAt(number, time);
    },
  };
}

/**
 * A spec with a terminal total difficulty and no Paris activation merges by difficulty: Paris joins the
 * schedule as a `merge` activation (from block 0 when the terminal total difficulty is 0), once.
 */
function addMergeByDifficulty(spec: ChainSpec, activations: ScheduledFork[]): void {
  const ttd = spec.terminalTotalDifficulty;
  if (ttd === undefined || activations.some((a) => a.fork === "Paris")) return;
  if (spec.activations.some((a) => a.fork === "Paris")) return;
  activations.push(ttd === 0n ? { fork: "Paris", block: 0n } : { fork: "Paris", merge: true });
}

/**
 * EIP-2124's fork id of the chain at block `number` and time `timestamp`: CRC32 of the genesis hash and of
 * every fork block, then fork time, passed by then (each as a big-endian uint64; duplicates and forks at
 * genesis left out), as geth gathers them. Returned as 0x + 8 hex digits.
 */
export function forkIdAt(
  spec: ChainSpec,
  genesisHash: Uint8Array,
  genesisTime: bigint,
  number: bigint,
  timestamp: bigint,
): string {
  const blocks = new Set<bigint>(spec.otherForkBlocks);
  const times = new Set<bigint>();
  for (const a of spec.activations) {
    if (a.block !== undefined) blocks.add(a.block);
    if (a.timestamp !== undefined) times.add(a.timestamp);
  }
  const passed = [
    ...[...blocks].filter((b) => b > 0n && b <= number).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
    ...[...times]
      .filter((t) => t > genesisTime && t <= timestamp)
      .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)),
  ];
  let crc = crc32(genesisHash);
  const word = new Uint8Array(8);
  for (const f of passed) {
    new DataView(word.buffer).setBigUint64(0, f);
    crc = crc32(word, crc);
  }
  return `0x${crc.toString(16).padStart(8, "0")}`;
}

const isNull = (v: unknown) => v === undefined || v === null;

function quantity(obj: JsonObject, key: string, path: string): bigint | undefined {
  const v = obj[key];
  return isNull(v) ? undefined : asQuantity(v, join(path, key));
}

/** geth's lower-case blobSchedule keys and Lanes' fork names. */
const BLOB_FORKS: Record<string, string> = {
  cancun: "Cancun",
  prague: "Prague",
  osaka: "Osaka",
  bpo1: "BPO1",
  bpo2: "BPO2",
  bpo3: "BPO3",
  bpo4: "BPO4",
  bpo5: "BPO5",
  amsterdam: "Amsterdam",
};

/** Reads geth's `config` object. Throws FieldError naming the field for malformed input. */
export function parseGenesisConfig(raw: unknown, path = "config"): ChainSpec {
  const config = asObject(raw, path);
  const chainId = quantity(config, "chainId", path);
  if (chainId === undefined) throw new FieldError(join(path, "chainId"), "missing");
  const activations: SpecActivation[] = [{ fork: "Frontier", block: 0n }];
  let lastBlock = 0n;
  let lastTime = 0n;
  for (const f of GENESIS_FORKS) {
    const at = quantity(config, f.key, path);
    if (at === undefined) continue;
    // A fork may not come before an earlier one (geth's CheckConfigForkOrder).
    if (f.by === "block") {
      if (at < lastBlock) throw new FieldError(join(path, f.key), `block ${at} is before an earlier fork's`);
      lastBlock = at;
      activations.push({ fork: f.fork, block: at });
    } else {
      if (at < lastTime) throw new FieldError(join(path, f.key), `time ${at} is before an earlier fork's`);
      lastTime = at;
      activations.push({ fork: f.fork, timestamp: at });
    }
  }
  const blobSchedules = new Map<string, BlobSchedule>();
  if (!isNull(config.blobSchedule)) {
    const bp = join(path, "blobSchedule");
    for (const [key, value] of Object.entries(asObject(config.blobSchedule, bp))) {
      const p = join(bp, key);
      const fork = BLOB_FORKS[key];
      if (fork === undefined) throw new FieldError(p, `unknown fork "${key}"`);
      const o = asObject(value, p);
      const num = (k: string) => {
        const v = quantity(o, k, p);
        if (v === undefined) throw new FieldError(join(p, k), "missing");
        return v;
      };
      blobSchedules.set(fork, {
        target: Number(num("target")),
        max: Number(num("max")),
        baseFeeUpdateFraction: num("baseFeeUpdateFraction"),
      });
    }
  }
  const otherForkBlocks: bigint[] = [];
  for (const key of ["daoForkBlock", "eip155Block"]) {
    const at = quantity(config, key, path);
    if (at !== undefined) otherForkBlocks.push(at);
  }
  const spec: ChainSpec = { chainId, activations, blobSchedules, otherForkBlocks };
  // geth: a chain that opposes the DAO fork (daoForkSupport false) neither drains nor marks its blocks.
  const daoForkBlock = quantity(config, "daoForkBlock", path);
  if (daoForkBlock !== undefined && config.daoForkSupport === true) spec.daoForkBlock = daoForkBlock;
  if (!isNull(config.depositContractAddress))
    spec.depositContractAddress = asAddress(
      config.depositContractAddress,
      join(path, "depositContractAddress"),
    );
  const ttd = quantity(config, "terminalTotalDifficulty", path);
  if (ttd !== undefined) spec.terminalTotalDifficulty = ttd;
  return spec;
}

/** The genesis state from `alloc` (addresses with or without 0x; balance, nonce, code, storage). */
export function parseGenesisAlloc(raw: unknown, path = "alloc"): InMemoryState {
  const state = new InMemoryState();
  for (const [key, value] of Object.entries(asObject(raw, path))) {
    const p = join(path, key);
    // geth requires exactly 20 bytes, with or without the prefix.
    if (!/^(0x)?[0-9a-fA-F]{40}$/.test(key)) throw new FieldError(p, "expected a 20-byte hex address");
    const address = asAddress(key.startsWith("0x") ? key : `0x${key}`, p);
    const o = asObject(value, p);
    const storage = new Map<bigint, bigint>();
    if (!isNull(o.storage)) {
      for (const [slot, v] of Object.entries(asObject(o.storage, join(p, "storage")))) {
        const sp = join(join(p, "storage"), slot);
        const word = asQuantity(v, sp);
        if (word !== 0n) storage.set(asQuantity(slot, sp), word);
      }
    }
    const fields: { nonce?: bigint; balance?: bigint; code?: Uint8Array; storage?: Map<bigint, bigint> } = {
      nonce: quantity(o, "nonce", p) ?? 0n,
      balance: quantity(o, "balance", p) ?? 0n,
      storage,
    };
    if (!isNull(o.code)) fields.code = asBytes(o.code, join(p, "code"));
    state.putAccount(address, fields);
  }
  return state;
}

/** geth's default genesis base fee (params.InitialBaseFee) when London is active at genesis. */
export const GENESIS_BASE_FEE = 1_000_000_000n;

/** Reads a whole genesis.json object: spec, state and genesis header (geth's Genesis.ToBlock). */
export function parseGethGenesis(raw: unknown): GethGenesis {
  const g = asObject(raw, "");
  const spec = parseGenesisConfig(g.config);
  const state = parseGenesisAlloc(g.alloc ?? {});
  const q = (k: string, dflt: bigint) => quantity(g, k, "") ?? dflt;
  const bytes32 = (k: string) => (isNull(g[k]) ? new Uint8Array(32) : asFixedBytes(g[k], 32, k));
  const number = q("number", 0n);
  const timestamp = q("timestamp", 0n);
  const nonce = new Uint8Array(8);
  new DataView(nonce.buffer).setBigUint64(0, q("nonce", 0n));
  const header: BlockHeader = {
    parentHash: bytes32("parentHash"),
    ommersHash: EMPTY_LIST_HASH.slice(),
    coinbase: isNull(g.coinbase) ? 0n : asAddress(g.coinbase, "coinbase"),
    stateRoot: state.stateRoot(),
    transactionsRoot: EMPTY_TRIE_ROOT.slice(),
    receiptsRoot: EMPTY_TRIE_ROOT.slice(),
    logsBloom: new Uint8Array(256),
    difficulty: q("difficulty", 0n),
    number,
    gasLimit: q("gasLimit", 5000n),
    gasUsed: q("gasUsed", 0n),
    timestamp,
    extraData: isNull(g.extraData) ? new Uint8Array(0) : asBytes(g.extraData, "extraData"),
    mixHash: bytes32("mixHash"),
    nonce,
  };
  const active = (fork: GenesisForkName) => isActive(spec, fork, number, timestamp);
  if (active("London")) header.baseFeePerGas = q("baseFeePerGas", GENESIS_BASE_FEE);
  if (active("Shanghai")) header.withdrawalsRoot = EMPTY_TRIE_ROOT.slice();
  if (active("Cancun")) {
    header.blobGasUsed = q("blobGasUsed", 0n);
    header.excessBlobGas = q("excessBlobGas", 0n);
    header.parentBeaconBlockRoot = new Uint8Array(32);
  }
  if (active("Prague")) header.requestsHash = EMPTY_REQUESTS_HASH.slice();
  return { spec, state, header };
}
