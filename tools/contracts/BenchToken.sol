// SPDX-License-Identifier: MIT
// Benchmark ERC-20: OpenZeppelin's ERC20 as is, plus an initial supply for the deployer and a public,
// unrestricted mint (single and batched) so workload generators can fund any number of holders.
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract BenchToken is ERC20 {
    constructor(uint256 initialSupply) ERC20("Lanes Bench Token", "LBT") {
        _mint(msg.sender, initialSupply);
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function mintBatch(address[] calldata to, uint256[] calldata amounts) external {
        require(to.length == amounts.length, "length mismatch");
        for (uint256 i = 0; i < to.length; i++) {
            _mint(to[i], amounts[i]);
        }
    }
}
