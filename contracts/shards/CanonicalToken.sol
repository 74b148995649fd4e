// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Shards} from "./ICrossShard.sol";
import {TokenBridge} from "./TokenBridge.sol";

/// @title The one ERC-20 that represents an L1 token on every shard, at the same address on each.
/// @notice Minted only by the bridge: for a deposit from the L1, or for tokens burnt on another shard by
/// bridgeTo in the same transaction (mint/burn, no wrappers of wrappers). withdrawToL1 burns and sends a
/// message the L1 hub honours by releasing the escrowed L1 tokens.
contract CanonicalToken is ERC20 {
    address public immutable bridge;
    address public immutable l1Token;

    error OnlyBridge();

    constructor(address l1Token_) ERC20("Lanes Canonical Token", "LCT") {
        bridge = msg.sender;
        l1Token = l1Token_;
    }

    function mint(address to, uint256 amount) external {
        if (msg.sender != bridge) revert OnlyBridge();
        _mint(to, amount);
    }

    /// @notice Moves `amount` of the caller's tokens to `to` on shard `toShard`, atomically (burn here, mint
    /// there, in this transaction through the cross-shard call).
    function bridgeTo(uint64 toShard, address to, uint256 amount) external {
        _burn(msg.sender, amount);
        Shards.CROSS_SHARD.call(
            toShard,
            bridge,
            abi.encodeCall(TokenBridge.receiveTokens, (Shards.CROSS_SHARD.shardId(), l1Token, to, amount))
        );
    }

    /// @notice Burns `amount` and sends the L1 hub a message releasing as many L1 tokens to `to`.
    function withdrawToL1(address to, uint256 amount) external returns (bytes32) {
        _burn(msg.sender, amount);
        return TokenBridge(bridge).sendToL1(l1Token, to, amount);
    }
}
