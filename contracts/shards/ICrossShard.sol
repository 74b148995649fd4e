// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title The atomic cross-shard call precompile of a Lanes shard, at 0x000000000000000000000000000000000000C5C5.
/// @notice `call` runs `data` against `to` on shard `shardId`, synchronously, inside the same superblock and the
/// same transaction: its effects there commit together with this shard's, or not at all. Inside the call,
/// msg.sender is ShardAlias.aliasOf(this shard, the caller); a revert there reverts this call with the same
/// revert data (a typed Solidity call bubbles it up). `shardId` and `shardCount` are Lanes extensions.
interface ICrossShard {
    function call(uint64 shardId, address to, bytes calldata data) external payable returns (bytes memory);

    /// @notice The id of the shard this code runs on.
    function shardId() external view returns (uint64);

    /// @notice How many shards the network has (ids 0 .. shardCount-1).
    function shardCount() external view returns (uint64);
}

/// @title The fixed addresses and ids every shard shares.
library Shards {
    ICrossShard internal constant CROSS_SHARD = ICrossShard(0x000000000000000000000000000000000000C5C5);
    /// The message passer: shard-to-shard and shard-to-L1 messages (withdrawals) are recorded here.
    address internal constant MESSENGER = 0x000000000000000000000000000000000000c5C6;
    /// The canonical-token bridge: one ERC-20 per L1 token, at the same address on every shard.
    address internal constant TOKEN_BRIDGE = 0x000000000000000000000000000000000000c5c7;
    /// Holds the ETH not in circulation on this shard: deposits and incoming value are paid from it,
    /// withdrawals and outgoing value are paid into it.
    address internal constant RESERVE = 0x000000000000000000000000000000000000c5c8;
    /// The "shard id" of the L1 in message routing.
    uint64 internal constant L1 = type(uint64).max;
}

/// @title The alias rule: on shard B, msg.sender of a call made from shard A by `a` is aliasOf(A, a).
/// @notice aliasOf(s, a) = a + 0x1111000000000000000000000000000000001111 * (s + 1) (mod 2^160). Nobody holds a key
/// or can deploy code at an alias (that is a 2^160 search), so `msg.sender == aliasOf(s, a)` proves the call came
/// from `a` on shard s. Async messages and L1 messages use the same rule (the L1's id is Shards.L1).
library ShardAlias {
    uint160 internal constant OFFSET = uint160(0x1111000000000000000000000000000000001111);

    function aliasOf(uint64 shard, address a) internal pure returns (address) {
        unchecked {
            return address(uint160(a) + OFFSET * (uint160(shard) + 1));
        }
    }
}
