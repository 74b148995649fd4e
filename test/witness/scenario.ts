// A hand-made block for the witness tests, built so that its witness must hold what is easy to forget:
// - an empty pre-state account touched and so deleted (EIP-161), whose account-trie branch then has one
//   child left: a bystander account the block never reads, which the collapse needs (the classic sibling);
// - a storage slot cleared to zero whose storage-trie branch collapses onto a slot nobody reads;
// - BLOCKHASH of an ancestor three blocks back (its header and those after it);
// - a contract creation, a SELFDESTRUCT of a pre-existing contract (moves its balance), a plain read of code.
// Addresses and slots are searched so that the branches have exactly that shape.

import { fixedForkConfig } from "../../src/block/chain-config.js";
import { executeBlock } from "../../src/block/execute-block.js";
import { encodeHeader, headerHash } from "../../src/block/header.js";
import type { Block, BlockHeader, ChainConfig } from "../../src/block/types.js";
import { createAddress } from "../../src/evm/addresses.js";
import { bigIntToBytes, bigIntToBytes32, bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT, keccak256 } from "../../src/primitives/keccak.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import type { Transaction } from "../../src/tx/types.js";
import { asm, preState } from "../evm/helpers.js";
import { makeTx } from "../tx/helpers.js";

const firstNibble = (bytes: Uint8Array) => bytes[0]! >> 4;
const addressNibble = (a: bigint) => firstNibble(keccak256(bigIntToBytes(a, 20)));
const slotNibble = (s: bigint) => firstNibble(keccak256(bigIntToBytes32(s)));

export const SENDER = 0x5e4de4_0000_0000_0000_0000_0000_0000_0000_0001n;

export interface Scenario {
  pre: InMemoryState;
  block: Block;
  config: ChainConfig;
  /** Ancestors 1..number-1 by hash (fake headers chained by parentHash; the parent's root is pre's). */
  headers: Map<string, BlockHeader>;
  headerByHash: (hash: Uint8Array) => BlockHeader | undefined;
  blockHash: (n: bigint) => bigint;
  /** The account the deletion collapses onto, never read by the block. */
  bystander: bigint;
  emptyAccount: bigint;
  clearer: bigint;
  /** The slot the cleared slot's branch collapses onto, never read. */
  bystanderSlot: bigint;
  clearedSlot: bigint;
  otherSlot: bigint;
}

function fakeHeader(number: bigint, parentHash: Uint8Array, stateRoot: Uint8Array): BlockHeader {
  return {
    parentHash,
    ommersHash: EMPTY_LIST_HASH,
    coinbase: 0n,
    stateRoot,
    transactionsRoot: EMPTY_TRIE_ROOT,
    receiptsRoot: EMPTY_TRIE_ROOT,
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number,
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: 1000n + number * 12n,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: 7n,
    withdrawalsRoot: EMPTY_TRIE_ROOT,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
  };
}

/** The first address from `from` whose hashed key starts with a nibble accepted by `ok`. */
function findAddress(from: bigint, ok: (nibble: number) => boolean): bigint {
  for (let a = from; ; a++) if (ok(addressNibble(a))) return a;
}

function findSlot(from: bigint, ok: (nibble: number) => boolean): bigint {
  for (let s = from; ; s++) if (ok(slotNibble(s))) return s;
}

export function buildScenario(): Scenario {
  const config = fixedForkConfig(1n, "Cancun");
  const number = 10n;
  const created = createAddress(SENDER, 3n);
  const blockHashReader = 0xb10c_0000_0000_0000_0000_0000_0000_0000_0000_0001n;
  const destructed = 0xde57_0000_0000_0000_0000_0000_0000_0000_0000_0001n;
  const beneficiary = 0xbe4e_0000_0000_0000_0000_0000_0000_0000_0000_0001n;
  const fixed = [SENDER, created, blockHashReader, destructed, beneficiary];
  const taken = new Set(fixed.map(addressNibble));
  // The clearer contract gets a nibble of its own; the empty account and the bystander share another.
  const clearer = findAddress(0xc1ea_0000_0000_0000_0000_0000_0000_0000_0000_0000n, (n) => !taken.has(n));
  taken.add(addressNibble(clearer));
  const emptyAccount = findAddress(0xe0_0000_0000_0000_0000_0000_0000_0000_0000_0000n, (n) => !taken.has(n));
  const shared = addressNibble(emptyAccount);
  const bystander = findAddress(0xb7_0000_0000_0000_0000_0000_0000_0000_0000_0000n, (n) => n === shared);

  // Slot 0 is written by the clearer: it must not land in the collapsing branch.
  const clearedSlot = findSlot(1n, (n) => n !== slotNibble(0n));
  const bystanderSlot = findSlot(clearedSlot + 1n, (n) => n === slotNibble(clearedSlot));
  const otherSlot = findSlot(bystanderSlot + 1n, (n) => n !== slotNibble(clearedSlot));

  const pre = preState([
    [SENDER, { balance: 10n ** 20n }],
    [emptyAccount, {}],
    [bystander, { balance: 12345n }],
    [
      clearer,
      {
        code: asm(`PUSH0 PUSH32 ${clearedSlot} SSTORE PUSH32 ${otherSlot} SLOAD PUSH0 SSTORE STOP`),
        storage: new Map([
          [clearedSlot, 1n],
          [bystanderSlot, 2n],
          [otherSlot, 3n],
        ]),
      },
    ],
    [blockHashReader, { code: asm("PUSH1 3 NUMBER SUB BLOCKHASH PUSH1 7 SSTORE STOP") }],
    [destructed, { balance: 777n, code: asm(`PUSH20 ${beneficiary} SELFDESTRUCT`) }],
  ]);

  const headers = new Map<string, BlockHeader>();
  let parentHash: Uint8Array = new Uint8Array(32);
  for (let n = 1n; n < number; n++) {
    const h = fakeHeader(n, parentHash, n === number - 1n ? pre.stateRoot() : keccak256(bigIntToBytes(n, 8)));
    parentHash = headerHash(h);
    headers.set(bytesToHex(parentHash), h);
  }
  const hashes = new Map<bigint, bigint>();
  for (const [hash, h] of headers) hashes.set(h.number, BigInt(hash));

  const tx = (nonce: bigint, fields: Partial<Transaction>) => makeTx({ sender: SENDER, nonce, ...fields });
  const transactions = [
    tx(0n, { to: emptyAccount }),
    tx(1n, { to: clearer }),
    tx(2n, { to: blockHashReader }),
    tx(3n, { to: undefined, data: asm("PUSH1 1 PUSH0 SSTORE PUSH0 PUSH0 RETURN") }),
    tx(4n, { to: destructed }),
  ];
  const header: BlockHeader = { ...fakeHeader(number, parentHash, new Uint8Array(32)), coinbase: SENDER };
  const block: Block = { header, transactions, withdrawals: [] };
  const blockHash = (n: bigint) => hashes.get(n) ?? 0n;
  // The header's commitments are the reference executor's.
  const result = executeBlock(block, pre, config, { blockHash, systemCalls: false });
  header.stateRoot = result.stateRoot;
  header.receiptsRoot = result.receiptsRoot;
  header.logsBloom = result.logsBloom;
  header.gasUsed = result.gasUsed;
  return {
    pre,
    block,
    config,
    headers,
    headerByHash: (hash) => headers.get(bytesToHex(hash)),
    blockHash,
    bystander,
    emptyAccount,
    clearer,
    bystanderSlot,
    clearedSlot,
    otherSlot,
  };
}

/** The RLP of every header, for tests that check the chain. */
export function headerRlps(s: Scenario): Uint8Array[] {
  return [...s.headers.values()].map(encodeHeader);
}
