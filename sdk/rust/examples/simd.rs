// Co-processor example: int8 vector math on the SIMD co-processor from a WebAssembly contract. `dot`
// returns the dot product of two int8 vectors; `classify` runs one dense layer (W x) and returns the index
// of its largest output, as an inference contract's last step would. The same contract is in
// AssemblyScript and C.
// @abi function dot(bytes a, bytes b) returns (int32)
// @abi function classify(bytes w, uint256 rows, uint256 cols, bytes x) returns (uint256)
#![no_std]
use lanes::{entrypoint, ret_u256, revert_message, simd_argmax, simd_dot, simd_mat_vec, Calldata, Output, U256};

fn signed(v: i32) -> U256 {
    let ext = if v < 0 { u64::MAX } else { 0 };
    U256([v as i64 as u64, ext, ext, ext])
}

fn handle(args: Calldata) -> Result<Output, Output> {
    match args.selector() {
        0x03421bcb => Ok(ret_u256(signed(simd_dot(args.bytes(0), args.bytes(1))))), // dot(bytes,bytes)
        0x83119379 => {
            // classify(bytes,uint256,uint256,bytes)
            let (rows, cols) = (args.word(1), args.word(2));
            if rows.0[1] | rows.0[2] | rows.0[3] | cols.0[1] | cols.0[2] | cols.0[3] != 0 {
                revert_message("shape too large");
            }
            let y = simd_mat_vec(args.bytes(0), rows.0[0], cols.0[0], args.bytes(3));
            Ok(ret_u256(U256::from_u64(simd_argmax(y) as u64)))
        }
        _ => Err(&[]),
    }
}

entrypoint!(handle);
