// A counter: the smallest useful contract. Storage slot 0 holds the number.
// @abi function number() view returns (uint256)
// @abi function increment()
// @abi function setNumber(uint256 value)
// @abi event Incremented(address indexed by, uint256 number)
import {
  Calldata,
  emitEvent,
  msgSender,
  returnNothing,
  returnU256,
  sload,
  sstore,
  U256,
  u256FromHex,
  unknownSelector,
} from "lanes";

// keccak256("Incremented(address,uint256)")
const INCREMENTED = "0x38ac789ed44572701765277c4d0970f2db1c1a571ed39e84358095ae4eaa5420";

export function user_entrypoint(len: i32): i32 {
  const args = Calldata.read(len);
  const sel = args.selector();
  const slot = new U256(0);
  if (sel == 0x8381f58a) return returnU256(sload(slot)); // number()
  if (sel == 0xd09de08a) {
    // increment()
    const next = sload(slot).checkedAdd(U256.fromU64(1));
    sstore(slot, next);
    emitEvent([u256FromHex(INCREMENTED), msgSender()], [next]);
    return returnNothing();
  }
  if (sel == 0x3fb5c1cb) {
    // setNumber(uint256)
    sstore(slot, args.word(0));
    return returnNothing();
  }
  return unknownSelector();
}
