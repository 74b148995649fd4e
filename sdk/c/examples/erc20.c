// An ERC-20 token that behaves as OpenZeppelin's ERC20 (v5): the same storage layout (balances at slot 0,
// allowances at slot 1, total supply at slot 2), events and custom errors, plus an unrestricted
// `mint` for tests and benchmarks (a real token would restrict it).
// @abi function name() view returns (string)
// @abi function symbol() view returns (string)
// @abi function decimals() view returns (uint8)
// @abi function totalSupply() view returns (uint256)
// @abi function balanceOf(address account) view returns (uint256)
// @abi function allowance(address owner, address spender) view returns (uint256)
// @abi function transfer(address to, uint256 value) returns (bool)
// @abi function approve(address spender, uint256 value) returns (bool)
// @abi function transferFrom(address from, address to, uint256 value) returns (bool)
// @abi function mint(address to, uint256 value)
// @abi event Transfer(address indexed from, address indexed to, uint256 value)
// @abi event Approval(address indexed owner, address indexed spender, uint256 value)
// @abi error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)
// @abi error ERC20InvalidSender(address sender)
// @abi error ERC20InvalidReceiver(address receiver)
// @abi error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)
// @abi error ERC20InvalidApprover(address approver)
// @abi error ERC20InvalidSpender(address spender)
#include "lanes.h"

static const u256 TRANSFER =
    U256_BE(0xddf252ad1be2c89bull, 0x69c2b068fc378daaull, 0x952ba7f163c4a116ull, 0x28f55a4df523b3efull);
static const u256 APPROVAL =
    U256_BE(0x8c5be1e5ebec7d5bull, 0xd14f71427d1e84f3ull, 0xdd0314c0f7b2291eull, 0x5b200ac8c7c3b925ull);
static const u256 ZERO = {{0, 0, 0, 0}};
static const u256 MAX = {{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX}};

#define BALANCES u256_from_u64(0)
#define ALLOWANCES u256_from_u64(1)
#define TOTAL_SUPPLY u256_from_u64(2)

static u256 balance_slot(u256 account) { return lanes_map_slot(BALANCES, account); }
static u256 allowance_slot(u256 owner, u256 spender) {
  return lanes_map_slot(lanes_map_slot(ALLOWANCES, owner), spender);
}

/* OpenZeppelin's _update: moves (or mints, or burns) `value` and emits Transfer. */
static void update(u256 from, u256 to, u256 value) {
  if (u256_is_zero(from)) {
    lanes_sstore(TOTAL_SUPPLY, u256_checked_add(lanes_sload(TOTAL_SUPPLY), value));
  } else {
    u256 slot = balance_slot(from);
    u256 balance = lanes_sload(slot);
    if (u256_lt(balance, value)) {
      u256 words[3] = {from, balance, value};
      lanes_revert_error(0xe450d38c, words, 3);
    }
    lanes_sstore(slot, u256_sub(balance, value));
  }
  if (u256_is_zero(to)) {
    lanes_sstore(TOTAL_SUPPLY, u256_sub(lanes_sload(TOTAL_SUPPLY), value));
  } else {
    u256 slot = balance_slot(to);
    lanes_sstore(slot, u256_add(lanes_sload(slot), value));
  }
  u256 topics[3] = {TRANSFER, from, to};
  lanes_emit(topics, 3, &value, 1);
}

static void transfer(u256 from, u256 to, u256 value) {
  if (u256_is_zero(from)) lanes_revert_error(0x96c6fd1e, &ZERO, 1);
  if (u256_is_zero(to)) lanes_revert_error(0xec442f05, &ZERO, 1);
  update(from, to, value);
}

static void approve(u256 owner, u256 spender, u256 value, bool emit) {
  if (u256_is_zero(owner)) lanes_revert_error(0xe602df05, &ZERO, 1);
  if (u256_is_zero(spender)) lanes_revert_error(0x94280d62, &ZERO, 1);
  lanes_sstore(allowance_slot(owner, spender), value);
  if (emit) {
    u256 topics[3] = {APPROVAL, owner, spender};
    lanes_emit(topics, 3, &value, 1);
  }
}

static int return_string(const char *text) {
  size_t n = 0;
  while (text[n]) n++;
  size_t len = 64 + ((n + 31) & ~(size_t)31);
  uint8_t *buf = (uint8_t *)lanes_alloc(len);
  __builtin_memset(buf, 0, len);
  buf[31] = 0x20;
  buf[63] = (uint8_t)n;
  __builtin_memcpy(buf + 64, text, n);
  return lanes_return_bytes(buf, len);
}

static int handle(lanes_calldata args) {
  // Every function is non-payable, as in the Solidity token.
  if (!u256_is_zero(lanes_msg_value())) lanes_revert_bytes(0, 0);
  switch (lanes_selector(args)) {
  case 0xa9059cbb: // transfer(address,uint256)
    transfer(lanes_msg_sender(), lanes_arg_address(args, 0), lanes_arg(args, 1));
    return lanes_return_bool(true);
  case 0x70a08231: // balanceOf(address)
    return lanes_return_u256(lanes_sload(balance_slot(lanes_arg_address(args, 0))));
  case 0x23b872dd: { // transferFrom(address,address,uint256)
    u256 from = lanes_arg_address(args, 0), to = lanes_arg_address(args, 1), value = lanes_arg(args, 2);
    u256 spender = lanes_msg_sender();
    u256 current = lanes_sload(allowance_slot(from, spender));
    if (!u256_eq(current, MAX)) {
      if (u256_lt(current, value)) {
        u256 words[3] = {spender, current, value};
        lanes_revert_error(0xfb8f41b2, words, 3);
      }
      approve(from, spender, u256_sub(current, value), false);
    }
    transfer(from, to, value);
    return lanes_return_bool(true);
  }
  case 0x095ea7b3: // approve(address,uint256)
    approve(lanes_msg_sender(), lanes_arg_address(args, 0), lanes_arg(args, 1), true);
    return lanes_return_bool(true);
  case 0xdd62ed3e: // allowance(address,address)
    return lanes_return_u256(lanes_sload(allowance_slot(lanes_arg_address(args, 0), lanes_arg_address(args, 1))));
  case 0x18160ddd: // totalSupply()
    return lanes_return_u256(lanes_sload(TOTAL_SUPPLY));
  case 0x40c10f19: { // mint(address,uint256)
    u256 to = lanes_arg_address(args, 0);
    if (u256_is_zero(to)) lanes_revert_error(0xec442f05, &ZERO, 1);
    update(ZERO, to, lanes_arg(args, 1));
    return 0;
  }
  case 0x06fdde03: // name()
    return return_string("Lanes C Token");
  case 0x95d89b41: // symbol()
    return return_string("LCT");
  case 0x313ce567: // decimals()
    return lanes_return_u256(u256_from_u64(18));
  default:
    return lanes_unknown_selector();
  }
}

LANES_ENTRYPOINT(handle)
