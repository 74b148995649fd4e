// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {CanonicalToken} from "../CanonicalToken.sol";
import {ShardAlias, Shards} from "../ICrossShard.sol";

interface IFlashBorrower {
    function onFlashLoan(uint64 lenderShard, address lender, uint256 amount, uint256 fee) external;
}

/// @title A lending pool that lends its canonical tokens to a borrower on another shard for one transaction.
/// @notice flashLoan (called by the borrower through the cross-shard call) bridges `amount` to the borrower's
/// shard, calls the borrower back there, and requires its balance here to have grown by the fee when the
/// callback returns. Short: it reverts, and with it the whole transaction on every shard it touched.
contract FlashLender {
    CanonicalToken public immutable token;
    uint256 public constant FEE_BPS = 9;

    event Loan(uint64 indexed borrowerShard, address indexed borrower, uint256 amount, uint256 fee);

    error NotBorrower();
    error RepayShort(uint256 expected, uint256 actual);

    constructor(CanonicalToken token_) {
        token = token_;
    }

    function flashLoan(uint64 borrowerShard, address borrower, uint256 amount) external {
        if (msg.sender != ShardAlias.aliasOf(borrowerShard, borrower)) revert NotBorrower();
        uint256 before = token.balanceOf(address(this));
        uint256 fee = (amount * FEE_BPS) / 10_000;
        token.bridgeTo(borrowerShard, borrower, amount);
        Shards.CROSS_SHARD.call(
            borrowerShard,
            borrower,
            abi.encodeCall(IFlashBorrower.onFlashLoan, (Shards.CROSS_SHARD.shardId(), address(this), amount, fee))
        );
        uint256 balance = token.balanceOf(address(this));
        if (balance < before + fee) revert RepayShort(before + fee, balance);
        emit Loan(borrowerShard, borrower, amount, fee);
    }
}
