// The Lanes AssemblyScript SDK: write contracts that run beside Solidity on Lanes (and on Arbitrum Stylus:
// the host functions are Stylus's vm_hooks). A contract exports `user_entrypoint(len: i32): i32`, reads its
// calldata with Calldata.read(len), dispatches on the selector, and returns 0 (success) or reverts.
export * from "./abi";
export * from "./call";
export * from "./coprocessors";
export * from "./context";
export * from "./events";
export * from "./revert";
export * from "./storage";
export * from "./u256";
export * from "./hostio";
