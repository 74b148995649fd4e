// Compute-heavy example: generate n pseudo-random 64-bit numbers (an LCG from `seed`), heap-sort them and
// return a checksum of the sorted order. The same algorithm is in the AssemblyScript, C and Solidity
// versions, so results must be equal and gas and time comparable (npm run bench:wasm).
// @abi function sortChecksum(uint256 seed, uint256 n) returns (uint256)
#![no_std]
use lanes::{entrypoint, heap, ret_u256, revert_message, Calldata, Output, U256};

fn sift_down(a: &mut [u64], start: usize, end: usize) {
    let mut root = start;
    loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && a[child] < a[child + 1] {
            child += 1;
        }
        if a[root] >= a[child] {
            return;
        }
        a.swap(root, child);
        root = child;
    }
}

fn sort_checksum(seed: u64, n: usize) -> u64 {
    let bytes = heap::alloc(n * 8);
    let a = unsafe { core::slice::from_raw_parts_mut(bytes.as_mut_ptr() as *mut u64, n) };
    let mut x = seed;
    for v in a.iter_mut() {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        *v = x;
    }
    for start in (0..n / 2).rev() {
        sift_down(a, start, n);
    }
    for end in (1..n).rev() {
        a.swap(0, end);
        sift_down(a, 0, end);
    }
    let mut sum: u64 = 0;
    for (i, v) in a.iter().enumerate() {
        sum = sum.wrapping_add(v.wrapping_mul(i as u64 + 1));
    }
    sum
}

fn handle(args: Calldata) -> Result<Output, Output> {
    match args.selector() {
        0x202acdc9 => {
            let n = args.word(1);
            if n.0[1] | n.0[2] | n.0[3] != 0 || n.0[0] > 100_000 {
                revert_message("n too large");
            }
            Ok(ret_u256(U256::from_u64(sort_checksum(args.word(0).low_u64(), n.0[0] as usize))))
        }
        _ => Err(&[]),
    }
}

entrypoint!(handle);
