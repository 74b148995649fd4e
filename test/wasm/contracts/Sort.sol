// SPDX-License-Identifier: MIT
// The compute benchmark in Solidity: the same LCG and heap sort as sdk/*/examples/sort.*.
pragma solidity ^0.8.24;

contract Sort {
    function sortChecksum(uint256 seed, uint256 n) external pure returns (uint256) {
        require(n <= 100000, "n too large");
        uint64[] memory a = new uint64[](n);
        unchecked {
            uint64 x = uint64(seed);
            for (uint256 i = 0; i < n; i++) {
                x = x * 6364136223846793005 + 1442695040888963407;
                a[i] = x;
            }
            for (uint256 start = n / 2; start > 0; start--) siftDown(a, start - 1, n);
            for (uint256 end = n; end > 1; end--) {
                (a[0], a[end - 1]) = (a[end - 1], a[0]);
                siftDown(a, 0, end - 1);
            }
            uint64 sum = 0;
            for (uint256 i = 0; i < n; i++) sum += a[i] * uint64(i + 1);
            return sum;
        }
    }

    function siftDown(uint64[] memory a, uint256 start, uint256 end) private pure {
        unchecked {
            uint256 root = start;
            while (true) {
                uint256 child = 2 * root + 1;
                if (child >= end) return;
                if (child + 1 < end && a[child] < a[child + 1]) child++;
                if (a[root] >= a[child]) return;
                (a[root], a[child]) = (a[child], a[root]);
                root = child;
            }
        }
    }
}
