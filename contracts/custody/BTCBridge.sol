// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {FrostSchnorr} from "./FrostSchnorr.sol";
import {LBTC} from "./LBTC.sol";

/// @title BTCBridge: mints lBTC for Bitcoin deposits the FROST custody group attests, and turns lBTC burns
/// into withdrawal requests for the group.
/// @notice A deposit (txid, vout, amount in satoshis, recipient) is minted once, on one BIP340 signature by
/// the group's (untweaked, x-only) key over depositDigest(...), which binds this chain and this bridge.
/// Burning emits WithdrawalRequested; the custody service builds, FROST-signs (Taproot key path) and
/// broadcasts the Bitcoin transaction paying `amount` minus the fee to `btcScript`.
contract BTCBridge {
    LBTC public immutable token;
    /// x-only BIP340 key of the custody group (unchanged by refresh and reshare).
    uint256 public immutable groupKey;
    uint256 public constant MIN_WITHDRAWAL = 10_000; // sats: leaves room for the fee above dust
    uint256 public nextWithdrawal;
    mapping(bytes32 => bool) public minted;

    event DepositMinted(bytes32 indexed txid, uint32 vout, address indexed recipient, uint256 amount);
    event WithdrawalRequested(uint256 indexed id, address indexed from, uint256 amount, bytes btcScript);

    error InvalidGroupKey();
    error InvalidAttestation();
    error AlreadyMinted();
    error BadWithdrawal();

    constructor(uint256 groupKeyX) {
        if (!FrostSchnorr.validKey(groupKeyX)) revert InvalidGroupKey();
        groupKey = groupKeyX;
        token = new LBTC();
    }

    /// @notice What the group signs to attest a deposit.
    function depositDigest(bytes32 txid, uint32 vout, uint256 amount, address recipient) public view returns (bytes32) {
        return keccak256(abi.encodePacked("lanes-btc-bridge/deposit/v1", block.chainid, address(this), txid, vout, amount, recipient));
    }

    /// @param signature BIP340 signature (64 bytes: x(R) || s) by the group key over depositDigest.
    function mint(bytes32 txid, uint32 vout, uint256 amount, address recipient, bytes calldata signature) external {
        if (signature.length != 64 || amount == 0 || recipient == address(0)) revert InvalidAttestation();
        bytes32 outpoint = keccak256(abi.encodePacked(txid, vout));
        if (minted[outpoint]) revert AlreadyMinted();
        uint256 rx = uint256(bytes32(signature[0:32]));
        uint256 s = uint256(bytes32(signature[32:64]));
        if (!FrostSchnorr.verify(groupKey, depositDigest(txid, vout, amount, recipient), rx, s)) revert InvalidAttestation();
        minted[outpoint] = true;
        token.mint(recipient, amount);
        emit DepositMinted(txid, vout, recipient, amount);
    }

    /// @param btcScript the Bitcoin scriptPubKey to pay (checked again by the custody service).
    function burn(uint256 amount, bytes calldata btcScript) external returns (uint256 id) {
        if (amount < MIN_WITHDRAWAL || btcScript.length < 4 || btcScript.length > 42) revert BadWithdrawal();
        token.burnFrom(msg.sender, amount);
        id = nextWithdrawal++;
        emit WithdrawalRequested(id, msg.sender, amount, btcScript);
    }
}
