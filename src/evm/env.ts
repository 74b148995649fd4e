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

/** Every field of a BlockEnv but the BLOCKHASH callback. */
export type BlockEnvFields = Omit<BlockEnv, "blockHash">;

/**
 * The one constructor of BlockEnv objects: a literal with the fields in one order, so every environment
 * shares one V8 hidden class. A copy made by spreading (`{ ...env, baseFee: 0n }`) gets a map of its own
 * (see tx/codec/with-sender.ts), and the EVM's env reads would turn megamorphic over a few blocks.
 */
export function makeEnv(fields: BlockEnvFields, blockHash: (number: bigint) => bigint): BlockEnv {
  return {
    chainId: fields.chainId,
    number: fields.number,
    timestamp: fields.timestamp,
    coinbase: fields.coinbase,
    gasLimit: fields.gasLimit,
    baseFee: fields.baseFee,
    prevRandao: fields.prevRandao,
    blobBaseFee: fields.blobBaseFee,
    blockHash,
  };
}
