// Fork rules as data: one row per fork, so a new fork or blob schedule is a table entry, not scattered `if`s.
// Every fork from Frontier is a row: each adds the EIPs it activated (flags) and its gas schedule to the
// fork before it. The interpreter never tests a fork: the opcode table (opcodes.ts) is built once per
// ForkRules from these rows, with the fork's static gas and handler variants, so a fork costs the hot loop
// nothing. Only code outside the opcode loop (creation, transaction, state finalization) reads the flags.
import { MAX_CODE_SIZE, MAX_INITCODE_SIZE } from "./gas-constants.js";
import type { Precompile, PrecompileSet } from "./precompiles/types.js";

export type ForkName =
  | "Frontier"
  | "Homestead"
  | "EIP150"
  | "EIP158"
  | "Byzantium"
  | "Constantinople"
  | "ConstantinopleFix"
  | "Istanbul"
  | "Berlin"
  | "London"
  | "Paris"
  | "Shanghai"
  | "Cancun"
  | "Prague"
  | "Osaka"
  | "BPO1"
  | "BPO2";

/** Which SSTORE metering a fork uses (storage.ts and legacy-storage.ts implement them). */
export type SstoreMetering =
  /** Frontier..Byzantium and Petersburg: 20,000 to set a zero slot, else 5,000; 15,000 refund to clear. */
  | "legacy"
  /** EIP-1283 (Constantinople only) and EIP-2200 (Istanbul): net metering on original/current values. */
  | "net"
  /** EIP-2929 (Berlin) net metering with cold-slot cost. */
  | "net-access"
  /** EIP-3529 (London and later): as net-access, with the 4,800 clear refund. */
  | "eip3529";

/**
 * The gas figures that changed between forks (the rest are in gas-constants.ts). Static costs here are the
 * opcode-table figure: from Berlin (EIP-2929) the account and slot opcodes charge 0 up front and their
 * access cost in the handler.
 */
export interface GasSchedule {
  /** BALANCE: 20, 400 (EIP-150), 700 (EIP-1884), 0 + access (EIP-2929). */
  readonly balance: number;
  /** EXTCODESIZE and EXTCODECOPY: 20, 700 (EIP-150), 0 + access. */
  readonly extcode: number;
  /** EXTCODEHASH: 400 (EIP-1052), 700 (EIP-1884), 0 + access. */
  readonly extcodehash: number;
  /** SLOAD: 50, 200 (EIP-150), 800 (EIP-1884), 0 + access. */
  readonly sload: number;
  /** The CALL family: 40, 700 (EIP-150), 0 + access. */
  readonly call: number;
  /** SELFDESTRUCT: 0, 5,000 (EIP-150). */
  readonly selfdestruct: number;
  /** EXP per exponent byte: 10, 50 (EIP-160). */
  readonly expByte: number;
  /** Calldata per non-zero byte: 68, 16 (EIP-2028). */
  readonly txDataNonZero: number;
  /** SSTORE's "SLOAD_GAS" in net metering: 200 (EIP-1283), 800 (EIP-2200), 100 (EIP-2929). */
  readonly sstoreNoop: number;
  /** Refund for clearing a slot: 15,000, 4,800 (EIP-3529). */
  readonly sstoreClearsRefund: number;
  /** Refund for the first SELFDESTRUCT of an account in a transaction: 24,000, 0 (EIP-3529). */
  readonly selfdestructRefund: number;
  /** Refunds are capped at gas used / this: 2, 5 (EIP-3529). */
  readonly refundQuotient: number;
  /** BN254 precompiles: Byzantium prices, or EIP-1108's. */
  readonly bn254Add: number;
  readonly bn254Mul: number;
  readonly bn254PairingBase: number;
  readonly bn254PairingPerPair: number;
}

export interface BlobSchedule {
  target: number;
  max: number;
  baseFeeUpdateFraction: bigint;
}

export interface ForkRules {
  readonly name: ForkName;
  /** Position in fork order (Frontier is 0), for "at least fork X" comparisons outside the EVM. */
  readonly ordinal: number;
  readonly gas: GasSchedule;
  /** EIP-2 (Homestead): creation transactions cost 53,000; code deposit out of gas fails the creation. */
  readonly eip2: boolean;
  /** EIP-7 (Homestead): DELEGATECALL. */
  readonly eip7: boolean;
  /** EIP-150 (Tangerine Whistle): calls and creations pass at most all but one 64th of the gas left. */
  readonly eip150: boolean;
  /**
   * EIP-161 (Spurious Dragon, "EIP158"): touched empty accounts are deleted, new contracts start at
   * nonce 1, a zero-value call does not create its target, and CALL's new-account cost needs value.
   */
  readonly eip161: boolean;
  /** EIP-170 (Spurious Dragon): deployed code is at most 24,576 bytes. */
  readonly eip170: boolean;
  /** EIP-140, EIP-211, EIP-214 (Byzantium): REVERT, RETURNDATASIZE/RETURNDATACOPY, STATICCALL. */
  readonly byzantiumOpcodes: boolean;
  /** EIP-145, EIP-1014, EIP-1052 (Constantinople): SHL/SHR/SAR, CREATE2, EXTCODEHASH. */
  readonly constantinopleOpcodes: boolean;
  /** EIP-1344, EIP-1884 (Istanbul): CHAINID, SELFBALANCE. */
  readonly istanbulOpcodes: boolean;
  readonly sstore: SstoreMetering;
  /** EIP-2200 (Istanbul): SSTORE fails when no more than the 2,300 stipend is left. */
  readonly sstoreSentry: boolean;
  /** Highest precompile address of the Ethereum set: 4, 8 (Byzantium), 9 (Istanbul), 10 (Cancun), 0x11. */
  readonly lastPrecompile: number;
  /** EIP-2565 (Berlin) modexp pricing; EIP-198's before. */
  readonly eip2565: boolean;
  /** EIP-2929 (Berlin): cold/warm account and slot access costs. */
  readonly eip2929: boolean;
  /** EIP-2930 (Berlin): type-1 transactions with access lists. */
  readonly eip2930: boolean;
  /** EIP-1559, EIP-3198 (London): type-2 transactions, the base fee and BASEFEE. */
  readonly eip1559: boolean;
  /** EIP-3541 (London): new code may not start with 0xEF. */
  readonly eip3541: boolean;
  /** EIP-4399 (Paris): PREVRANDAO replaces DIFFICULTY; no proof of work. */
  readonly eip4399: boolean;
  /** EIP-3651, EIP-3855, EIP-3860 (Shanghai): warm coinbase, PUSH0, initcode limit and word cost. */
  readonly eip3651: boolean;
  readonly eip3855: boolean;
  readonly eip3860: boolean;
  /** EIP-4895 (Shanghai): withdrawals. */
  readonly eip4895: boolean;
  // ----- block rules (src/block) -----
  /** Proof-of-work block reward in wei (5, 3 from EIP-649, 2 from EIP-1234 ether; 0 from Paris). */
  readonly blockReward: bigint;
  /** The difficulty formula: Frontier's, Homestead's (EIP-2), or EIP-100's (Byzantium, uncle-aware). */
  readonly difficulty: "frontier" | "homestead" | "eip100";
  /** Blocks the difficulty bomb is pushed back (EIP-649, EIP-1234, EIP-2384 in Berlin's test networks, EIP-3554). */
  readonly bombDelay: bigint;
  /**
   * The chain's DAO fork block (src/block/dao-fork.ts: the balance drain and the extra-data marker). Chain-
   * config data, set by the chain config on every fork of a chain that has it; never set by a fork.
   */
  readonly daoForkBlock?: bigint;
  /** EIP-658 (Byzantium): receipts carry a status; before, the state root after the transaction. */
  readonly eip658: boolean;
  /** EIP-1153, EIP-5656, EIP-4844, EIP-7516, EIP-6780, EIP-4788 (Cancun). */
  readonly eip1153: boolean;
  readonly eip5656: boolean;
  readonly eip4844: boolean;
  readonly eip7516: boolean;
  readonly eip6780: boolean;
  readonly eip4788: boolean;
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
   * When set, the whole precompile lookup (getPrecompile) instead of the fork's set plus extraPrecompiles:
   * eth_simulateV1 moves precompiles to other addresses and removes overridden ones (movePrecompileToAddress).
   * Warm-address lists (EIP-2929) still follow the fork, as geth's do. Never set by a fork.
   */
  readonly precompileTable?: ReadonlyMap<bigint, Precompile>;
  /**
   * WebAssembly contracts (code 0xEF 0xF0 0x00 + module, docs/compute-model.md): a chain-config flag, not
   * a fork feature. Off on every Ethereum fork; `lanes node` turns it on.
   */
  readonly wasm: boolean;
  /**
   * Largest code a creation may deposit, in bytes (EIP-170's 24,576 when absent); initcode may be twice it
   * (EIP-3860). A devnet option (`lanes node --code-size-limit`, as anvil's), never set by a fork.
   */
  readonly maxCodeSize?: number;
  /**
   * EIP-3607 relaxed: a sender with code may send. A devnet option for contract impersonation (anvil and EDR
   * allow it); the node's pool admits such a sender only while it is impersonated. Never set by a fork.
   */
  readonly allowSendersWithCode?: boolean;
  /**
   * Balances past 2^256-1, as revm (anvil, EDR) handles them: a value transfer that would push its
   * recipient past it halts the frame with `OverflowPayment` (all its gas spent; a call's value still leaves
   * the caller), and fee, refund and self-destruct credits saturate (src/evm/balance-credit.ts). A devnet
   * option (`lanes node`, where anvil_setBalance can put an account at 2^256-1), never set by a fork: on a
   * real chain no balance gets near it, and without it such a state cannot be encoded.
   */
  readonly overflowPaymentHalts?: boolean;
}

/** The code-size limit of `rules` (EIP-170 unless a devnet option raised it). */
export function maxCodeSizeOf(rules: ForkRules): number {
  return rules.maxCodeSize ?? MAX_CODE_SIZE;
}

/** The initcode-size limit of `rules`: twice the code-size limit (EIP-3860). */
export function maxInitcodeSizeOf(rules: ForkRules): number {
  return rules.maxCodeSize === undefined ? MAX_INITCODE_SIZE : 2 * rules.maxCodeSize;
}

const CANCUN_BLOBS: BlobSchedule = { target: 3, max: 6, baseFeeUpdateFraction: 3338477n };

const FRONTIER_GAS: GasSchedule = {
  balance: 20,
  extcode: 20,
  extcodehash: 0,
  sload: 50,
  call: 40,
  selfdestruct: 0,
  expByte: 10,
  txDataNonZero: 68,
  sstoreNoop: 0,
  sstoreClearsRefund: 15000,
  selfdestructRefund: 24000,
  refundQuotient: 2,
  bn254Add: 500,
  bn254Mul: 40000,
  bn254PairingBase: 100000,
  bn254PairingPerPair: 80000,
};

const FRONTIER: ForkRules = {
  name: "Frontier",
  ordinal: 0,
  gas: FRONTIER_GAS,
  eip2: false,
  eip7: false,
  eip150: false,
  eip161: false,
  eip170: false,
  byzantiumOpcodes: false,
  constantinopleOpcodes: false,
  istanbulOpcodes: false,
  sstore: "legacy",
  sstoreSentry: false,
  lastPrecompile: 4,
  eip2565: false,
  eip2929: false,
  eip2930: false,
  eip1559: false,
  eip3541: false,
  eip4399: false,
  eip3651: false,
  eip3855: false,
  eip3860: false,
  eip4895: false,
  eip1153: false,
  eip5656: false,
  eip4844: false,
  eip7516: false,
  eip6780: false,
  eip4788: false,
  blockReward: 5_000_000_000_000_000_000n,
  difficulty: "frontier",
  bombDelay: 0n,
  eip658: false,
  // No blobs before Cancun; the schedule is only read where EIP-4844 is active.
  blobSchedule: CANCUN_BLOBS,
  maxBlobsPerTx: 0,
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

const HOMESTEAD: ForkRules = {
  ...FRONTIER,
  name: "Homestead",
  ordinal: 1,
  eip2: true,
  eip7: true,
  difficulty: "homestead",
};

const EIP150: ForkRules = {
  ...HOMESTEAD,
  name: "EIP150",
  ordinal: 2,
  gas: { ...HOMESTEAD.gas, balance: 400, extcode: 700, sload: 200, call: 700, selfdestruct: 5000 },
  eip150: true,
};

const EIP158: ForkRules = {
  ...EIP150,
  name: "EIP158",
  ordinal: 3,
  gas: { ...EIP150.gas, expByte: 50 },
  eip161: true,
  eip170: true,
};

const BYZANTIUM: ForkRules = {
  ...EIP158,
  name: "Byzantium",
  ordinal: 4,
  byzantiumOpcodes: true,
  lastPrecompile: 8,
  blockReward: 3_000_000_000_000_000_000n,
  difficulty: "eip100",
  bombDelay: 3_000_000n,
  eip658: true,
};

const CONSTANTINOPLE: ForkRules = {
  ...BYZANTIUM,
  name: "Constantinople",
  ordinal: 5,
  gas: { ...BYZANTIUM.gas, extcodehash: 400, sstoreNoop: 200 },
  constantinopleOpcodes: true,
  sstore: "net",
  blockReward: 2_000_000_000_000_000_000n,
  bombDelay: 5_000_000n,
};

/** Petersburg: Constantinople without EIP-1283. */
const PETERSBURG: ForkRules = {
  ...CONSTANTINOPLE,
  name: "ConstantinopleFix",
  ordinal: 6,
  gas: { ...CONSTANTINOPLE.gas, sstoreNoop: 0 },
  sstore: "legacy",
};

const ISTANBUL: ForkRules = {
  ...PETERSBURG,
  name: "Istanbul",
  ordinal: 7,
  gas: {
    ...PETERSBURG.gas,
    balance: 700,
    extcodehash: 700,
    sload: 800,
    txDataNonZero: 16,
    sstoreNoop: 800,
    bn254Add: 150,
    bn254Mul: 6000,
    bn254PairingBase: 45000,
    bn254PairingPerPair: 34000,
  },
  istanbulOpcodes: true,
  sstore: "net",
  sstoreSentry: true,
  lastPrecompile: 9,
};

const BERLIN: ForkRules = {
  ...ISTANBUL,
  name: "Berlin",
  ordinal: 8,
  gas: { ...ISTANBUL.gas, balance: 0, extcode: 0, extcodehash: 0, sload: 0, call: 0, sstoreNoop: 100 },
  sstore: "net-access",
  // Berlin's test networks include Muir Glacier (EIP-2384).
  bombDelay: 9_000_000n,
  eip2565: true,
  eip2929: true,
  eip2930: true,
};

const LONDON: ForkRules = {
  ...BERLIN,
  name: "London",
  ordinal: 9,
  gas: { ...BERLIN.gas, sstoreClearsRefund: 4800, selfdestructRefund: 0, refundQuotient: 5 },
  sstore: "eip3529",
  bombDelay: 9_700_000n,
  eip1559: true,
  eip3541: true,
};

const PARIS: ForkRules = { ...LONDON, name: "Paris", ordinal: 10, eip4399: true, blockReward: 0n };

const SHANGHAI: ForkRules = {
  ...PARIS,
  name: "Shanghai",
  ordinal: 11,
  eip3651: true,
  eip3855: true,
  eip3860: true,
  eip4895: true,
};

const CANCUN: ForkRules = {
  ...SHANGHAI,
  name: "Cancun",
  ordinal: 12,
  lastPrecompile: 10,
  eip1153: true,
  eip5656: true,
  eip4844: true,
  eip7516: true,
  eip6780: true,
  eip4788: true,
  blobSchedule: CANCUN_BLOBS,
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
  ordinal: 13,
  lastPrecompile: 0x11,
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
  ordinal: 14,
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
  ordinal: 15,
  blobSchedule: { target: 10, max: 15, baseFeeUpdateFraction: 8346193n },
};

const BPO2: ForkRules = {
  ...OSAKA,
  name: "BPO2",
  ordinal: 16,
  blobSchedule: { target: 14, max: 21, baseFeeUpdateFraction: 11684671n },
};

export const FORKS: Readonly<Record<ForkName, ForkRules>> = {
  Frontier: FRONTIER,
  Homestead: HOMESTEAD,
  EIP150,
  EIP158,
  Byzantium: BYZANTIUM,
  Constantinople: CONSTANTINOPLE,
  ConstantinopleFix: PETERSBURG,
  Istanbul: ISTANBUL,
  Berlin: BERLIN,
  London: LONDON,
  Paris: PARIS,
  Shanghai: SHANGHAI,
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
