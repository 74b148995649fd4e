// SPDX-License-Identifier: MIT
// Benchmark ERC-721: OpenZeppelin's ERC721 as is, plus a public, unrestricted mint of a caller-chosen id.
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

contract BenchNFT is ERC721 {
    constructor() ERC721("Lanes Bench NFT", "LBN") {}

    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
