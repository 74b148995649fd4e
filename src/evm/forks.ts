// Fork rules as data: one row per fork, so a new fork or blob schedule is a table entry, not scattered `if`s.
import type { PrecompileSet } from "./precompiles/types.js";

export type ForkName = "Cancun" | "Prague" | "Osaka" | "BPO1" | "BPO2";

export interface BlobSchedule {
  target: number;
  max: number;
  baseFeeUpdateFraction: bigint;
}

export interface ForkRules {
  readonly name: ForkName;
  /** Position in fork order, for "at least fork X" comparisons. */
  readonly ordinal: number;
  readonly blobSchedule: BlobSchedule;
  /** Blobs allowed in one transaction (EIP-7594 caps it at 6 from Osaka; before, the block max). */
  readonly maxBlobsPerTx: number;
  /** EIP-7702 set-code transactions and delegation designators. */
  readonly eip7702: boolean;
  /** EIP-7623 calldata floor cost. */
  readonly eip7623: boolean;
  /** EIP-2537 BLS12-381 precompiles at 0x0b..0x11. */
  readonly eip2537: boolean;
  /** EIP-2935 historical block hashes in state. */
  readonly eip2935: boolean;
  /** EIP-7685 execution-layer requests (EIP-6110, EIP-7002, EIP-7251). */
  readonly eip7685: boolean;
  /** EIP-7939 CLZ opcode. */
  readonly eip7939: boolean;
  /** EIP-7825 transaction gas limit cap. */
  readonly txGasLimitCap: bigint | undefined;
  /** EIP-7823 modexp input bounds and EIP-7883 modexp repricing. */
  readonly eip7823: boolean;
  readonly eip7883: boolean;
  /** EIP-7951 P256VERIFY precompile at 0x100. */
  readonly eip7951: boolean;
  /** EIP-7918 blob base fee bounded by execution cost. */
  readonly eip7918: boolean;
  /** EIP-7934 RLP block size limit. */
  readonly eip7934: boolean;
  /**
   * Precompiles the chain config adds (co-processors, src/coprocessors); absent for the Ethereum forks.
   * Not structured-cloneable: the parallel executor sends its description instead.
   */
  readonly extraPrecompiles?: PrecompileSet;
  /**
   * WebAssembly contracts (code 0xEF 0xF0 0x00 + module, docs/compute-model.md): a chain-config flag, not
   * a fork feature. Off on every Ethereum fork; `lanes node` turns it on.
   */
  readonly wasm: boolean;
}

const CANCUN: ForkRules = {
  name: "Cancun",
  ordinal: 0,
  blobSchedule: { target: 3, max: 6, baseFeeUpdateFraction: 3338477n },
  maxBlobsPerTx: 6,
  eip7702: false,
  eip7623: false,
  eip2537: false,
  eip2935: false,
  eip7685: false,
  eip7939: false,
  txGasLimitCap: undefined,
  eip7823: false,
  eip7883: false,
  eip7951: false,
  eip7918: false,
  eip7934: false,
  wasm: false,
};

const PRAGUE: ForkRules = {
  ...CANCUN,
  name: "Prague",
  ordinal: 1,
  blobSchedule: { target: 6, max: 9, baseFeeUpdateFraction: 5007716n },
  maxBlobsPerTx: 9,
  eip7702: true,
  eip7623: true,
  eip2537: true,
  eip2935: true,
  eip7685: true,
};

const OSAKA: ForkRules = {
  ...PRAGUE,
  name: "Osaka",
  ordinal: 2,
  maxBlobsPerTx: 6,
  eip7939: true,
  txGasLimitCap: 1n << 24n,
  eip7823: true,
  eip7883: true,
  eip7951: true,
  eip7918: true,
  eip7934: true,
};

const BPO1: ForkRules = {
  ...OSAKA,
  name: "BPO1",
  ordinal: 3,
  blobSchedule: { target: 10, max: 15, baseFeeUpdateFraction: 8346193n },
};

const BPO2: ForkRules = {
  ...OSAKA,
  name: "BPO2",
  ordinal: 4,
  blobSchedule: { target: 14, max: 21, baseFeeUpdateFraction: 11684671n },
};

export const FORKS: Readonly<Record<ForkName, ForkRules>> = {
  Cancun: CANCUN,
  Prague: PRAGUE,
  Osaka: OSAKA,
  BPO1,
  BPO2,
};

export function isForkName(name: string): name is ForkName {
  return Object.hasOwn(FORKS, name);
}

export function getForkRules(name: string): ForkRules {
  if (!isForkName(name)) {
    throw new Error(`unknown fork "${name}" (supported: ${Object.keys(FORKS).join(", ")})`);
  }
  return FORKS[name];
}

/** Returns a copy of `rules` with another blob schedule (fixtures may carry their own `blobSchedule`). */
export function withBlobSchedule(rules: ForkRules, schedule: BlobSchedule): ForkRules {
  return { ...rules, blobSchedule: schedule };
}
