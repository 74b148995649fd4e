// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Shards} from "./ICrossShard.sol";

/// @title The message passer of a shard (predeploy at Shards.MESSENGER).
/// @notice sendMessage records an asynchronous message to another shard or to the L1 under a unique id:
/// keccak256(abi.encode(fromShard, nonce, toShard, sender, target, value, data)), with a per-shard nonce.
/// `sent[id]` (storage slot 2's mapping) is what a withdrawal proves on the L1 with eth_getProof against a
/// finalized state root. Messages to another shard are delivered by the sequencer in a later superblock:
/// the cross-shard precompile marks `received[id]` (slot 3's mapping) before it calls the target, from
/// ShardAlias.aliasOf(fromShard, sender), so a message runs at most once. Only messages to the L1 carry ETH:
/// the value is paid into the reserve here and out of the hub's balance on the L1.
contract ShardMessenger {
    /// slot 0 and 1 are unused (kept so the mappings' slots are fixed by this layout).
    uint256 private unused0;
    uint256 public messageNonce; // slot 1
    mapping(bytes32 => bool) public sent; // slot 2
    mapping(bytes32 => bool) public received; // slot 3

    event MessageSent(
        bytes32 indexed id,
        uint64 indexed toShard,
        address indexed sender,
        uint256 nonce,
        address target,
        uint256 value,
        bytes data
    );

    error SameShard();
    error UnknownShard(uint64 shard);
    error ValueOnlyToL1();

    function sendMessage(uint64 toShard, address target, bytes memory data) public payable returns (bytes32 id) {
        uint64 here = Shards.CROSS_SHARD.shardId();
        if (toShard == here) revert SameShard();
        if (toShard != Shards.L1 && toShard >= Shards.CROSS_SHARD.shardCount()) revert UnknownShard(toShard);
        if (msg.value != 0 && toShard != Shards.L1) revert ValueOnlyToL1();
        uint256 nonce = messageNonce++;
        id = keccak256(abi.encode(here, nonce, toShard, msg.sender, target, msg.value, data));
        sent[id] = true;
        if (msg.value != 0) {
            (bool ok, ) = Shards.RESERVE.call{value: msg.value}("");
            require(ok);
        }
        emit MessageSent(id, toShard, msg.sender, nonce, target, msg.value, data);
    }

    /// @notice Withdraws msg.value to `to` on the L1 (a message with empty data), proven there after finalization.
    function withdraw(address to) external payable returns (bytes32) {
        return sendMessage(Shards.L1, to, "");
    }
}
