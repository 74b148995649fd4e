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
import {
  Calldata,
  emitEvent,
  msgSender,
  msgValue,
  returnBool,
  returnNothing,
  returnString,
  returnU256,
  revertError,
  revertWith,
  sload,
  StorageMap,
  sstore,
  U256,
  u256FromHex,
  unknownSelector,
} from "lanes";

const TRANSFER = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
const APPROVAL = "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";

function balances(): StorageMap {
  return new StorageMap(new U256(0));
}
function allowances(): StorageMap {
  return new StorageMap(new U256(1));
}
function totalSupplySlot(): U256 {
  return new U256(2);
}
function maxU256(): U256 {
  return new U256(u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE, u64.MAX_VALUE);
}

/** OpenZeppelin's _update: moves (or mints, or burns) `value` and emits Transfer. */
function update(from: U256, to: U256, value: U256): void {
  if (from.isZero()) {
    sstore(totalSupplySlot(), sload(totalSupplySlot()).checkedAdd(value));
  } else {
    const fromBalance = balances().get(from);
    if (fromBalance.lt(value)) revertError(0xe450d38c, [from, fromBalance, value]);
    balances().set(from, fromBalance.sub(value));
  }
  if (to.isZero()) {
    sstore(totalSupplySlot(), sload(totalSupplySlot()).sub(value));
  } else {
    balances().set(to, balances().get(to).add(value));
  }
  emitEvent([u256FromHex(TRANSFER), from, to], [value]);
}

function transfer(from: U256, to: U256, value: U256): void {
  if (from.isZero()) revertError(0x96c6fd1e, [new U256()]);
  if (to.isZero()) revertError(0xec442f05, [new U256()]);
  update(from, to, value);
}

function approve(owner: U256, spender: U256, value: U256, emit: bool): void {
  if (owner.isZero()) revertError(0xe602df05, [new U256()]);
  if (spender.isZero()) revertError(0x94280d62, [new U256()]);
  allowances().inner(owner).set(spender, value);
  if (emit) emitEvent([u256FromHex(APPROVAL), owner, spender], [value]);
}

export function user_entrypoint(len: i32): i32 {
  const args = Calldata.read(len);
  const sel = args.selector();
  // Every function is non-payable, as in the Solidity token.
  if (!msgValue().isZero()) revertWith(0, 0);
  if (sel == 0xa9059cbb) {
    // transfer(address,uint256)
    transfer(msgSender(), args.address(0), args.word(1));
    return returnBool(true);
  }
  if (sel == 0x70a08231) return returnU256(balances().get(args.address(0))); // balanceOf(address)
  if (sel == 0x23b872dd) {
    // transferFrom(address,address,uint256)
    const from = args.address(0);
    const to = args.address(1);
    const value = args.word(2);
    const spender = msgSender();
    const current = allowances().inner(from).get(spender);
    if (!current.eq(maxU256())) {
      if (current.lt(value)) revertError(0xfb8f41b2, [spender, current, value]);
      approve(from, spender, current.sub(value), false);
    }
    transfer(from, to, value);
    return returnBool(true);
  }
  if (sel == 0x095ea7b3) {
    // approve(address,uint256)
    approve(msgSender(), args.address(0), args.word(1), true);
    return returnBool(true);
  }
  if (sel == 0xdd62ed3e) return returnU256(allowances().inner(args.address(0)).get(args.address(1))); // allowance
  if (sel == 0x18160ddd) return returnU256(sload(totalSupplySlot())); // totalSupply()
  if (sel == 0x40c10f19) {
    // mint(address,uint256)
    const to = args.address(0);
    if (to.isZero()) revertError(0xec442f05, [new U256()]);
    update(new U256(), to, args.word(1));
    return returnNothing();
  }
  if (sel == 0x06fdde03) return returnString("Lanes AssemblyScript Token"); // name()
  if (sel == 0x95d89b41) return returnString("LAST"); // symbol()
  if (sel == 0x313ce567) return returnU256(U256.fromU64(18)); // decimals()
  return unknownSelector();
}
