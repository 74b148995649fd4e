// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CanonicalToken} from "./CanonicalToken.sol";
import {ShardAlias, Shards} from "./ICrossShard.sol";
import {ShardMessenger} from "./ShardMessenger.sol";

/// @title The canonical-token bridge of a shard (predeploy at Shards.TOKEN_BRIDGE, same code on every shard).
/// @notice Each L1 token has one CanonicalToken, deployed here by CREATE2 (salt: the L1 token's address), so it
/// has the same address on every shard. It is minted for an L1 deposit (the cross-shard precompile calls
/// finalizeDeposit as itself, 0x…C5C5, which no account can be) or for tokens burnt on another shard (that
/// shard's token calls receiveTokens through the cross-shard call, so msg.sender is its alias).
contract TokenBridge {
    event DepositFinalized(address indexed l1Token, address indexed to, uint256 amount);
    event TokensReceived(uint64 indexed fromShard, address indexed l1Token, address indexed to, uint256 amount);

    error NotSystem();
    error NotCanonicalToken();

    function tokenAddress(address l1Token) public view returns (address) {
        bytes32 initHash = keccak256(abi.encodePacked(type(CanonicalToken).creationCode, abi.encode(l1Token)));
        return address(
            uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), bytes32(uint256(uint160(l1Token))), initHash))))
        );
    }

    function _token(address l1Token) private returns (CanonicalToken) {
        address at = tokenAddress(l1Token);
        if (at.code.length == 0) {
            return new CanonicalToken{salt: bytes32(uint256(uint160(l1Token)))}(l1Token);
        }
        return CanonicalToken(at);
    }

    /// @notice An L1 deposit of `amount` of `l1Token` to `to` (only the precompile, for a delivered deposit).
    function finalizeDeposit(address l1Token, address to, uint256 amount) external {
        if (msg.sender != address(Shards.CROSS_SHARD)) revert NotSystem();
        _token(l1Token).mint(to, amount);
        emit DepositFinalized(l1Token, to, amount);
    }

    /// @notice Mints tokens burnt on `fromShard` by that shard's canonical token, in the same transaction.
    function receiveTokens(uint64 fromShard, address l1Token, address to, uint256 amount) external {
        if (msg.sender != ShardAlias.aliasOf(fromShard, tokenAddress(l1Token))) revert NotCanonicalToken();
        _token(l1Token).mint(to, amount);
        emit TokensReceived(fromShard, l1Token, to, amount);
    }

    /// @notice Called by a canonical token after burning: the message the L1 hub turns into a release.
    function sendToL1(address l1Token, address to, uint256 amount) external returns (bytes32) {
        if (msg.sender != tokenAddress(l1Token)) revert NotCanonicalToken();
        return ShardMessenger(Shards.MESSENGER).sendMessage(Shards.L1, to, abi.encode(l1Token, amount));
    }
}
