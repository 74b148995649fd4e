// Ending a call with revert data: Solidity's Error(string) and Panic(uint256), or a custom error (a 4-byte
// selector and ABI words). write_result sets the output and exit_early(1) stops the contract, reverting.
import { exit_early, write_result } from "./hostio";

export const PANIC_OVERFLOW: u32 = 0x11;

/** Reverts with `len` bytes at `ptr` as revert data. */
export function revertWith(ptr: usize, len: u32): void {
  write_result(ptr, len);
  exit_early(1);
}

/** Reverts with Error(string), the encoding of Solidity's `revert("message")`. */
export function revertMessage(message: string): void {
  const text = String.UTF8.encode(message);
  const n = <u32>text.byteLength;
  const padded = (n + 31) & ~31;
  const len = 4 + 64 + padded;
  const buf = heap.alloc(len);
  memory.fill(buf, 0, len);
  store<u32>(buf, bswap<u32>(0x08c379a0));
  store<u8>(buf + 4 + 31, 0x20);
  store<u32>(buf + 4 + 60, bswap<u32>(n));
  memory.copy(buf + 68, changetype<usize>(text), n);
  revertWith(buf, len);
}

/** Reverts with Panic(code), as Solidity does for overflow (0x11) and other checks. */
export function panic(code: u32): void {
  const buf = heap.alloc(36);
  memory.fill(buf, 0, 36);
  store<u32>(buf, bswap<u32>(0x4e487b71));
  store<u32>(buf + 32, bswap<u32>(code));
  revertWith(buf, 36);
}

/** Called by AssemblyScript for failed assertions and runtime errors: reverts with Error(message). */
export function abort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  revertMessage(message !== null ? message : "abort");
}
