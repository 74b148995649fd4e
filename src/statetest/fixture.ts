// Typed shape of a state-test fixture (ethereum/tests GeneralStateTests and EEST state_tests), after parsing.
import type { Alloc } from "../fixture-io/alloc.js";
import type { FixtureConfig } from "../fixture-io/config.js";
import type { AccessListEntry, Authorization } from "../tx/types.js";

// The parts shared with blockchain tests live in src/fixture-io/; re-exported so this stays the one place
// that names everything a state test holds.
export type { Alloc, AllocAccount } from "../fixture-io/alloc.js";
export type { FixtureConfig } from "../fixture-io/config.js";

export interface FixtureEnv {
  coinbase: bigint;
  gasLimit: bigint;
  number: bigint;
  timestamp: bigint;
  difficulty: bigint;
  /** PREVRANDAO; older fillers omit it and the runner falls back to `difficulty`. */
  random: bigint | undefined;
  baseFee: bigint | undefined;
  excessBlobGas: bigint | undefined;
}

/** The transaction template: `data`, `gasLimit` and `value` are the axes that `indexes` pick from. */
export interface TxTemplate {
  nonce: bigint;
  /** undefined for contract creation (`"to": ""`). */
  to: bigint | undefined;
  gasPrice: bigint | undefined;
  maxFeePerGas: bigint | undefined;
  maxPriorityFeePerGas: bigint | undefined;
  data: Uint8Array[];
  gasLimit: bigint[];
  value: bigint[];
  /** Parallel to `data`; a null entry means "no access list" for that variant. */
  accessLists: (AccessListEntry[] | null)[] | undefined;
  sender: bigint | undefined;
  secretKey: Uint8Array | undefined;
  blobVersionedHashes: Uint8Array[] | undefined;
  maxFeePerBlobGas: bigint | undefined;
  authorizationList: Authorization[] | undefined;
}

export interface CaseIndexes {
  data: number;
  gas: number;
  value: number;
}

export interface PostEntry {
  indexes: CaseIndexes;
  /** Expected state root. */
  hash: Uint8Array;
  /** Expected keccak256(rlp(logs)). */
  logs: Uint8Array;
  /** The signed transaction; used only to recover details the template omits (legacy chain id). */
  txbytes: Uint8Array | undefined;
  expectException: string | undefined;
  /**
   * EEST's full expected post-state, kept as raw JSON: it is only needed to explain a failure, and parsing it
   * for every passing case would cost as much as parsing `pre` again.
   */
  state: unknown;
}

export interface StateTestFixture {
  name: string;
  env: FixtureEnv;
  pre: Alloc;
  transaction: TxTemplate;
  /** fork name -> its cases, in file order. Fork names are not validated here (unsupported ones are skipped). */
  post: Map<string, PostEntry[]>;
  config: FixtureConfig;
  /**
   * Which filler's convention the expected roots follow where the two differ: a transaction rejected before
   * execution. ethereum/tests (retesteth, after geth's statetest) then still touches the coinbase, which
   * creates it empty before EIP-161; EEST (execution-spec-tests, its `_info` has `fixture-format`) leaves
   * the state exactly as it was, its `state` listing no coinbase. Each source is right by its own filler.
   */
  filler: "retesteth" | "eest";
}
