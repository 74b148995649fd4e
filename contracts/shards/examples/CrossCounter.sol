// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Shards} from "../ICrossShard.sol";

/// @title Small cross-shard calls for tests and the benchmark: counters, nested ping-pong, reverts with data.
contract CrossCounter {
    uint256 public count;
    mapping(address => uint256) public byCaller;
    uint256 public received;
    /// The revert data of tryRemote's last failed call (what the precompile passed up from the other shard).
    bytes public lastRevert;

    event Bumped(address indexed caller, uint256 count);

    error Refused(uint256 code);

    function bump() public payable returns (uint256) {
        count++;
        byCaller[msg.sender]++;
        received += msg.value;
        emit Bumped(msg.sender, count);
        return count;
    }

    /// @notice bump() on `target` on `shard`, then here; returns the remote count.
    function bumpRemote(uint64 shard, address target) external payable returns (uint256) {
        bytes memory r = Shards.CROSS_SHARD.call{value: msg.value}(shard, target, abi.encodeCall(this.bump, ()));
        count++;
        return abi.decode(r, (uint256));
    }

    /// @notice Bumps here, then bounces to `peer` on `shard` `depth` more times (alternating shards).
    function ping(uint64 shard, address peer, uint256 depth) external returns (uint256 total) {
        count++;
        total = 1;
        if (depth > 0) {
            bytes memory r = Shards.CROSS_SHARD.call(
                shard,
                peer,
                abi.encodeCall(this.ping, (Shards.CROSS_SHARD.shardId(), address(this), depth - 1))
            );
            total += abi.decode(r, (uint256));
        }
    }

    /// @notice Bumps, then reverts with Refused(code).
    function refuse(uint256 code) external {
        count++;
        revert Refused(code);
    }

    /// @notice Calls refuse(code) on `shard` and catches the failure: returns the revert data seen here.
    function tryRemote(uint64 shard, address target, uint256 code) external returns (bytes memory) {
        count++;
        (bool ok, bytes memory data) = address(Shards.CROSS_SHARD).call(
            abi.encodeCall(Shards.CROSS_SHARD.call, (shard, target, abi.encodeCall(this.refuse, (code))))
        );
        require(!ok);
        lastRevert = data;
        return data;
    }

    /// @notice bump() on `target` on `shard`, then reverts here with Refused(code): nothing of it stays.
    function bumpRemoteThenRefuse(uint64 shard, address target, uint256 code) external {
        Shards.CROSS_SHARD.call(shard, target, abi.encodeCall(this.bump, ()));
        count++;
        revert Refused(code);
    }
}
