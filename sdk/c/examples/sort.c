// Compute-heavy example: generate n pseudo-random 64-bit numbers (an LCG from `seed`), heap-sort them and
// return a checksum of the sorted order. The same algorithm is in the AssemblyScript, Rust and Solidity
// versions, so results must be equal and gas and time comparable (npm run bench:wasm).
// @abi function sortChecksum(uint256 seed, uint256 n) returns (uint256)
#include "lanes.h"

static void sift_down(uint64_t *a, size_t start, size_t end) {
  size_t root = start;
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= end) return;
    if (child + 1 < end && a[child] < a[child + 1]) child++;
    if (a[root] >= a[child]) return;
    uint64_t t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}

static uint64_t sort_checksum(uint64_t seed, size_t n) {
  uint64_t *a = (uint64_t *)lanes_alloc(n * sizeof(uint64_t));
  uint64_t x = seed;
  for (size_t i = 0; i < n; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    a[i] = x;
  }
  for (size_t start = n / 2; start-- > 0;) sift_down(a, start, n);
  for (size_t end = n; end-- > 1;) {
    uint64_t t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift_down(a, 0, end);
  }
  uint64_t sum = 0;
  for (size_t i = 0; i < n; i++) sum += a[i] * (uint64_t)(i + 1);
  return sum;
}

static int handle(lanes_calldata args) {
  if (lanes_selector(args) == 0x202acdc9) {
    u256 n = lanes_arg(args, 1);
    if (n.limb[1] | n.limb[2] | n.limb[3] || n.limb[0] > 100000) lanes_revert_message("n too large");
    return lanes_return_u256(u256_from_u64(sort_checksum(lanes_arg(args, 0).limb[0], (size_t)n.limb[0])));
  }
  return lanes_unknown_selector();
}

LANES_ENTRYPOINT(handle)
