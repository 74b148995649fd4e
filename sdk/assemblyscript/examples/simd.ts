// Co-processor example: int8 vector math on the SIMD co-processor from a WebAssembly contract. `dot`
// returns the dot product of two int8 vectors; `classify` runs one dense layer (W x) and returns the index
// of its largest output, as an inference contract's last step would. The same contract is in C and Rust.
// @abi function dot(bytes a, bytes b) returns (int32)
// @abi function classify(bytes w, uint256 rows, uint256 cols, bytes x) returns (uint256)
import {
  Calldata,
  returnU256,
  revertMessage,
  simdArgmax,
  simdDot,
  simdMatVec,
  U256,
  unknownSelector,
} from "lanes";

function signed(v: i32): U256 {
  const ext: u64 = v < 0 ? u64.MAX_VALUE : 0;
  return new U256(<u64>(<i64>v), ext, ext, ext);
}

export function user_entrypoint(len: i32): i32 {
  const args = Calldata.read(len);
  const selector = args.selector();
  if (selector === 0x03421bcb) return returnU256(signed(simdDot(args.bytes(0), args.bytes(1))));
  if (selector === 0x83119379) {
    const rows = args.word(1);
    const cols = args.word(2);
    if (rows.hi | rows.m2 | rows.m1 | cols.hi | cols.m2 | cols.m1) revertMessage("shape too large");
    const y = simdMatVec(args.bytes(0), rows.lo, cols.lo, args.bytes(3));
    return returnU256(U256.fromU64(<u64>simdArgmax(y)));
  }
  return unknownSelector();
}
