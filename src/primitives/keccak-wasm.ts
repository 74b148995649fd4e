// Keccak-256 on a small WebAssembly module of our own, emitted as bytes by this file at load (no build step,
// no binary in the repository). The module owns one memory: the 200-byte sponge state at 0, the 24 round
// constants at RC, and an input buffer at BUF. Callers copy their bytes into the buffer, pad the last block
// there, call `absorb` once, and read the hash from the first 32 bytes of the state: one copy in, no
// wrapper object, no output array unless the caller wants one (keccakInto, keccakWord). A general-purpose
// hasher (hash-wasm's init/update/digest) cost about as much in its JavaScript wrapper as in its
// compression function for the short inputs the EVM and the tries hash (docs/evm.md, "The block path").
//
// absorb(ptr, blocks, fresh): XORs `blocks` 136-byte blocks from `ptr` into the state (a zero state when
// `fresh` is 1, else the one in memory), running Keccak-f[1600] after each, and stores the state back.
// The permutation keeps the 25 lanes in locals, unrolled within a round, with a loop over the 24 rounds.

import { encodeModule, I32, I64, sleb, uleb, type ValType } from "./wasm-encoder.js";

const RATE = 136;
const RC = 256;
const BUF = 512;
const PAGES = 2;
/** The input buffer's size: whole blocks that fit in the memory after BUF. */
const CAPACITY = Math.floor((PAGES * 65536 - BUF) / RATE) * RATE;

/** Rotation offsets r[x + 5y] and round constants, computed as FIPS 202 defines them. */
function keccakTables(): { rotation: number[]; roundConstants: bigint[] } {
  const rotation = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    rotation[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  const rcBit = (t: number): number => {
    let r = 1;
    for (let i = 0; i < t % 255; i++) {
      r <<= 1;
      if (r & 0x100) r ^= 0x171;
    }
    return r & 1;
  };
  const roundConstants: bigint[] = [];
  for (let round = 0; round < 24; round++) {
    let rc = 0n;
    for (let j = 0; j <= 6; j++) if (rcBit(j + 7 * round) === 1) rc |= 1n << BigInt(2 ** j - 1);
    roundConstants.push(rc);
  }
  return { rotation, roundConstants };
}

// Opcodes used below.
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I64_CONST = 0x42;
const I64_LOAD = 0x29;
const I64_STORE = 0x37;
const I64_AND = 0x83;
const I64_XOR = 0x85;
const I64_ROTL = 0x89;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_LT_U = 0x49;
const I32_EQZ = 0x45;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR_IF = 0x0d;
const VOID = 0x40;

/** The module's bytes: one function `absorb(ptr: i32, blocks: i32, fresh: i32)` and its memory. */
function keccakModule(): Uint8Array<ArrayBuffer> {
  const { rotation } = keccakTables();
  // Locals: params 0-2, then lanes a (3..27), b (28..52), column parities c (53..57), d (58), rc pointer (59).
  const PTR = 0;
  const BLOCKS = 1;
  const FRESH = 2;
  const a = (i: number) => 3 + i;
  const b = (i: number) => 28 + i;
  const c = (i: number) => 53 + i;
  const D = 58;
  const RCP = 59;
  const code: number[] = [];
  const get = (i: number) => code.push(LOCAL_GET, i);
  const set = (i: number) => code.push(LOCAL_SET, i);
  const load = (offset: number) => code.push(I64_LOAD, 3, ...uleb(offset));

  // Load the state unless starting fresh (locals start at zero).
  get(FRESH);
  code.push(I32_EQZ, IF, VOID);
  for (let i = 0; i < 25; i++) {
    code.push(I32_CONST, 0);
    load(8 * i);
    set(a(i));
  }
  code.push(END);
  code.push(BLOCK, VOID);
  get(BLOCKS);
  code.push(I32_EQZ, BR_IF, 0);
  code.push(LOOP, VOID); // one block per iteration
  for (let i = 0; i < RATE / 8; i++) {
    get(a(i));
    get(PTR);
    load(8 * i);
    code.push(I64_XOR);
    set(a(i));
  }
  code.push(I32_CONST, ...sleb(RC));
  set(RCP);
  code.push(LOOP, VOID); // one round per iteration
  // theta
  for (let x = 0; x < 5; x++) {
    get(a(x));
    for (let y = 1; y < 5; y++) {
      get(a(x + 5 * y));
      code.push(I64_XOR);
    }
    set(c(x));
  }
  for (let x = 0; x < 5; x++) {
    get(c((x + 4) % 5));
    get(c((x + 1) % 5));
    code.push(I64_CONST, 1, I64_ROTL, I64_XOR);
    set(D);
    for (let y = 0; y < 5; y++) {
      get(a(x + 5 * y));
      get(D);
      code.push(I64_XOR);
      set(a(x + 5 * y));
    }
  }
  // rho and pi: B[y, 2x + 3y] = rotl(A[x, y], r[x, y])
  for (let x = 0; x < 5; x++) {
    for (let y = 0; y < 5; y++) {
      get(a(x + 5 * y));
      const r = rotation[x + 5 * y]!;
      if (r !== 0) code.push(I64_CONST, ...sleb(r), I64_ROTL);
      set(b(y + 5 * ((2 * x + 3 * y) % 5)));
    }
  }
  // chi
  for (let y = 0; y < 5; y++) {
    for (let x = 0; x < 5; x++) {
      get(b(x + 5 * y));
      get(b(((x + 1) % 5) + 5 * y));
      code.push(I64_CONST, 0x7f, I64_XOR); // NOT
      get(b(((x + 2) % 5) + 5 * y));
      code.push(I64_AND, I64_XOR);
      set(a(x + 5 * y));
    }
  }
  // iota
  get(a(0));
  get(RCP);
  load(0);
  code.push(I64_XOR);
  set(a(0));
  get(RCP);
  code.push(I32_CONST, 8, I32_ADD, LOCAL_TEE, RCP, I32_CONST, ...sleb(RC + 24 * 8), I32_LT_U, BR_IF, 0);
  code.push(END); // rounds
  get(PTR);
  code.push(I32_CONST, ...sleb(RATE), I32_ADD);
  set(PTR);
  get(BLOCKS);
  code.push(I32_CONST, 1, I32_SUB, LOCAL_TEE, BLOCKS, BR_IF, 0);
  code.push(END); // blocks
  code.push(END); // block
  for (let i = 0; i < 25; i++) {
    code.push(I32_CONST, 0);
    get(a(i));
    code.push(I64_STORE, 3, ...uleb(8 * i));
  }
  // absorb(ptr, blocks, fresh): 56 i64 locals (lanes a and b, column parities c, d), one i32 (rc pointer).
  const locals: ValType[] = [...new Array<ValType>(56).fill(I64), I32];
  return encodeModule(
    [{ name: "absorb", params: [I32, I32, I32], results: [], locals, body: [code] }],
    PAGES,
  );
}

const instance = new WebAssembly.Instance(new WebAssembly.Module(keccakModule()));
const absorb = instance.exports.absorb as (ptr: number, blocks: number, fresh: number) => void;
const memory = instance.exports.memory as WebAssembly.Memory;
/** The memory never grows, so this view stays valid. */
const mem = new Uint8Array(memory.buffer);
const view = new DataView(memory.buffer);
for (const [i, rc] of keccakTables().roundConstants.entries()) view.setBigUint64(RC + 8 * i, rc, true);

/** Absorbs `data[start, end)` with the final padding; the hash is then mem[0, 32). */
function hashRange(data: Uint8Array, start: number, end: number): void {
  let off = start;
  let fresh = 1;
  while (end - off >= CAPACITY) {
    mem.set(data.subarray(off, off + CAPACITY), BUF);
    absorb(BUF, CAPACITY / RATE, fresh);
    fresh = 0;
    off += CAPACITY;
  }
  const rest = end - off;
  if (rest <= 32) {
    for (let i = 0; i < rest; i++) mem[BUF + i] = data[off + i]!;
  } else {
    mem.set(off === 0 && end === data.length ? data : data.subarray(off, end), BUF);
  }
  const blocks = Math.floor(rest / RATE) + 1;
  const last = BUF + blocks * RATE;
  mem.fill(0, BUF + rest, last);
  mem[BUF + rest] = 0x01;
  mem[last - 1]! |= 0x80;
  absorb(BUF, blocks, fresh);
}

/** keccak256(data[start, end)) written at out[pos, pos + 32). */
export function keccakInto(data: Uint8Array, start: number, end: number, out: Uint8Array, pos: number): void {
  hashRange(data, start, end);
  for (let i = 0; i < 32; i++) out[pos + i] = mem[i]!;
}

/** keccak256(data) as a new 32-byte array. */
export function keccak(data: Uint8Array): Uint8Array {
  hashRange(data, 0, data.length);
  return mem.slice(0, 32);
}

/** keccak256(data[start, end)) as a 256-bit big-endian integer (no intermediate array). */
export function keccakWord(data: Uint8Array, start: number, end: number): bigint {
  hashRange(data, start, end);
  // The state holds little-endian lanes; the hash is its first 32 bytes read big-endian.
  return (
    (view.getBigUint64(0, false) << 192n) |
    (view.getBigUint64(8, false) << 128n) |
    (view.getBigUint64(16, false) << 64n) |
    view.getBigUint64(24, false)
  );
}
