// The call-matrix probe in AssemblyScript (same ABI and behaviour as probe.c, probe.rs and Probe.sol).
// @abi function setValue(uint256 v)
// @abi function value() view returns (uint256)
// @abi function forward(address target, bytes data) payable returns (bool ok, bytes ret)
// @abi function forwardStatic(address target, bytes data) returns (bool ok, bytes ret)
// @abi function forwardDelegate(address target, bytes data) payable returns (bool ok, bytes ret)
// @abi function fail(uint256 code)
// @abi function context() payable returns (address self, address sender, uint256 value, uint256 stored)
// @abi function bump(address other, uint256 depth) returns (uint256)
// @abi error Failure(uint256 code, address at)
import {
  AbiWriter,
  Bytes,
  Calldata,
  call,
  delegateCall,
  msgSender,
  msgValue,
  returnBoolBytes,
  returnNothing,
  returnU256,
  returnWriter,
  revertError,
  revertWith,
  sload,
  sstore,
  staticCall,
  thisAddress,
  U256,
  unknownSelector,
} from "lanes";

function payload(data: Bytes): AbiWriter {
  return new AbiWriter(data.len).bytes(data.ptr, data.len);
}

export function user_entrypoint(len: i32): i32 {
  const args = Calldata.read(len);
  const sel = args.selector();
  if (sel === 0x55241077) {
    sstore(new U256(0), args.word(0));
    return returnNothing();
  }
  if (sel === 0x3fa4f245) return returnU256(sload(new U256(0)));
  if (sel === 0x6fadcf72) {
    const r = call(args.address(0), payload(args.bytes(1)), msgValue());
    return returnBoolBytes(r.success, new Bytes(r.ptr, r.len));
  }
  if (sel === 0x1042c9f3) {
    const r = staticCall(args.address(0), payload(args.bytes(1)));
    return returnBoolBytes(r.success, new Bytes(r.ptr, r.len));
  }
  if (sel === 0x26929eb6) {
    const r = delegateCall(args.address(0), payload(args.bytes(1)));
    return returnBoolBytes(r.success, new Bytes(r.ptr, r.len));
  }
  if (sel === 0x132e4f3c) {
    revertError(0x73f6e924, [args.word(0), thisAddress()]);
    return 1;
  }
  if (sel === 0xd0496d6a) {
    const w = new AbiWriter(128)
      .address(thisAddress())
      .address(msgSender())
      .u256(msgValue())
      .u256(sload(new U256(0)));
    return returnWriter(w);
  }
  if (sel === 0x7f0ee7cb) {
    const slot = new U256(1);
    sstore(slot, sload(slot).checkedAdd(U256.fromU64(1)));
    const depth = args.word(1);
    if (!depth.isZero()) {
      const data = new AbiWriter(68)
        .selector(0x7f0ee7cb)
        .address(thisAddress())
        .u256(depth.sub(U256.fromU64(1)));
      const r = call(args.address(0), data);
      if (!r.success) revertWith(r.ptr, r.len);
    }
    return returnU256(sload(slot));
  }
  return unknownSelector();
}
