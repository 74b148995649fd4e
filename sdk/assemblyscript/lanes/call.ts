// Calls to other contracts (EVM or WebAssembly) with ABI calldata; the 63/64 rule applies to `gas`, so
// passing U64.MAX_VALUE forwards all that is allowed. The result keeps the return (or revert) data.
import { call_contract, delegate_call_contract, read_return_data, static_call_contract } from "./hostio";
import { AbiWriter } from "./abi";
import { revertWith } from "./revert";
import { U256 } from "./u256";

export const ALL_GAS: u64 = u64.MAX_VALUE;

const ADDR: usize = memory.data(20);
const VALUE: usize = memory.data(32);
const RET_LEN: usize = memory.data(4);

export class CallResult {
  constructor(
    public success: bool,
    public ptr: usize,
    public len: u32,
  ) {}

  /** The i-th 32-byte word of the return data (zero past its end). */
  word(i: u32): U256 {
    if (<u64>i * 32 + 32 > <u64>this.len) return new U256();
    return U256.load(this.ptr + 32 * i);
  }

  /** Reverts with the callee's revert data (bubbling its error up), unless the call succeeded. */
  orBubble(): CallResult {
    if (!this.success) revertWith(this.ptr, this.len);
    return this;
  }
}

function result(status: u32): CallResult {
  const len = load<u32>(RET_LEN);
  const ptr = heap.alloc(<usize>len);
  if (len > 0) read_return_data(ptr, 0, len);
  return new CallResult(status == 0, ptr, len);
}

export function call(to: U256, data: AbiWriter, value: U256 = new U256(), gas: u64 = ALL_GAS): CallResult {
  to.storeAddress(ADDR);
  value.store(VALUE);
  return result(call_contract(ADDR, data.ptr, data.len, VALUE, gas, RET_LEN));
}

export function staticCall(to: U256, data: AbiWriter, gas: u64 = ALL_GAS): CallResult {
  to.storeAddress(ADDR);
  return result(static_call_contract(ADDR, data.ptr, data.len, gas, RET_LEN));
}

export function delegateCall(to: U256, data: AbiWriter, gas: u64 = ALL_GAS): CallResult {
  to.storeAddress(ADDR);
  return result(delegate_call_contract(ADDR, data.ptr, data.len, gas, RET_LEN));
}
