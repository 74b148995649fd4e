// The call-matrix probe in Rust (same ABI and behaviour as probe.ts, probe.c and Probe.sol).
// @abi function setValue(uint256 v)
// @abi function value() view returns (uint256)
// @abi function forward(address target, bytes data) payable returns (bool ok, bytes ret)
// @abi function forwardStatic(address target, bytes data) returns (bool ok, bytes ret)
// @abi function forwardDelegate(address target, bytes data) payable returns (bool ok, bytes ret)
// @abi function fail(uint256 code)
// @abi function context() payable returns (address self, address sender, uint256 value, uint256 stored)
// @abi function bump(address other, uint256 depth) returns (uint256)
// @abi error Failure(uint256 code, address at)
#![no_std]
use lanes::{
    call, entrypoint, msg_sender, msg_value, ret_bool_bytes, ret_u256, revert, revert_error, sload, sstore,
    this_address, CallKind, Calldata, Output, Writer, U256,
};

fn forward(args: Calldata, kind: CallKind) -> Output {
    let value = match kind {
        CallKind::Call => msg_value(),
        _ => U256::ZERO,
    };
    let r = call(kind, args.address(0), args.bytes(1), value, u64::MAX);
    ret_bool_bytes(r.success, r.data)
}

fn handle(args: Calldata) -> Result<Output, Output> {
    match args.selector() {
        0x55241077 => {
            sstore(U256::ZERO, args.word(0));
            Ok(&[])
        }
        0x3fa4f245 => Ok(ret_u256(sload(U256::ZERO))),
        0x6fadcf72 => Ok(forward(args, CallKind::Call)),
        0x1042c9f3 => Ok(forward(args, CallKind::Static)),
        0x26929eb6 => Ok(forward(args, CallKind::Delegate)),
        0x132e4f3c => revert_error(0x73f6e924, &[args.word(0), this_address()]),
        0xd0496d6a => Ok(Writer::new(128)
            .word(this_address())
            .word(msg_sender())
            .word(msg_value())
            .word(sload(U256::ZERO))
            .into_slice()),
        0x7f0ee7cb => {
            let slot = U256::from_u64(1);
            sstore(slot, sload(slot).checked_add_or_panic(U256::from_u64(1)));
            let depth = args.word(1);
            if !depth.is_zero() {
                let data = Writer::new(68)
                    .selector(0x7f0ee7cb)
                    .word(this_address())
                    .word(depth.overflowing_sub(U256::from_u64(1)).0);
                let r = call(CallKind::Call, args.address(0), data.bytes(), U256::ZERO, u64::MAX);
                if !r.success {
                    revert(r.data);
                }
            }
            Ok(ret_u256(sload(slot)))
        }
        _ => Err(&[]),
    }
}

entrypoint!(handle);
