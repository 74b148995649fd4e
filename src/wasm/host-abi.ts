// The host interface a WebAssembly contract may import: Arbitrum Stylus's `vm_hooks` functions, by the same
// names and WebAssembly signatures (pointers and lengths are i32, gas and ink and block numbers i64), so a
// module built for Stylus links unchanged. Activation rejects any other import.

export const HOST_MODULE = "vm_hooks";

type V = "i32" | "i64";

export interface HostSignature {
  readonly params: readonly V[];
  readonly results: readonly V[];
}

function sig(params: V[], results: V[] = []): HostSignature {
  return { params, results };
}

/** Every vm_hooks function: name -> WebAssembly signature. */
export const HOST_FUNCTIONS: Readonly<Record<string, HostSignature>> = {
  read_args: sig(["i32"]),
  write_result: sig(["i32", "i32"]),
  exit_early: sig(["i32"]),
  storage_load_bytes32: sig(["i32", "i32"]),
  storage_cache_bytes32: sig(["i32", "i32"]),
  storage_flush_cache: sig(["i32"]),
  transient_load_bytes32: sig(["i32", "i32"]),
  transient_store_bytes32: sig(["i32", "i32"]),
  call_contract: sig(["i32", "i32", "i32", "i32", "i64", "i32"], ["i32"]),
  delegate_call_contract: sig(["i32", "i32", "i32", "i64", "i32"], ["i32"]),
  static_call_contract: sig(["i32", "i32", "i32", "i64", "i32"], ["i32"]),
  create1: sig(["i32", "i32", "i32", "i32", "i32"]),
  create2: sig(["i32", "i32", "i32", "i32", "i32", "i32"]),
  read_return_data: sig(["i32", "i32", "i32"], ["i32"]),
  return_data_size: sig([], ["i32"]),
  emit_log: sig(["i32", "i32", "i32"]),
  account_balance: sig(["i32", "i32"]),
  account_code: sig(["i32", "i32", "i32", "i32"], ["i32"]),
  account_code_size: sig(["i32"], ["i32"]),
  account_codehash: sig(["i32", "i32"]),
  block_basefee: sig(["i32"]),
  block_coinbase: sig(["i32"]),
  block_gas_limit: sig([], ["i64"]),
  block_number: sig([], ["i64"]),
  block_timestamp: sig([], ["i64"]),
  chainid: sig([], ["i64"]),
  contract_address: sig(["i32"]),
  evm_gas_left: sig([], ["i64"]),
  evm_ink_left: sig([], ["i64"]),
  math_div: sig(["i32", "i32"]),
  math_mod: sig(["i32", "i32"]),
  math_pow: sig(["i32", "i32"]),
  math_add_mod: sig(["i32", "i32", "i32"]),
  math_mul_mod: sig(["i32", "i32", "i32"]),
  msg_reentrant: sig([], ["i32"]),
  msg_sender: sig(["i32"]),
  msg_value: sig(["i32"]),
  native_keccak256: sig(["i32", "i32", "i32"]),
  tx_gas_price: sig(["i32"]),
  tx_ink_price: sig([], ["i32"]),
  tx_origin: sig(["i32"]),
  pay_for_memory_grow: sig(["i32"]),
};

/** The export every contract must provide: `user_entrypoint(args_len: i32) -> status: i32`. */
export const ENTRYPOINT = "user_entrypoint";
export const MEMORY_EXPORT = "memory";
/** Export and import names with this prefix are reserved for the instrumentation (as in Stylus). */
export const RESERVED_PREFIX = "stylus";

/** Globals the instrumentation adds and exports. */
export const INK_LEFT_EXPORT = "stylus_ink_left";
export const INK_STATUS_EXPORT = "stylus_ink_status";
export const STACK_LEFT_EXPORT = "stylus_stack_left";

/** Values of the status global after a trap: why the instance stopped. */
export const STATUS_OUT_OF_INK = 1;
export const STATUS_OUT_OF_STACK = 2;
