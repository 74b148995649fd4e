// Mainnet's whole fork schedule from Frontier as a ChainSpec (the same data a geth genesis' `config` gives):
// block numbers up to the Merge, then timestamps; the DAO fork block; the terminal total difficulty. The
// Merge is scheduled at the first proof-of-stake block (15,537,394), which is where mainnet's total
// difficulty passed the terminal one, so mainnet needs no total difficulty to pick a block's rules.
import type { ChainSpec, SpecActivation } from "./genesis-config.js";
import { chainConfigFromSpec } from "./genesis-config.js";
import type { ChainConfig } from "./types.js";

export const MAINNET_CHAIN_ID = 1n;

/** Mainnet's forks in activation order (geth's names: TangerineWhistle is EIP150, Petersburg ConstantinopleFix). */
export const MAINNET_FORK_SCHEDULE: readonly SpecActivation[] = [
  { fork: "Frontier", block: 0n },
  { fork: "Homestead", block: 1_150_000n },
  { fork: "TangerineWhistle", block: 2_463_000n },
  { fork: "SpuriousDragon", block: 2_675_000n },
  { fork: "Byzantium", block: 4_370_000n },
  { fork: "Constantinople", block: 7_280_000n },
  { fork: "Petersburg", block: 7_280_000n },
  { fork: "Istanbul", block: 9_069_000n },
  { fork: "MuirGlacier", block: 9_200_000n },
  { fork: "Berlin", block: 12_244_000n },
  { fork: "London", block: 12_965_000n },
  { fork: "ArrowGlacier", block: 13_773_000n },
  { fork: "GrayGlacier", block: 15_050_000n },
  { fork: "Paris", block: 15_537_394n },
  { fork: "Shanghai", timestamp: 1_681_338_455n },
  { fork: "Cancun", timestamp: 1_710_338_135n },
  { fork: "Prague", timestamp: 1_746_612_311n },
  { fork: "Osaka", timestamp: 1_764_798_551n },
  { fork: "BPO1", timestamp: 1_765_978_199n },
  { fork: "BPO2", timestamp: 1_767_747_671n },
];

/** The DAO fork block (src/block/dao-fork.ts). */
export const MAINNET_DAO_FORK_BLOCK = 1_920_000n;

/** The total difficulty at which mainnet moved to proof of stake (reached by block 15,537,393). */
export const MAINNET_TERMINAL_TOTAL_DIFFICULTY = 58_750_000_000_000_000_000_000n;

/** Mainnet's spec; `chainId` replaces 1 for a run that wants mainnet's rules under another chain id. */
export function mainnetSpec(chainId: bigint = MAINNET_CHAIN_ID): ChainSpec {
  return {
    chainId,
    activations: MAINNET_FORK_SCHEDULE.map((a) => ({ ...a })),
    // The fork table's blob parameters are mainnet's.
    blobSchedules: new Map(),
    daoForkBlock: MAINNET_DAO_FORK_BLOCK,
    terminalTotalDifficulty: MAINNET_TERMINAL_TOTAL_DIFFICULTY,
    // EIP-155 came with Spurious Dragon; geth counts its block in the fork id all the same.
    otherForkBlocks: [MAINNET_DAO_FORK_BLOCK, 2_675_000n],
  };
}

export function mainnetConfig(chainId: bigint = MAINNET_CHAIN_ID): ChainConfig {
  return chainConfigFromSpec(mainnetSpec(chainId));
}
