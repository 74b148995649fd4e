// Block-information opcodes: BLOCKHASH COINBASE TIMESTAMP NUMBER PREVRANDAO GASLIMIT CHAINID BASEFEE
// BLOBHASH BLOBBASEFEE.
import { bytesToBigInt } from "../../primitives/hex.js";
import type { Frame } from "../frame.js";

export function blockhash(f: Frame): void {
  const i = f.sp - 1;
  const n = f.stack[i]!;
  const current = f.host.env.number;
  f.stack[i] = n < current && n + 256n >= current ? f.host.env.blockHash(n) : 0n;
}

export function coinbase(f: Frame): void {
  f.stack[f.sp++] = f.host.env.coinbase;
}

export function timestamp(f: Frame): void {
  f.stack[f.sp++] = f.host.env.timestamp;
}

export function number(f: Frame): void {
  f.stack[f.sp++] = f.host.env.number;
}

export function prevrandao(f: Frame): void {
  f.stack[f.sp++] = f.host.env.prevRandao;
}

export function gaslimit(f: Frame): void {
  f.stack[f.sp++] = f.host.env.gasLimit;
}

export function chainid(f: Frame): void {
  f.stack[f.sp++] = f.host.env.chainId;
}

export function basefee(f: Frame): void {
  f.stack[f.sp++] = f.host.env.baseFee;
}

export function blobhash(f: Frame): void {
  const i = f.sp - 1;
  const index = f.stack[i]!;
  const hashes = f.host.tx.blobHashes;
  f.stack[i] = index < BigInt(hashes.length) ? bytesToBigInt(hashes[Number(index)]!) : 0n;
}

export function blobbasefee(f: Frame): void {
  f.stack[f.sp++] = f.host.env.blobBaseFee;
}
