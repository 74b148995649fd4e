// Typed shape of a blockchain-test fixture (ethereum/tests BlockchainTests and EEST blockchain_tests), after
// parsing. Blocks stay as raw RLP: decoding them is part of the test (an undecodable block is an invalid
// block the chain must reject), not of reading the file.
import type { Alloc } from "../fixture-io/alloc.js";
import type { FixtureConfig } from "../fixture-io/config.js";

export interface BlockFixture {
  /** The block as it goes over the wire: rlp([header, transactions, ommers, withdrawals]). */
  rlp: Uint8Array;
  /** The exception name(s) the block must be rejected with, e.g. "TransactionException.X|BlockException.Y". */
  expectException: string | undefined;
}

export interface BlockchainTestFixture {
  name: string;
  /** The fork name as written ("Cancun", "Prague", ...); unsupported networks are skipped, not errors. */
  network: string;
  pre: Alloc;
  genesisRLP: Uint8Array;
  /** `genesisBlockHeader.hash`: the decoded genesis must hash to it. */
  genesisHash: Uint8Array;
  blocks: BlockFixture[];
  /** The expected head after importing every block. */
  lastBlockHash: Uint8Array;
  /** The full expected post-state, kept as raw JSON (it is parsed only to compare or diff it). */
  postState: unknown;
  /** Given instead of `postState` by fixtures whose state is too large to write out. */
  postStateHash: Uint8Array | undefined;
  config: FixtureConfig;
}
