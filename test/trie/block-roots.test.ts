// Roots checked against blockchain-test fixtures: the genesis state root (stateRoot of `pre`), the last
// valid block's state root (stateRoot of `postState`), and each valid block's transactions and withdrawals
// roots (orderedTrieRoot over the encoded items taken from the block's RLP).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bytesToHex, hexToBytes, parseQuantity } from "../../src/primitives/hex.js";
import { type RlpDecoded, rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { orderedTrieRoot, stateRoot } from "../../src/trie/index.js";
import { ethereumTestsDir } from "../helpers/ethereum-tests.js";

type Alloc = Record<
  string,
  { nonce: string; balance: string; code: string; storage: Record<string, string> }
>;
type Header = { hash: string; stateRoot: string; transactionsTrie: string; withdrawalsRoot?: string };
type BlockchainTest = {
  pre: Alloc;
  postState?: Alloc;
  lastblockhash: string;
  genesisBlockHeader: Header;
  blocks: { rlp: string; blockHeader?: Header; expectException?: string }[];
};

// Legacy and typed transactions, many blocks, and blocks with one to ten withdrawals; small enough to stay fast.
const DIRS = [
  "BlockchainTests/ValidBlocks/bcExample",
  "BlockchainTests/ValidBlocks/bcEIP1559",
  "BlockchainTests/ValidBlocks/bcWalletTest",
  "BlockchainTests/InvalidBlocks/bc4895-withdrawals",
];

function loadState(alloc: Alloc): InMemoryState {
  const state = new InMemoryState();
  for (const [address, a] of Object.entries(alloc)) {
    const storage = new Map<bigint, bigint>();
    for (const [slot, value] of Object.entries(a.storage))
      storage.set(parseQuantity(slot), parseQuantity(value));
    state.putAccount(parseQuantity(address), {
      nonce: parseQuantity(a.nonce),
      balance: parseQuantity(a.balance),
      code: hexToBytes(a.code),
      storage,
    });
  }
  return state;
}

/** A block body item as the trie stores it: typed txs are already byte strings, legacy ones are lists. */
function itemBytes(item: RlpDecoded): Uint8Array {
  return Array.isArray(item) ? rlpEncode(item) : item;
}

const root = ethereumTestsDir();

describe("block and genesis roots from blockchain tests", {
  skip: root ? false : "fixtures not found",
}, () => {
  if (!root) return;
  const counts = { genesis: 0, post: 0, txRoots: 0, withdrawalRoots: 0, withdrawals: 0 };
  for (const dir of DIRS) {
    for (const file of readdirSync(join(root, dir)).filter((f) => f.endsWith(".json"))) {
      it(`${dir}/${file}`, () => {
        const tests = JSON.parse(readFileSync(join(root, dir, file), "utf8")) as Record<
          string,
          BlockchainTest
        >;
        for (const [name, t] of Object.entries(tests)) {
          assert.equal(
            bytesToHex(stateRoot(loadState(t.pre).accounts)),
            t.genesisBlockHeader.stateRoot,
            name,
          );
          counts.genesis++;
          let head = t.genesisBlockHeader;
          for (const [i, block] of t.blocks.entries()) {
            if (block.expectException !== undefined || !block.blockHeader) continue;
            head = block.blockHeader;
            const [, txs, , withdrawals] = rlpDecode(hexToBytes(block.rlp)) as RlpDecoded[][];
            const txRoot = orderedTrieRoot(txs!.map(itemBytes));
            assert.equal(bytesToHex(txRoot), head.transactionsTrie, `${name} block ${i} transactions`);
            counts.txRoots++;
            if (withdrawals !== undefined) {
              const wdRoot = orderedTrieRoot(withdrawals.map(itemBytes));
              assert.equal(bytesToHex(wdRoot), head.withdrawalsRoot, `${name} block ${i} withdrawals`);
              counts.withdrawalRoots++;
              counts.withdrawals += withdrawals.length;
            }
          }
          // postState belongs to the chain's final head, which is the last valid block here.
          if (t.postState && head.hash === t.lastblockhash) {
            assert.equal(
              bytesToHex(stateRoot(loadState(t.postState).accounts)),
              head.stateRoot,
              `${name} post`,
            );
            counts.post++;
          }
        }
      });
    }
  }
  it("checked a meaningful number of roots", () => {
    assert.ok(counts.genesis >= 30, `genesis ${counts.genesis}`);
    assert.ok(counts.post >= 25, `post ${counts.post}`);
    assert.ok(counts.txRoots >= 400, `tx roots ${counts.txRoots}`);
    assert.ok(counts.withdrawals >= 20, `withdrawals ${counts.withdrawals}`);
  });
});
