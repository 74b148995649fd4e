// The vm_hooks host functions (Arbitrum Stylus names and signatures). Pointers are offsets into this
// contract's memory; 32-byte words are big-endian, addresses are 20 bytes.

@external("vm_hooks", "read_args")
export declare function read_args(dest: usize): void;
@external("vm_hooks", "write_result")
export declare function write_result(data: usize, len: u32): void;
@external("vm_hooks", "exit_early")
export declare function exit_early(status: u32): void;
@external("vm_hooks", "storage_load_bytes32")
export declare function storage_load_bytes32(key: usize, dest: usize): void;
@external("vm_hooks", "storage_cache_bytes32")
export declare function storage_cache_bytes32(key: usize, value: usize): void;
@external("vm_hooks", "storage_flush_cache")
export declare function storage_flush_cache(clear: u32): void;
@external("vm_hooks", "transient_load_bytes32")
export declare function transient_load_bytes32(key: usize, dest: usize): void;
@external("vm_hooks", "transient_store_bytes32")
export declare function transient_store_bytes32(key: usize, value: usize): void;
@external("vm_hooks", "call_contract")
export declare function call_contract(
  contract: usize,
  calldata: usize,
  calldataLen: u32,
  value: usize,
  gas: u64,
  returnDataLen: usize,
): u32;
@external("vm_hooks", "delegate_call_contract")
export declare function delegate_call_contract(
  contract: usize,
  calldata: usize,
  calldataLen: u32,
  gas: u64,
  returnDataLen: usize,
): u32;
@external("vm_hooks", "static_call_contract")
export declare function static_call_contract(
  contract: usize,
  calldata: usize,
  calldataLen: u32,
  gas: u64,
  returnDataLen: usize,
): u32;
@external("vm_hooks", "create1")
export declare function create1(code: usize, codeLen: u32, endowment: usize, contract: usize, revertDataLen: usize): void;
@external("vm_hooks", "create2")
export declare function create2(
  code: usize,
  codeLen: u32,
  endowment: usize,
  salt: usize,
  contract: usize,
  revertDataLen: usize,
): void;
@external("vm_hooks", "read_return_data")
export declare function read_return_data(dest: usize, offset: u32, size: u32): u32;
@external("vm_hooks", "return_data_size")
export declare function return_data_size(): u32;
@external("vm_hooks", "emit_log")
export declare function emit_log(data: usize, len: u32, topics: u32): void;
@external("vm_hooks", "account_balance")
export declare function account_balance(address: usize, dest: usize): void;
@external("vm_hooks", "account_code")
export declare function account_code(address: usize, offset: u32, size: u32, dest: usize): u32;
@external("vm_hooks", "account_code_size")
export declare function account_code_size(address: usize): u32;
@external("vm_hooks", "account_codehash")
export declare function account_codehash(address: usize, dest: usize): void;
@external("vm_hooks", "block_basefee")
export declare function block_basefee(dest: usize): void;
@external("vm_hooks", "block_coinbase")
export declare function block_coinbase(dest: usize): void;
@external("vm_hooks", "block_gas_limit")
export declare function block_gas_limit(): u64;
@external("vm_hooks", "block_number")
export declare function block_number(): u64;
@external("vm_hooks", "block_timestamp")
export declare function block_timestamp(): u64;
@external("vm_hooks", "chainid")
export declare function chainid(): u64;
@external("vm_hooks", "contract_address")
export declare function contract_address(dest: usize): void;
@external("vm_hooks", "evm_gas_left")
export declare function evm_gas_left(): u64;
@external("vm_hooks", "evm_ink_left")
export declare function evm_ink_left(): u64;
@external("vm_hooks", "msg_reentrant")
export declare function msg_reentrant(): u32;
@external("vm_hooks", "msg_sender")
export declare function msg_sender(dest: usize): void;
@external("vm_hooks", "msg_value")
export declare function msg_value(dest: usize): void;
@external("vm_hooks", "native_keccak256")
export declare function native_keccak256(bytes: usize, len: u32, output: usize): void;
@external("vm_hooks", "tx_gas_price")
export declare function tx_gas_price(dest: usize): void;
@external("vm_hooks", "tx_ink_price")
export declare function tx_ink_price(): u32;
@external("vm_hooks", "tx_origin")
export declare function tx_origin(dest: usize): void;
@external("vm_hooks", "pay_for_memory_grow")
export declare function pay_for_memory_grow(pages: u32): void;
