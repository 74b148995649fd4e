// The call-matrix probe in C (same ABI and behaviour as probe.ts, probe.rs and Probe.sol).
// @abi function setValue(uint256 v)
// @abi function value() view returns (uint256)
// @abi function forward(address target, bytes data) payable returns (bool ok, bytes ret)
// @abi function forwardStatic(address target, bytes data) returns (bool ok, bytes ret)
// @abi function forwardDelegate(address target, bytes data) payable returns (bool ok, bytes ret)
// @abi function fail(uint256 code)
// @abi function context() payable returns (address self, address sender, uint256 value, uint256 stored)
// @abi function bump(address other, uint256 depth) returns (uint256)
// @abi error Failure(uint256 code, address at)
#include "lanes.h"

static int forward(lanes_calldata args, enum lanes_call_kind kind) {
  lanes_calldata data = lanes_arg_bytes(args, 1);
  u256 value = kind == LANES_CALL ? lanes_msg_value() : u256_from_u64(0);
  lanes_result r = lanes_call_kind(kind, lanes_arg_address(args, 0), data.ptr, data.len, value, UINT64_MAX);
  return lanes_return_bool_bytes(r.success, r.data, r.len);
}

static int handle(lanes_calldata args) {
  switch (lanes_selector(args)) {
  case 0x55241077: // setValue(uint256)
    lanes_sstore(u256_from_u64(0), lanes_arg(args, 0));
    return 0;
  case 0x3fa4f245: // value()
    return lanes_return_u256(lanes_sload(u256_from_u64(0)));
  case 0x6fadcf72: // forward(address,bytes)
    return forward(args, LANES_CALL);
  case 0x1042c9f3: // forwardStatic(address,bytes)
    return forward(args, LANES_STATIC_CALL);
  case 0x26929eb6: // forwardDelegate(address,bytes)
    return forward(args, LANES_DELEGATE_CALL);
  case 0x132e4f3c: { // fail(uint256)
    u256 words[2] = {lanes_arg(args, 0), lanes_this()};
    lanes_revert_error(0x73f6e924, words, 2);
  }
  case 0xd0496d6a: { // context()
    uint8_t *out = (uint8_t *)lanes_alloc(128);
    u256_store(lanes_this(), out);
    u256_store(lanes_msg_sender(), out + 32);
    u256_store(lanes_msg_value(), out + 64);
    u256_store(lanes_sload(u256_from_u64(0)), out + 96);
    return lanes_return_bytes(out, 128);
  }
  case 0x7f0ee7cb: { // bump(address,uint256)
    u256 slot = u256_from_u64(1);
    lanes_sstore(slot, u256_checked_add(lanes_sload(slot), u256_from_u64(1)));
    u256 depth = lanes_arg(args, 1);
    if (!u256_is_zero(depth)) {
      uint8_t data[68];
      *(uint32_t *)data = __builtin_bswap32(0x7f0ee7cb);
      u256_store(lanes_this(), data + 4);
      u256_store(u256_sub(depth, u256_from_u64(1)), data + 36);
      lanes_result r = lanes_call(lanes_arg_address(args, 0), data, 68, u256_from_u64(0));
      if (!r.success) lanes_revert_bytes(r.data, r.len);
    }
    return lanes_return_u256(lanes_sload(slot));
  }
  default:
    return lanes_unknown_selector();
  }
}

LANES_ENTRYPOINT(handle)
