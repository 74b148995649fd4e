// A counter: the smallest useful contract. Storage slot 0 holds the number.
// @abi function number() view returns (uint256)
// @abi function increment()
// @abi function setNumber(uint256 value)
// @abi event Incremented(address indexed by, uint256 number)
#![no_std]
use lanes::{emit, entrypoint, msg_sender, ret_u256, sload, sstore, Calldata, Output, U256};

// keccak256("Incremented(address,uint256)")
const INCREMENTED: U256 =
    U256::from_be_limbs(0x38ac789ed4457270, 0x1765277c4d0970f2, 0xdb1c1a571ed39e84, 0x358095ae4eaa5420);

fn handle(args: Calldata) -> Result<Output, Output> {
    let slot = U256::ZERO;
    match args.selector() {
        0x8381f58a => Ok(ret_u256(sload(slot))), // number()
        0xd09de08a => {
            // increment()
            let next = sload(slot).checked_add_or_panic(U256::from_u64(1));
            sstore(slot, next);
            emit(&[INCREMENTED, msg_sender()], &[next]);
            Ok(&[])
        }
        0x3fb5c1cb => {
            // setNumber(uint256)
            sstore(slot, args.word(0));
            Ok(&[])
        }
        _ => Err(&[]),
    }
}

entrypoint!(handle);
