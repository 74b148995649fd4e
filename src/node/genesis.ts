// The dev chain's genesis: prefunded dev accounts plus the Prague system contracts (EIP-4788, 2935, 7002,
// 7251; runtime code from the EIPs, as deployed on mainnet), so blocks run the real pre/post-block system
// calls under every fork Lanes supports, and Safe 1.4.1 at its canonical addresses (predeploys/safe.ts).
import { encodeHeader } from "../block/header.js";
import { EMPTY_REQUESTS_HASH } from "../block/requests.js";
import { SYSTEM_CONTRACTS, systemContractCode } from "../block/system-calls/predeploys.js";
import type { BlockHeader, ChainConfig } from "../block/types.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../primitives/keccak.js";
import { InMemoryState } from "../state/memory-state.js";
import type { StateDiff } from "../state/types.js";
import { stateRoot } from "../trie/index.js";
import type { BlockWrite } from "./chain-store.js";
import { encodeBlockRecord } from "./codec.js";
import { safePredeploys } from "./predeploys/safe.js";

/** 10,000 ether, as anvil gives each dev account. */
export const DEV_BALANCE = 10_000n * 10n ** 18n;
export const INITIAL_BASE_FEE = 1_000_000_000n;

export function genesisState(accounts: readonly bigint[], balance = DEV_BALANCE): InMemoryState {
  const state = new InMemoryState();
  for (const c of SYSTEM_CONTRACTS) state.putAccount(c.address, { nonce: 1n, code: systemContractCode(c) });
  for (const p of safePredeploys()) state.putAccount(p.address, p);
  for (const a of accounts) state.putAccount(a, { balance });
  return state;
}

export function genesisHeader(state: InMemoryState, gasLimit: bigint, timestamp: bigint): BlockHeader {
  return {
    parentHash: new Uint8Array(32),
    ommersHash: EMPTY_LIST_HASH.slice(),
    coinbase: 0n,
    stateRoot: stateRoot(state.accounts),
    transactionsRoot: EMPTY_TRIE_ROOT.slice(),
    receiptsRoot: EMPTY_TRIE_ROOT.slice(),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 0n,
    gasLimit,
    gasUsed: 0n,
    timestamp,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: INITIAL_BASE_FEE,
    withdrawalsRoot: EMPTY_TRIE_ROOT.slice(),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
    requestsHash: EMPTY_REQUESTS_HASH.slice(),
  };
}

/** The genesis block write for a given header and state (a geth genesis.json, or the dev chain's). */
export function genesisWriteOf(header: BlockHeader, state: InMemoryState): BlockWrite {
  const headerRlp = encodeHeader(header);
  const diff: StateDiff = new Map();
  for (const [address, a] of state.accounts) {
    diff.set(address, {
      account: { nonce: a.nonce, balance: a.balance, codeHash: a.codeHash },
      code: a.code,
      storageCleared: false,
      storage: new Map(a.storage),
    });
  }
  return {
    number: 0n,
    hash: keccak256(headerRlp),
    record: encodeBlockRecord(headerRlp, [], [], []),
    txHashes: [],
    receipts: [],
    diff,
    reverse: new Map(),
  };
}

/** The genesis block of a new data directory, as the store writes it: header, state as a diff, no receipts. */
export function genesisWrite(
  accounts: readonly bigint[],
  gasLimit: bigint,
  timestamp: bigint,
  config: ChainConfig,
  /** Adds the chain's own predeploys (the co-processor job queue) to the genesis state. */
  predeploys?: (state: InMemoryState) => void,
): BlockWrite {
  const state = genesisState(accounts);
  predeploys?.(state);
  const header = genesisHeader(state, gasLimit, timestamp);
  if (!config.rulesAt(0n, header.timestamp).eip7685) delete header.requestsHash;
  return genesisWriteOf(header, state);
}
