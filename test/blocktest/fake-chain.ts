// Test helpers for the blocktest importer: a stand-in executor with simple, observable rules (decoding and
// header validation stay the real ones), and a builder that makes consistent blocks for it (right hashes
// and roots), so that the chain logic (tree, rejections, head, BLOCKHASH) is tested without the EVM.
//
// The stand-in executor: each withdrawal credits `amount` wei to its address, and the block writes, into
// the storage of RECORDER, slot n = BLOCKHASH(n) for every n below its number. The post-state therefore
// records which ancestors each block saw.
import { headerFields } from "../../src/block/header.js";
import type { BlockHeader, BlockResult, ChainConfig, Withdrawal } from "../../src/block/types.js";
import { withdrawalsRoot } from "../../src/block/withdrawals.js";
import type { BlockExecutor, BlockLayer } from "../../src/blocktest/block-layer.js";
import { FORKS } from "../../src/evm/forks.js";
import { bigIntToBytes, bytesToBigInt, bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH, EMPTY_LIST_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../../src/primitives/keccak.js";
import { type RlpInput, rlpEncode } from "../../src/primitives/rlp.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { StateDiff } from "../../src/state/types.js";
import { orderedTrieRoot, stateRoot } from "../../src/trie/index.js";

export const RECORDER = 0xb10cn;
export const RICH = 0xaaaan;
const ZERO32 = new Uint8Array(32);

export const cancunConfig: ChainConfig = { chainId: 1n, rulesAt: () => FORKS.Cancun };

/** The stand-in executor's state change for a block (see the file comment). */
function fakeDiff(
  pre: InMemoryState,
  number: bigint,
  withdrawals: Withdrawal[],
  blockHash: (n: bigint) => bigint,
) {
  const diff: StateDiff = new Map();
  const balances = new Map<bigint, bigint>();
  for (const w of withdrawals) {
    balances.set(w.address, (balances.get(w.address) ?? pre.getAccount(w.address)?.balance ?? 0n) + w.amount);
  }
  for (const [address, balance] of balances) {
    const account = pre.getAccount(address);
    diff.set(address, {
      account: { nonce: account?.nonce ?? 0n, balance, codeHash: account?.codeHash ?? EMPTY_CODE_HASH },
      storageCleared: false,
      storage: new Map(),
    });
  }
  const storage = new Map<bigint, bigint>();
  for (let n = 0n; n < number; n++) storage.set(n, blockHash(n));
  const recorder = diff.get(RECORDER)?.account ?? pre.getAccount(RECORDER);
  diff.set(RECORDER, {
    account: recorder ?? { nonce: 1n, balance: 0n, codeHash: EMPTY_CODE_HASH },
    storageCleared: false,
    storage,
  });
  return diff;
}

export const fakeExecute: BlockExecutor = (block, preState, _config, options) => {
  const diff = fakeDiff(
    preState,
    block.header.number,
    block.withdrawals ?? [],
    options.blockHash ?? (() => 0n),
  );
  const post = preState.clone();
  post.applyDiff(diff);
  const result: BlockResult = {
    receipts: [],
    gasUsed: 0n,
    blobGasUsed: 0n,
    diff,
    stateRoot: stateRoot(post.accounts),
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    requests: [],
  };
  if (block.withdrawals !== undefined) result.withdrawalsRoot = withdrawalsRoot(block.withdrawals);
  return result;
};

/** The stand-in executor with a Cancun-only chain config. */
export function fakeLayer(overrides: Partial<BlockLayer> = {}): BlockLayer {
  return {
    chainConfig: (network) => (network === "Cancun" ? cancunConfig : `unsupported network ${network}`),
    execute: fakeExecute,
    ...overrides,
  };
}

export interface BuiltBlock {
  header: BlockHeader;
  hash: Uint8Array;
  rlp: Uint8Array;
  state: InMemoryState;
}

/** Makes blocks consistent with the stand-in executor, on any parent (side chains included). */
export class ChainBuilder {
  readonly pre = new InMemoryState();
  readonly genesis: BuiltBlock;
  private readonly byHash = new Map<string, BuiltBlock>();

  constructor() {
    this.pre.putAccount(RICH, { balance: 10n ** 18n });
    this.genesis = this.seal(this.header(undefined, stateRoot(this.pre.accounts)), [], this.pre);
  }

  private header(
    parent: BuiltBlock | undefined,
    root: Uint8Array,
    withdrawalsRoot = EMPTY_TRIE_ROOT,
  ): BlockHeader {
    return {
      parentHash: parent?.hash ?? ZERO32,
      ommersHash: EMPTY_LIST_HASH,
      coinbase: 0n,
      stateRoot: root,
      transactionsRoot: EMPTY_TRIE_ROOT,
      receiptsRoot: EMPTY_TRIE_ROOT,
      logsBloom: new Uint8Array(256),
      difficulty: 0n,
      number: parent ? parent.header.number + 1n : 0n,
      gasLimit: 30_000_000n,
      gasUsed: 0n,
      timestamp: parent ? parent.header.timestamp + 12n : 0n,
      extraData: new Uint8Array(0),
      mixHash: ZERO32,
      nonce: new Uint8Array(8),
      baseFeePerGas: 7n,
      withdrawalsRoot,
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: ZERO32,
    };
  }

  private seal(header: BlockHeader, withdrawals: RlpInput[], state: InMemoryState): BuiltBlock {
    const fields = headerFields(header);
    const hash = keccak256(rlpEncode(fields));
    const built = { header, hash, rlp: rlpEncode([fields, [], [], withdrawals]), state };
    this.byHash.set(bytesToHex(hash), built);
    return built;
  }

  /** A valid child of `parent`; `tamper` may break the header after the roots are computed. */
  child(parent: BuiltBlock, withdrawals: Withdrawal[] = [], tamper?: (h: BlockHeader) => void): BuiltBlock {
    const number = parent.header.number + 1n;
    const diff = fakeDiff(parent.state, number, withdrawals, (n) => this.ancestorHash(parent, n));
    const state = parent.state.clone();
    state.applyDiff(diff);
    const encoded = withdrawals.map((w) => [
      w.index,
      w.validatorIndex,
      bigIntToBytes(w.address, 20),
      w.amount,
    ]);
    const header = this.header(
      parent,
      stateRoot(state.accounts),
      orderedTrieRoot(encoded.map((w) => rlpEncode(w))),
    );
    tamper?.(header);
    return this.seal(header, encoded, state);
  }

  /**
   * A child with no transactions and no withdrawals, state unchanged: valid for the real executor too,
   * as long as `pre` holds no system contracts (their absence makes the system calls no-ops).
   */
  emptyChild(parent: BuiltBlock): BuiltBlock {
    return this.seal(this.header(parent, stateRoot(parent.state.accounts)), [], parent.state);
  }

  private ancestorHash(parent: BuiltBlock, n: bigint): bigint {
    let cursor: BuiltBlock | undefined = parent;
    while (cursor && cursor.header.number > n) cursor = this.byHash.get(bytesToHex(cursor.header.parentHash));
    return cursor && cursor.header.number === n ? bytesToBigInt(cursor.hash) : 0n;
  }
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An allocation in fixture JSON form (`pre`, `postState`). */
export function allocJson(state: InMemoryState): { [address: string]: Json } {
  const out: { [address: string]: Json } = {};
  for (const [address, a] of state.accounts) {
    const storage: { [slot: string]: Json } = {};
    for (const [slot, value] of a.storage) storage[`0x${slot.toString(16)}`] = `0x${value.toString(16)}`;
    out[`0x${address.toString(16).padStart(40, "0")}`] = {
      nonce: `0x${a.nonce.toString(16)}`,
      balance: `0x${a.balance.toString(16)}`,
      code: bytesToHex(a.code),
      storage,
    };
  }
  return out;
}

/** A blockchain-test JSON object over the builder's genesis; the head and post-state are `head`'s. */
export function fixtureJson(
  chain: ChainBuilder,
  blocks: { block: BuiltBlock | Uint8Array; expectException?: string }[],
  head: BuiltBlock,
  network = "Cancun",
): { [key: string]: Json } {
  return {
    network,
    sealEngine: "NoProof",
    pre: allocJson(chain.pre),
    genesisBlockHeader: { hash: bytesToHex(chain.genesis.hash) },
    genesisRLP: bytesToHex(chain.genesis.rlp),
    blocks: blocks.map(({ block, expectException }): Json => {
      const rlp = bytesToHex(block instanceof Uint8Array ? block : block.rlp);
      return expectException === undefined ? { rlp } : { rlp, expectException };
    }),
    lastblockhash: bytesToHex(head.hash),
    postState: allocJson(head.state),
  };
}
