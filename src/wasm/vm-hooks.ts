// The vm_hooks host functions (Stylus's names and signatures), implemented on the EVM's host seam. Each
// charges its ink (pricing.ts) and, for EVM-equivalent work, the EVM's gas with the EVM's rules: EIP-2929
// warm/cold access, EIP-2200/3529 SSTORE costs and refunds, LOG costs, the CALL 63/64 rule and value
// stipend, CREATE/CREATE2 init-code costs. Writes in a static frame halt with write protection.
// Storage writes go straight to the transaction's journal (storage_flush_cache has nothing to flush), so
// reads, nested calls and reentrant calls always see them, as in the EVM.
import { delegationTarget } from "../evm/delegation.js";
import { maxInitcodeSizeOf } from "../evm/forks.js";
import {
  G_CALL_STIPEND,
  G_CALL_VALUE,
  G_COLD_ACCOUNT_ACCESS,
  G_COLD_SLOAD,
  G_COPY_WORD,
  G_CREATE,
  G_INITCODE_WORD,
  G_KECCAK_WORD,
  G_LOG,
  G_LOG_DATA,
  G_LOG_TOPIC,
  G_NEW_ACCOUNT,
  G_SSTORE_RESET,
  G_SSTORE_SENTRY,
  G_SSTORE_SET,
  G_WARM_ACCESS,
  R_SSTORE_CLEARS,
} from "../evm/gas-constants.js";
import { CallKind, type MessageCallKind } from "../evm/message.js";
import { bigIntToBytes, bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { current, ExitEarly, OUT_OF_GAS, setCurrent, type WasmCall, WasmHalt } from "./call-context.js";
import { HOST_MODULE } from "./host-abi.js";
import { WASM_PARAMS } from "./params.js";
import {
  ADD_MOD_INK,
  DIV_INK,
  EVM_API_INK,
  HOSTIO_INK,
  keccakPrice,
  MUL_MOD_INK,
  memoryGas,
  PTR_INK,
  powPrice,
  readPrice,
  writePrice,
} from "./pricing.js";

const EMPTY = new Uint8Array(0);
const WORD_MASK = (1n << 256n) - 1n;

function call(): WasmCall {
  return current!;
}

function readWord(c: WasmCall, ptr: number): bigint {
  return bytesToBigInt(c.read(ptr, 32));
}

function writeWord(c: WasmCall, ptr: number, value: bigint): void {
  c.write(ptr, bigIntToBytes(value & WORD_MASK, 32));
}

function readAddress(c: WasmCall, ptr: number): bigint {
  return bytesToBigInt(c.read(ptr, 20));
}

function writeAddress(c: WasmCall, ptr: number, address: bigint): void {
  c.write(ptr, bigIntToBytes(address, 20));
}

function writeU32(c: WasmCall, ptr: number, value: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  c.write(ptr, b);
}

/** EIP-2929 account access: cold 2,600, warm 100. */
function accessGas(c: WasmCall, address: bigint): number {
  return c.host.warmAddress(address) ? G_COLD_ACCOUNT_ACCESS : G_WARM_ACCESS;
}

function i64(value: bigint): bigint {
  return BigInt.asIntN(64, value);
}

const CALL_BASE_INK = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;

/** call_contract / delegate_call_contract / static_call_contract. Returns 0 on success, 1 on failure. */
function contractCall(
  kind: MessageCallKind,
  contractPtr: number,
  dataPtr: number,
  dataLen: number,
  valuePtr: number | undefined,
  gasRequested: bigint,
  retLenPtr: number,
): number {
  const c = call();
  const len = dataLen >>> 0;
  c.buyInk(CALL_BASE_INK + 2 * readPrice(len));
  const target = readAddress(c, contractPtr);
  const input = c.read(dataPtr, len);
  const value = valuePtr === undefined ? 0n : readWord(c, valuePtr);
  const { host, msg } = c;
  if (value !== 0n) c.requireWritable("a call with value");
  let cost = accessGas(c, target);
  // EIP-7702: calling a delegated account also pays to access the delegate's code.
  const delegate = host.rules.eip7702 ? delegationTarget(host.getCode(target)) : undefined;
  if (delegate !== undefined) cost += accessGas(c, delegate);
  if (value !== 0n) {
    cost += G_CALL_VALUE;
    if (host.isDead(target)) cost += G_NEW_ACCOUNT;
  }
  c.buyGas(cost);
  // EIP-150: at most all but one 64th of what is left.
  const gasLeft = c.gasLeft();
  const available = gasLeft - Math.floor(gasLeft / 64);
  let callGas =
    BigInt.asUintN(64, gasRequested) < BigInt(available)
      ? Number(BigInt.asUintN(64, gasRequested))
      : available;
  c.buyGas(callGas);
  if (value !== 0n) callGas += G_CALL_STIPEND;
  c.lendStack();
  const result = host.call({
    kind,
    caller: kind === CallKind.DelegateCall ? msg.caller : msg.to,
    to: kind === CallKind.DelegateCall ? msg.to : target,
    codeAddress: delegate ?? target,
    delegated: delegate !== undefined,
    value: kind === CallKind.DelegateCall ? msg.value : value,
    transfersValue: kind === CallKind.Call,
    input,
    gas: callGas,
    isStatic: msg.isStatic || kind === CallKind.StaticCall,
    depth: msg.depth + 1,
  });
  setCurrent(c);
  c.refundGas(result.gasLeft);
  c.returnData = result.output;
  writeU32(c, retLenPtr, result.output.length);
  return result.success ? 0 : 1;
}

function contractCreate(
  codePtr: number,
  codeLen: number,
  endowmentPtr: number,
  saltPtr: number | undefined,
  contractPtr: number,
  revertLenPtr: number,
): void {
  const c = call();
  const len = codeLen >>> 0;
  c.buyInk(HOSTIO_INK + (saltPtr === undefined ? 3 : 4) * PTR_INK + EVM_API_INK + 2 * readPrice(len));
  c.requireWritable("create");
  const initcode = c.read(codePtr, len);
  const value = readWord(c, endowmentPtr);
  const salt = saltPtr === undefined ? undefined : readWord(c, saltPtr);
  // EIP-3860's limit, or twice a devnet's --code-size-limit (ForkRules.maxCodeSize), as CREATE has it.
  const limit = maxInitcodeSizeOf(c.host.rules);
  if (len > limit) throw new WasmHalt(`initcode of ${len} bytes exceeds ${limit}`);
  const words = Math.ceil(len / 32);
  c.buyGas(G_CREATE + G_INITCODE_WORD * words + (salt === undefined ? 0 : G_KECCAK_WORD * words));
  const gasLeft = c.gasLeft();
  const callGas = gasLeft - Math.floor(gasLeft / 64);
  c.buyGas(callGas);
  const { host, msg } = c;
  c.lendStack();
  const result = host.create({
    kind: salt === undefined ? CallKind.Create : CallKind.Create2,
    caller: msg.to,
    value,
    initcode,
    gas: callGas,
    depth: msg.depth + 1,
    salt: salt ?? 0n,
  });
  setCurrent(c);
  c.refundGas(result.gasLeft);
  c.returnData = result.success ? EMPTY : result.output;
  writeAddress(c, contractPtr, result.success ? result.createdAddress! : 0n);
  writeU32(c, revertLenPtr, c.returnData.length);
}

/** (base ** exponent) mod 2^256 by squaring. */
function powMod256(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = base;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) & WORD_MASK;
    b = (b * b) & WORD_MASK;
    e >>= 1n;
  }
  return result;
}

/** The import object every instance is linked with: `vm_hooks` functions working on `current`. */
export const VM_HOOKS = {
  read_args(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + writePrice(c.msg.input.length));
    c.write(ptr, c.msg.input);
  },
  write_result(ptr: number, len: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 2 * readPrice(len >>> 0));
    c.output = c.read(ptr, len);
  },
  exit_early(status: number): void {
    throw new ExitEarly(status >>> 0);
  },
  storage_load_bytes32(keyPtr: number, destPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 2 * PTR_INK);
    const slot = readWord(c, keyPtr);
    const { host, msg } = c;
    c.buyGas(host.warmSlot(msg.to, slot) ? G_COLD_SLOAD : G_WARM_ACCESS);
    writeWord(c, destPtr, host.getStorage(msg.to, slot));
  },
  storage_cache_bytes32(keyPtr: number, valuePtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 2 * PTR_INK);
    c.requireWritable("storage write");
    // EIP-2200: SSTORE needs more than the call stipend left.
    if (c.gasLeft() <= G_SSTORE_SENTRY) throw new WasmHalt(OUT_OF_GAS);
    const slot = readWord(c, keyPtr);
    const value = readWord(c, valuePtr);
    const { host, msg } = c;
    const address = msg.to;
    let cost = host.warmSlot(address, slot) ? G_COLD_SLOAD : 0;
    const now = host.getStorage(address, slot);
    let refund = 0;
    if (now === value) {
      cost += G_WARM_ACCESS;
    } else {
      const original = host.getOriginalStorage(address, slot);
      if (original === now) {
        if (original === 0n) cost += G_SSTORE_SET;
        else {
          cost += G_SSTORE_RESET;
          if (value === 0n) refund += R_SSTORE_CLEARS;
        }
      } else {
        cost += G_WARM_ACCESS;
        if (original !== 0n) {
          if (now === 0n) refund -= R_SSTORE_CLEARS;
          else if (value === 0n) refund += R_SSTORE_CLEARS;
        }
        if (original === value)
          refund += original === 0n ? G_SSTORE_SET - G_WARM_ACCESS : G_SSTORE_RESET - G_WARM_ACCESS;
      }
    }
    c.buyGas(cost);
    if (refund !== 0) host.addRefund(refund);
    if (now !== value) host.setStorage(address, slot, value);
  },
  storage_flush_cache(_clear: number): void {
    call().buyInk(HOSTIO_INK + EVM_API_INK);
  },
  transient_load_bytes32(keyPtr: number, destPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 2 * PTR_INK + EVM_API_INK);
    c.buyGas(G_WARM_ACCESS);
    writeWord(c, destPtr, c.host.getTransient(c.msg.to, readWord(c, keyPtr)));
  },
  transient_store_bytes32(keyPtr: number, valuePtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 2 * PTR_INK + EVM_API_INK);
    c.requireWritable("transient storage write");
    c.buyGas(G_WARM_ACCESS);
    c.host.setTransient(c.msg.to, readWord(c, keyPtr), readWord(c, valuePtr));
  },
  call_contract(
    contract: number,
    data: number,
    len: number,
    value: number,
    gas: bigint,
    retLen: number,
  ): number {
    return contractCall(CallKind.Call, contract, data, len, value, gas, retLen);
  },
  delegate_call_contract(contract: number, data: number, len: number, gas: bigint, retLen: number): number {
    return contractCall(CallKind.DelegateCall, contract, data, len, undefined, gas, retLen);
  },
  static_call_contract(contract: number, data: number, len: number, gas: bigint, retLen: number): number {
    return contractCall(CallKind.StaticCall, contract, data, len, undefined, gas, retLen);
  },
  create1(code: number, len: number, endowment: number, contract: number, revertLen: number): void {
    contractCreate(code, len, endowment, undefined, contract, revertLen);
  },
  create2(
    code: number,
    len: number,
    endowment: number,
    salt: number,
    contract: number,
    revertLen: number,
  ): void {
    contractCreate(code, len, endowment, salt, contract, revertLen);
  },
  read_return_data(destPtr: number, offset: number, size: number): number {
    const c = call();
    const data = c.returnData;
    const start = Math.min(offset >>> 0, data.length);
    const end = Math.min(start + (size >>> 0), data.length);
    c.buyInk(HOSTIO_INK + EVM_API_INK + writePrice(end - start));
    if (end > start) c.write(destPtr, data.subarray(start, end));
    return end - start;
  },
  return_data_size(): number {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return c.returnData.length;
  },
  emit_log(dataPtr: number, len: number, topics: number): void {
    const c = call();
    const n = len >>> 0;
    const t = topics >>> 0;
    c.buyInk(HOSTIO_INK + EVM_API_INK);
    c.requireWritable("emit_log");
    if (t > 4 || n < t * 32) throw new WasmHalt(`emit_log: bad topic data (${t} topics in ${n} bytes)`);
    c.buyInk(readPrice(n));
    c.buyGas(G_LOG + G_LOG_TOPIC * t + G_LOG_DATA * (n - 32 * t));
    const bytes = c.read(dataPtr, n);
    const topicWords: bigint[] = [];
    for (let i = 0; i < t; i++) topicWords.push(bytesToBigInt(bytes.subarray(32 * i, 32 * i + 32)));
    c.host.emitLog({ address: c.msg.to, topics: topicWords, data: bytes.slice(32 * t) });
  },
  account_balance(addressPtr: number, destPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 2 * PTR_INK + EVM_API_INK);
    const address = readAddress(c, addressPtr);
    c.buyGas(accessGas(c, address));
    writeWord(c, destPtr, c.host.getBalance(address));
  },
  account_code(addressPtr: number, offset: number, size: number, destPtr: number): number {
    const c = call();
    c.buyInk(HOSTIO_INK + EVM_API_INK);
    const address = readAddress(c, addressPtr);
    c.buyGas(accessGas(c, address));
    const code = c.host.getCode(address);
    const start = Math.min(offset >>> 0, code.length);
    const end = Math.min(start + (size >>> 0), code.length);
    c.buyInk(writePrice(end - start));
    c.buyGas(G_COPY_WORD * Math.ceil((end - start) / 32));
    if (end > start) c.write(destPtr, code.subarray(start, end));
    return end - start;
  },
  account_code_size(addressPtr: number): number {
    const c = call();
    c.buyInk(HOSTIO_INK + EVM_API_INK);
    const address = readAddress(c, addressPtr);
    c.buyGas(accessGas(c, address));
    return c.host.getCode(address).length;
  },
  account_codehash(addressPtr: number, destPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 2 * PTR_INK + EVM_API_INK);
    const address = readAddress(c, addressPtr);
    c.buyGas(accessGas(c, address));
    const host = c.host;
    c.write(destPtr, host.isDead(address) ? new Uint8Array(32) : host.getCodeHash(address));
  },
  block_basefee(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + PTR_INK);
    writeWord(c, ptr, c.host.env.baseFee);
  },
  block_coinbase(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + PTR_INK);
    writeAddress(c, ptr, c.host.env.coinbase);
  },
  block_gas_limit(): bigint {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return i64(c.host.env.gasLimit);
  },
  block_number(): bigint {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return i64(c.host.env.number);
  },
  block_timestamp(): bigint {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return i64(c.host.env.timestamp);
  },
  chainid(): bigint {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return i64(c.host.env.chainId);
  },
  contract_address(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + PTR_INK);
    writeAddress(c, ptr, c.msg.to);
  },
  evm_gas_left(): bigint {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return BigInt(c.gasLeft());
  },
  evm_ink_left(): bigint {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return BigInt(c.inkLeft());
  },
  math_div(valuePtr: number, divisorPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 3 * PTR_INK + DIV_INK);
    const b = readWord(c, divisorPtr);
    writeWord(c, valuePtr, b === 0n ? 0n : readWord(c, valuePtr) / b);
  },
  math_mod(valuePtr: number, modulusPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 3 * PTR_INK + DIV_INK);
    const b = readWord(c, modulusPtr);
    writeWord(c, valuePtr, b === 0n ? 0n : readWord(c, valuePtr) % b);
  },
  math_pow(valuePtr: number, exponentPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 3 * PTR_INK);
    const exponent = c.read(exponentPtr, 32);
    c.buyInk(powPrice(exponent));
    writeWord(c, valuePtr, powMod256(readWord(c, valuePtr), bytesToBigInt(exponent)));
  },
  math_add_mod(valuePtr: number, addendPtr: number, modulusPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 4 * PTR_INK + ADD_MOD_INK);
    const m = readWord(c, modulusPtr);
    writeWord(c, valuePtr, m === 0n ? 0n : (readWord(c, valuePtr) + readWord(c, addendPtr)) % m);
  },
  math_mul_mod(valuePtr: number, multiplierPtr: number, modulusPtr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + 4 * PTR_INK + MUL_MOD_INK);
    const m = readWord(c, modulusPtr);
    writeWord(c, valuePtr, m === 0n ? 0n : (readWord(c, valuePtr) * readWord(c, multiplierPtr)) % m);
  },
  msg_reentrant(): number {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return c.reentrant ? 1 : 0;
  },
  msg_sender(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + PTR_INK);
    writeAddress(c, ptr, c.msg.caller);
  },
  msg_value(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + PTR_INK);
    writeWord(c, ptr, c.msg.value);
  },
  native_keccak256(inputPtr: number, len: number, outputPtr: number): void {
    const c = call();
    c.buyInk(keccakPrice(len >>> 0));
    c.write(outputPtr, keccak256(c.read(inputPtr, len)));
  },
  tx_gas_price(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + PTR_INK);
    writeWord(c, ptr, c.host.tx.gasPrice);
  },
  tx_ink_price(): number {
    const c = call();
    c.buyInk(HOSTIO_INK);
    return WASM_PARAMS.inkPrice;
  },
  tx_origin(ptr: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK + PTR_INK);
    writeAddress(c, ptr, c.host.tx.origin);
  },
  pay_for_memory_grow(pages: number): void {
    const c = call();
    c.buyInk(HOSTIO_INK);
    const n = pages >>> 0;
    if (n === 0) return;
    const have = c.memory.buffer.byteLength / 65536;
    // A grow past the cap fails (memory.grow returns -1) and is not charged.
    if (have + n > WASM_PARAMS.pageLimit) return;
    const tx = c.tx;
    c.buyGas(memoryGas(n, tx.openPages, tx.everPages));
    tx.openPages += n;
    if (tx.openPages > tx.everPages) tx.everPages = tx.openPages;
    c.pages += n;
  },
};

export const VM_HOOKS_IMPORTS: WebAssembly.Imports = { [HOST_MODULE]: VM_HOOKS };
