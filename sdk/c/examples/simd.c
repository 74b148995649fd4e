// Co-processor example: int8 vector math on the SIMD co-processor from a WebAssembly contract. `dot`
// returns the dot product of two int8 vectors; `classify` runs one dense layer (W x) and returns the index
// of its largest output, as an inference contract's last step would. The same contract is in
// AssemblyScript and Rust.
// @abi function dot(bytes a, bytes b) returns (int32)
// @abi function classify(bytes w, uint256 rows, uint256 cols, bytes x) returns (uint256)
#include "lanes.h"

static u256 signed_word(int32_t v) {
  uint64_t ext = v < 0 ? UINT64_MAX : 0;
  u256 r = {{(uint64_t)(int64_t)v, ext, ext, ext}};
  return r;
}

static int handle(lanes_calldata args) {
  switch (lanes_selector(args)) {
  case 0x03421bcb: { // dot(bytes,bytes)
    lanes_calldata a = lanes_arg_bytes(args, 0), b = lanes_arg_bytes(args, 1);
    return lanes_return_u256(signed_word(lanes_simd_dot(a.ptr, a.len, b.ptr, b.len)));
  }
  case 0x83119379: { // classify(bytes,uint256,uint256,bytes)
    lanes_calldata w = lanes_arg_bytes(args, 0), x = lanes_arg_bytes(args, 3);
    u256 rows = lanes_arg(args, 1), cols = lanes_arg(args, 2);
    if (rows.limb[1] | rows.limb[2] | rows.limb[3] | cols.limb[1] | cols.limb[2] | cols.limb[3])
      lanes_revert_message("shape too large");
    lanes_calldata y = lanes_simd_mat_vec(w.ptr, w.len, rows.limb[0], cols.limb[0], x.ptr, x.len);
    return lanes_return_u256(u256_from_u64(lanes_simd_argmax(y.ptr, y.len)));
  }
  default:
    return lanes_unknown_selector();
  }
}

LANES_ENTRYPOINT(handle)
