// The fixed addresses and ids every shard shares (contracts/shards/ICrossShard.sol mirrors them), and the
// alias rule for callers from another shard or the L1.
const MASK_160 = (1n << 160n) - 1n;

/** The atomic cross-shard call precompile (the address the issue names). */
export const CROSS_SHARD_ADDRESS = 0xc5c5n;
/** The message passer predeploy (ShardMessenger): `sent` is the mapping at slot 2, `received` at slot 3. */
export const MESSENGER_ADDRESS = 0xc5c6n;
/** The canonical-token bridge predeploy (TokenBridge). */
export const TOKEN_BRIDGE_ADDRESS = 0xc5c7n;
/** The shard's ETH reserve: incoming value and deposits are paid from it, outgoing value into it. */
export const RESERVE_ADDRESS = 0xc5c8n;
/** The reserve's genesis balance: far more than any shard will ever bring into circulation. */
export const RESERVE_BALANCE = 1n << 200n;

/** The id the L1 has in message routing (type(uint64).max). */
export const L1_SHARD_ID = (1n << 64n) - 1n;
/** Largest shard id + 1 a network may have (ids are uint64 in the ABI; the L1 takes the top one). */
export const MAX_SHARDS = 1024;

export const MESSENGER_SENT_SLOT = 2n;
export const MESSENGER_RECEIVED_SLOT = 3n;

/** The alias offset (the same one Optimism uses for L1 callers), multiplied by shard id + 1. */
export const ALIAS_OFFSET = 0x1111000000000000000000000000000000001111n;

/**
 * The address that calls on shard B have as msg.sender when `caller` on shard `shard` made them:
 * caller + ALIAS_OFFSET * (shard + 1) mod 2^160. Unique per (shard, caller) for every shard id; nobody can
 * hold a key or code at an alias (a 2^160 search), so a contract can trust `msg.sender == aliasOf(s, a)`.
 */
export function aliasOf(shard: bigint, caller: bigint): bigint {
  return (caller + ALIAS_OFFSET * (shard + 1n)) & MASK_160;
}

/** The inverse of aliasOf for a known shard. */
export function unalias(shard: bigint, alias: bigint): bigint {
  return (alias - ALIAS_OFFSET * (shard + 1n)) & MASK_160;
}
