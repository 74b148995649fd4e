// Test helper: replays a blockchain-test fixture through the block layer using the fixture's JSON view of each
// block (transactions with their `sender`), so block tests do not depend on the transaction codec.
import { readFileSync } from "node:fs";
import { configForNetwork } from "../../src/block/chain-config.js";
import { InvalidBlockError } from "../../src/block/errors.js";
import { headerHash } from "../../src/block/header.js";
import { importBlock } from "../../src/block/import-block.js";
import type { Block, BlockHeader, BlockResult, ChainConfig, Withdrawal } from "../../src/block/types.js";
import type { BlobSchedule } from "../../src/evm/forks.js";
import { bytesToBigInt, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { parseAlloc } from "../../src/statetest/parse.js";
import type { Transaction, TxType } from "../../src/tx/types.js";

type Json = Record<string, unknown>;

const big = (v: unknown): bigint => BigInt(v as string);
const bytes = (v: unknown): Uint8Array => hexToBytes(v as string);
const opt = <T>(v: unknown, f: (x: unknown) => T): T | undefined => (v === undefined ? undefined : f(v));

export function headerFromJson(j: Json): BlockHeader {
  const h: BlockHeader = {
    parentHash: bytes(j.parentHash),
    ommersHash: bytes(j.uncleHash),
    coinbase: big(j.coinbase),
    stateRoot: bytes(j.stateRoot),
    transactionsRoot: bytes(j.transactionsTrie),
    receiptsRoot: bytes(j.receiptTrie),
    logsBloom: bytes(j.bloom),
    difficulty: big(j.difficulty),
    number: big(j.number),
    gasLimit: big(j.gasLimit),
    gasUsed: big(j.gasUsed),
    timestamp: big(j.timestamp),
    extraData: bytes(j.extraData),
    mixHash: bytes(j.mixHash),
    nonce: bytes(j.nonce),
  };
  const baseFee = opt(j.baseFeePerGas, big);
  if (baseFee !== undefined) h.baseFeePerGas = baseFee;
  const withdrawalsRoot = opt(j.withdrawalsRoot, bytes);
  if (withdrawalsRoot !== undefined) h.withdrawalsRoot = withdrawalsRoot;
  const blobGasUsed = opt(j.blobGasUsed, big);
  if (blobGasUsed !== undefined) h.blobGasUsed = blobGasUsed;
  const excessBlobGas = opt(j.excessBlobGas, big);
  if (excessBlobGas !== undefined) h.excessBlobGas = excessBlobGas;
  const beaconRoot = opt(j.parentBeaconBlockRoot, bytes);
  if (beaconRoot !== undefined) h.parentBeaconBlockRoot = beaconRoot;
  const requestsHash = opt(j.requestsHash, bytes);
  if (requestsHash !== undefined) h.requestsHash = requestsHash;
  return h;
}

function legacyChainId(v: bigint): bigint | undefined {
  return v >= 35n ? (v - 35n) / 2n : undefined;
}

export function txFromJson(j: Json): Transaction {
  const type = Number(big(j.type ?? "0x0")) as TxType;
  const gasPrice = opt(j.gasPrice, big) ?? 0n;
  const to = j.to === undefined || j.to === null || j.to === "" ? undefined : big(j.to);
  const accessList = ((j.accessList as Json[] | undefined) ?? []).map((e) => ({
    address: big(e.address),
    storageKeys: (e.storageKeys as string[]).map(big),
  }));
  const authorizationList = ((j.authorizationList as Json[] | undefined) ?? []).map((a) => ({
    chainId: big(a.chainId),
    address: big(a.address),
    nonce: big(a.nonce),
    yParity: big(a.yParity ?? a.v),
    r: big(a.r),
    s: big(a.s),
  }));
  return {
    type,
    chainId: type === 0 ? legacyChainId(big(j.v)) : big(j.chainId),
    nonce: big(j.nonce),
    gasLimit: big(j.gasLimit),
    to,
    value: big(j.value),
    data: bytes(j.data),
    gasPrice,
    maxFeePerGas: opt(j.maxFeePerGas, big) ?? gasPrice,
    maxPriorityFeePerGas: opt(j.maxPriorityFeePerGas, big) ?? gasPrice,
    accessList,
    maxFeePerBlobGas: opt(j.maxFeePerBlobGas, big) ?? 0n,
    blobVersionedHashes: ((j.blobVersionedHashes as string[] | undefined) ?? []).map(bytes),
    authorizationList,
    sender: big(j.sender),
  };
}

function withdrawalFromJson(j: Json): Withdrawal {
  return {
    index: big(j.index),
    validatorIndex: big(j.validatorIndex),
    address: big(j.address),
    amount: big(j.amount),
  };
}

export interface FixtureBlock {
  block: Block;
  /** The header hash the fixture states. */
  hash: Uint8Array | undefined;
  expectException: string | undefined;
}

export interface LoadedFixture {
  name: string;
  network: string;
  config: ChainConfig | undefined;
  genesis: BlockHeader;
  genesisHash: Uint8Array;
  genesisRlp: Uint8Array;
  pre: InMemoryState;
  blocks: FixtureBlock[];
  raw: Json;
}

function chainConfigOf(test: Json): ChainConfig | undefined {
  const config = (test.config as Json | undefined) ?? {};
  const schedules = new Map<string, BlobSchedule>();
  for (const [fork, s] of Object.entries((config.blobSchedule as Record<string, Json> | undefined) ?? {})) {
    schedules.set(fork, {
      target: Number(big(s.target)),
      max: Number(big(s.max)),
      baseFeeUpdateFraction: big(s.baseFeeUpdateFraction),
    });
  }
  const chainId = opt(config.chainid, big) ?? 1n;
  return configForNetwork(chainId, test.network as string, { blobSchedules: schedules });
}

/** Blocks without JSON (undecodable RLP) are left out: they need the transaction codec. */
function blockFromJson(b: Json): FixtureBlock | undefined {
  const view = (b.blockHeader !== undefined ? b : b.rlp_decoded) as Json | undefined;
  if (view === undefined) return undefined;
  const header = view.blockHeader as Json;
  try {
    const block: Block = {
      header: headerFromJson(header),
      transactions: ((view.transactions as Json[]) ?? []).map(txFromJson),
    };
    if (view.withdrawals !== undefined)
      block.withdrawals = (view.withdrawals as Json[]).map(withdrawalFromJson);
    return { block, hash: opt(header.hash, bytes), expectException: b.expectException as string | undefined };
  } catch {
    // Deliberately out-of-range JSON values (":bigint" markers) belong to RLP-level tests.
    return undefined;
  }
}

export function loadFixtures(file: string): LoadedFixture[] {
  const all = JSON.parse(readFileSync(file, "utf8")) as Record<string, Json>;
  return Object.entries(all).map(([name, test]) => {
    const genesisJson = test.genesisBlockHeader as Json;
    return {
      name,
      network: test.network as string,
      config: chainConfigOf(test),
      genesis: headerFromJson(genesisJson),
      genesisHash: bytes(genesisJson.hash),
      genesisRlp: bytes(test.genesisRLP),
      pre: buildState(test.pre),
      blocks: ((test.blocks as Json[]) ?? []).map(blockFromJson).filter((b) => b !== undefined),
      raw: test,
    };
  });
}

function buildState(pre: unknown): InMemoryState {
  const state = new InMemoryState();
  for (const [address, account] of parseAlloc(pre, "pre")) state.putAccount(address, account);
  return state;
}

export type BlockOutcome =
  | { kind: "imported"; result: BlockResult }
  | { kind: "rejected"; error: InvalidBlockError }
  | { kind: "crashed"; error: unknown };

export interface ReplayStep {
  fixtureBlock: FixtureBlock;
  outcome: BlockOutcome;
}

interface ChainEntry {
  header: BlockHeader;
  hash: Uint8Array;
  state: InMemoryState;
  /** Ancestor hashes by number, for BLOCKHASH (shared prefix copied per branch: fixtures are short). */
  hashes: Map<bigint, bigint>;
}

/**
 * Imports the fixture's blocks in order into a block tree keyed by hash, so side chains work: each block
 * goes on top of the block its parentHash names (an unknown parent is UNKNOWN_PARENT, as in a client).
 */
export function replay(fixture: LoadedFixture): { steps: ReplayStep[] } {
  const config = fixture.config;
  if (config === undefined) throw new Error(`network ${fixture.network} not supported`);
  const genesis: ChainEntry = {
    header: fixture.genesis,
    hash: fixture.genesisHash,
    state: fixture.pre,
    hashes: new Map([[fixture.genesis.number, bytesToBigInt(fixture.genesisHash)]]),
  };
  const tree = new Map<string, ChainEntry>([[bytesToHex(genesis.hash), genesis]]);
  const steps: ReplayStep[] = [];
  for (const fb of fixture.blocks) {
    let outcome: BlockOutcome;
    // An unknown parent still goes through importBlock (against genesis) so the rejection is the layer's own.
    const parent = tree.get(bytesToHex(fb.block.header.parentHash)) ?? genesis;
    try {
      const result = importBlock(fb.block, parent.header, parent.state, config, {
        parentHash: parent.hash,
        blockHash: (n) => parent.hashes.get(n) ?? 0n,
      });
      outcome = { kind: "imported", result };
      const state = parent.state.clone();
      state.applyDiff(result.diff);
      const hash = headerHash(fb.block.header);
      const hashes = new Map(parent.hashes).set(fb.block.header.number, bytesToBigInt(hash));
      tree.set(bytesToHex(hash), { header: fb.block.header, hash, state, hashes });
    } catch (e) {
      outcome =
        e instanceof InvalidBlockError ? { kind: "rejected", error: e } : { kind: "crashed", error: e };
    }
    steps.push({ fixtureBlock: fb, outcome });
  }
  return { steps };
}

/** A one-line description of a step that did not go as the fixture expects, or undefined when it did. */
export function mismatch(step: ReplayStep): string | undefined {
  const { fixtureBlock: fb, outcome } = step;
  const n = fb.block.header.number;
  if (outcome.kind === "crashed")
    return `block ${n}: crashed: ${(outcome.error as Error)?.stack ?? outcome.error}`;
  if (fb.expectException === undefined) {
    if (outcome.kind === "rejected") return `block ${n}: rejected valid block: ${outcome.error.message}`;
    if (fb.hash !== undefined && bytesToHex(headerHash(fb.block.header)) !== bytesToHex(fb.hash)) {
      return `block ${n}: header hash mismatch`;
    }
    return undefined;
  }
  // The JSON view cannot carry what an RLP-level test breaks (it shows out-of-range values truncated).
  if (/^(BlockException\.RLP_[A-Z_0-9]+\|?)+$/.test(fb.expectException)) return undefined;
  if (outcome.kind === "imported") return `block ${n}: imported, expected ${fb.expectException}`;
  if (!outcome.error.matches(fb.expectException)) {
    return `block ${n}: rejected with ${outcome.error.exception} (${outcome.error.message}), expected ${fb.expectException}`;
  }
  return undefined;
}
