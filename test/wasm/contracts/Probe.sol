// SPDX-License-Identifier: MIT
// The call-matrix probe in Solidity (same ABI and behaviour as probe.ts, probe.c and probe.rs).
pragma solidity ^0.8.24;

contract Probe {
    uint256 public value; // slot 0
    uint256 public bumps; // slot 1

    error Failure(uint256 code, address at);

    function setValue(uint256 v) external {
        value = v;
    }

    function forward(address target, bytes calldata data) external payable returns (bool ok, bytes memory ret) {
        (ok, ret) = target.call{value: msg.value}(data);
    }

    function forwardStatic(address target, bytes calldata data) external returns (bool ok, bytes memory ret) {
        (ok, ret) = target.staticcall(data);
    }

    function forwardDelegate(address target, bytes calldata data) external payable returns (bool ok, bytes memory ret) {
        (ok, ret) = target.delegatecall(data);
    }

    function fail(uint256 code) external view {
        revert Failure(code, address(this));
    }

    function context() external payable returns (address self, address sender, uint256 v, uint256 stored) {
        return (address(this), msg.sender, msg.value, value);
    }

    function bump(address other, uint256 depth) external returns (uint256) {
        bumps += 1;
        if (depth > 0) Probe(other).bump(address(this), depth - 1);
        return bumps;
    }
}
