// The block environment a transaction executes in (what BLOCKHASH, COINBASE, BASEFEE and friends see).

export interface BlockEnv {
  chainId: bigint;
  number: bigint;
  timestamp: bigint;
  coinbase: bigint;
  gasLimit: bigint;
  baseFee: bigint;
  /** PREVRANDAO (post-Merge DIFFICULTY). */
  prevRandao: bigint;
  /** The blob base fee derived from the excess blob gas (EIP-4844). */
  blobBaseFee: bigint;
  /** Hash of an earlier block, or 0n when out of the 256-block window or unknown. */
  blockHash(number: bigint): bigint;
}
