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
#![no_std]
use lanes::{
    emit, entrypoint, map_slot, msg_sender, msg_value, ret_bool, ret_u256, revert, revert_error, sload, sstore,
    Calldata, Output, Writer, U256,
};

const TRANSFER: U256 =
    U256::from_be_limbs(0xddf252ad1be2c89b, 0x69c2b068fc378daa, 0x952ba7f163c4a116, 0x28f55a4df523b3ef);
const APPROVAL: U256 =
    U256::from_be_limbs(0x8c5be1e5ebec7d5b, 0xd14f71427d1e84f3, 0xdd0314c0f7b2291e, 0x5b200ac8c7c3b925);
const BALANCES: U256 = U256::from_u64(0);
const ALLOWANCES: U256 = U256::from_u64(1);
const TOTAL_SUPPLY: U256 = U256::from_u64(2);
const MAX: U256 = U256([u64::MAX; 4]);

fn allowance_slot(owner: U256, spender: U256) -> U256 {
    map_slot(map_slot(ALLOWANCES, owner), spender)
}

/// OpenZeppelin's _update: moves (or mints, or burns) `value` and emits Transfer.
fn update(from: U256, to: U256, value: U256) {
    if from.is_zero() {
        sstore(TOTAL_SUPPLY, sload(TOTAL_SUPPLY).checked_add_or_panic(value));
    } else {
        let slot = map_slot(BALANCES, from);
        let balance = sload(slot);
        if balance < value {
            revert_error(0xe450d38c, &[from, balance, value]);
        }
        sstore(slot, balance.overflowing_sub(value).0);
    }
    if to.is_zero() {
        sstore(TOTAL_SUPPLY, sload(TOTAL_SUPPLY).overflowing_sub(value).0);
    } else {
        let slot = map_slot(BALANCES, to);
        sstore(slot, sload(slot).overflowing_add(value).0);
    }
    emit(&[TRANSFER, from, to], &[value]);
}

fn transfer(from: U256, to: U256, value: U256) {
    if from.is_zero() {
        revert_error(0x96c6fd1e, &[U256::ZERO]);
    }
    if to.is_zero() {
        revert_error(0xec442f05, &[U256::ZERO]);
    }
    update(from, to, value);
}

fn approve(owner: U256, spender: U256, value: U256, emit_event: bool) {
    if owner.is_zero() {
        revert_error(0xe602df05, &[U256::ZERO]);
    }
    if spender.is_zero() {
        revert_error(0x94280d62, &[U256::ZERO]);
    }
    sstore(allowance_slot(owner, spender), value);
    if emit_event {
        emit(&[APPROVAL, owner, spender], &[value]);
    }
}

fn string(text: &str) -> Output {
    Writer::new(64 + text.len() + 32)
        .word(U256::from_u64(0x20))
        .word(U256::from_u64(text.len() as u64))
        .padded(text.as_bytes())
        .into_slice()
}

fn handle(args: Calldata) -> Result<Output, Output> {
    // Every function is non-payable, as in the Solidity token.
    if !msg_value().is_zero() {
        revert(&[]);
    }
    match args.selector() {
        0xa9059cbb => {
            transfer(msg_sender(), args.address(0), args.word(1));
            Ok(ret_bool(true))
        }
        0x70a08231 => Ok(ret_u256(sload(map_slot(BALANCES, args.address(0))))),
        0x23b872dd => {
            let (from, to, value) = (args.address(0), args.address(1), args.word(2));
            let spender = msg_sender();
            let current = sload(allowance_slot(from, spender));
            if current != MAX {
                if current < value {
                    revert_error(0xfb8f41b2, &[spender, current, value]);
                }
                approve(from, spender, current.overflowing_sub(value).0, false);
            }
            transfer(from, to, value);
            Ok(ret_bool(true))
        }
        0x095ea7b3 => {
            approve(msg_sender(), args.address(0), args.word(1), true);
            Ok(ret_bool(true))
        }
        0xdd62ed3e => Ok(ret_u256(sload(allowance_slot(args.address(0), args.address(1))))),
        0x18160ddd => Ok(ret_u256(sload(TOTAL_SUPPLY))),
        0x40c10f19 => {
            let to = args.address(0);
            if to.is_zero() {
                revert_error(0xec442f05, &[U256::ZERO]);
            }
            update(U256::ZERO, to, args.word(1));
            Ok(&[])
        }
        0x06fdde03 => Ok(string("Lanes Rust Token")),
        0x95d89b41 => Ok(string("LRT")),
        0x313ce567 => Ok(ret_u256(U256::from_u64(18))),
        _ => Err(&[]),
    }
}

entrypoint!(handle);
