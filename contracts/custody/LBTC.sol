// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title lBTC: bitcoin held by the Lanes custody group, as an ERC-20 on Lanes (1 unit = 1 satoshi).
/// @notice Only the bridge that deployed it mints (on a FROST-attested deposit) and burns (on a
/// withdrawal request).
contract LBTC is ERC20 {
    address public immutable bridge;

    error OnlyBridge();

    constructor() ERC20("Lanes BTC", "lBTC") {
        bridge = msg.sender;
    }

    function decimals() public pure override returns (uint8) {
        return 8;
    }

    function mint(address to, uint256 amount) external {
        if (msg.sender != bridge) revert OnlyBridge();
        _mint(to, amount);
    }

    function burnFrom(address from, uint256 amount) external {
        if (msg.sender != bridge) revert OnlyBridge();
        _burn(from, amount);
    }
}
