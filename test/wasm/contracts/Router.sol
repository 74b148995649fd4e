// SPDX-License-Identifier: MIT
// A minimal Uniswap V2 router (the library's getAmountOut, pair lookup through the factory, transferFrom
// into the pair, pair.swap), so the WASM-token swap test goes through Solidity the way users' swaps do.
pragma solidity ^0.8.24;

interface IERC20Like {
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

interface IPairLike {
    function getReserves() external view returns (uint112, uint112, uint32);
    function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes calldata data) external;
    function mint(address to) external returns (uint256);
}

interface IFactoryLike {
    function getPair(address a, address b) external view returns (address);
}

contract Router {
    IFactoryLike public immutable factory;

    constructor(IFactoryLike f) {
        factory = f;
    }

    function getAmountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        require(amountIn > 0 && reserveIn > 0 && reserveOut > 0, "Router: bad amounts");
        uint256 amountInWithFee = amountIn * 997;
        return (amountInWithFee * reserveOut) / (reserveIn * 1000 + amountInWithFee);
    }

    function addLiquidity(address tokenA, address tokenB, uint256 amountA, uint256 amountB, address to)
        external
        returns (uint256 liquidity)
    {
        address pair = factory.getPair(tokenA, tokenB);
        require(pair != address(0), "Router: no pair");
        require(IERC20Like(tokenA).transferFrom(msg.sender, pair, amountA), "Router: transfer A");
        require(IERC20Like(tokenB).transferFrom(msg.sender, pair, amountB), "Router: transfer B");
        liquidity = IPairLike(pair).mint(to);
    }

    function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address tokenIn, address tokenOut, address to)
        external
        returns (uint256 amountOut)
    {
        address pair = factory.getPair(tokenIn, tokenOut);
        require(pair != address(0), "Router: no pair");
        (uint112 r0, uint112 r1,) = IPairLike(pair).getReserves();
        bool inIsToken0 = tokenIn < tokenOut;
        (uint256 reserveIn, uint256 reserveOut) = inIsToken0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        amountOut = getAmountOut(amountIn, reserveIn, reserveOut);
        require(amountOut >= amountOutMin, "Router: insufficient output");
        require(IERC20Like(tokenIn).transferFrom(msg.sender, pair, amountIn), "Router: transfer in");
        (uint256 out0, uint256 out1) = inIsToken0 ? (uint256(0), amountOut) : (amountOut, uint256(0));
        IPairLike(pair).swap(out0, out1, to, new bytes(0));
    }
}
