// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {CanonicalToken} from "../CanonicalToken.sol";
import {ShardAlias, Shards} from "../ICrossShard.sol";
import {FlashLender, IFlashBorrower} from "./FlashLender.sol";

interface IUniswapV2PairLike {
    function token0() external view returns (address);
    function getReserves() external view returns (uint112, uint112, uint32);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
}

/// @title Borrows canonical tokens from a lending pool on another shard, arbitrages two Uniswap V2 pairs here
/// (sell the loan where the token is dear, buy it back where it is cheap) and repays loan + fee, all in the
/// one transaction that calls `run`. `short` makes it repay that much less (the failing variant).
contract FlashArbitrageur is IFlashBorrower {
    CanonicalToken public immutable token;
    IERC20 public immutable other;
    IUniswapV2PairLike public immutable sellPair; // token -> other
    IUniswapV2PairLike public immutable buyPair; // other -> token
    address public immutable owner;
    uint256 private short;
    uint64 private expectedShard;
    address private expectedLender;

    event Arbitrage(uint256 borrowed, uint256 otherBought, uint256 tokenBack, uint256 repaid);

    error NotOwner();
    error NotLender();

    constructor(CanonicalToken token_, IERC20 other_, IUniswapV2PairLike sellPair_, IUniswapV2PairLike buyPair_) {
        token = token_;
        other = other_;
        sellPair = sellPair_;
        buyPair = buyPair_;
        owner = msg.sender;
    }

    function run(uint64 lenderShard, address lender, uint256 amount, uint256 short_) external {
        if (msg.sender != owner) revert NotOwner();
        short = short_;
        expectedShard = lenderShard;
        expectedLender = lender;
        Shards.CROSS_SHARD.call(
            lenderShard,
            lender,
            abi.encodeCall(FlashLender.flashLoan, (Shards.CROSS_SHARD.shardId(), address(this), amount))
        );
        short = 0;
        expectedLender = address(0);
    }

    function onFlashLoan(uint64 lenderShard, address lender, uint256 amount, uint256 fee) external {
        if (
            lender != expectedLender || lenderShard != expectedShard || msg.sender != ShardAlias.aliasOf(lenderShard, lender)
        ) revert NotLender();
        uint256 bought = _swap(sellPair, address(token), amount);
        uint256 back = _swap(buyPair, address(other), bought);
        uint256 repay = amount + fee - short;
        token.bridgeTo(lenderShard, lender, repay);
        emit Arbitrage(amount, bought, back, repay);
    }

    /// Sends `amountIn` of `tokenIn` to `pair` and takes out what the constant product allows (0.3% fee).
    function _swap(IUniswapV2PairLike pair, address tokenIn, uint256 amountIn) private returns (uint256 out) {
        (uint112 r0, uint112 r1, ) = pair.getReserves();
        bool inIs0 = pair.token0() == tokenIn;
        (uint256 reserveIn, uint256 reserveOut) = inIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        uint256 withFee = amountIn * 997;
        out = (withFee * reserveOut) / (reserveIn * 1000 + withFee);
        IERC20(tokenIn).transfer(address(pair), amountIn);
        pair.swap(inIs0 ? 0 : out, inIs0 ? out : 0, address(this), "");
    }
}
