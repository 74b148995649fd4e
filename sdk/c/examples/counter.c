// A counter: the smallest useful contract. Storage slot 0 holds the number.
// @abi function number() view returns (uint256)
// @abi function increment()
// @abi function setNumber(uint256 value)
// @abi event Incremented(address indexed by, uint256 number)
#include "lanes.h"

// keccak256("Incremented(address,uint256)")
static const u256 INCREMENTED =
    U256_BE(0x38ac789ed4457270ull, 0x1765277c4d0970f2ull, 0xdb1c1a571ed39e84ull, 0x358095ae4eaa5420ull);

static int handle(lanes_calldata args) {
  u256 slot = u256_from_u64(0);
  switch (lanes_selector(args)) {
  case 0x8381f58a: // number()
    return lanes_return_u256(lanes_sload(slot));
  case 0xd09de08a: { // increment()
    u256 next = u256_checked_add(lanes_sload(slot), u256_from_u64(1));
    lanes_sstore(slot, next);
    u256 topics[2] = {INCREMENTED, lanes_msg_sender()};
    lanes_emit(topics, 2, &next, 1);
    return 0;
  }
  case 0x3fb5c1cb: // setNumber(uint256)
    lanes_sstore(slot, lanes_arg(args, 0));
    return 0;
  default:
    return lanes_unknown_selector();
  }
}

LANES_ENTRYPOINT(handle)
