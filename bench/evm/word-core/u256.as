// AssemblyScript source (compiled in-process by bench/evm/word-core/load.ts): 256-bit EVM word arithmetic
// on a stack kept in WebAssembly linear memory, the prototype of issue 12 item 2 alternative (c).
// A word is 8 little-endian u32 limbs (32 bytes: the number's little-endian bytes). Every function takes p,
// the byte address of the top item a; b is at p - 32 and N (ADDMOD/MULMOD) at p - 64. The result replaces
// the deepest operand, as the EVM pops the operands and pushes the result. Memory map: the 1,024-slot
// stack from STACK_BASE, then the division scratch (U, V, Q, UN, VN).

// STACK_BASE = 1024 (load.ts); the scratch follows the stack.
// Scratch layout (byte addresses).
const U: usize = 1024 + 1024 * 32;      // dividend, up to 17 limbs
const V: usize = U + 4 * 20;           // divisor, 8 limbs
const Q: usize = V + 4 * 12;           // quotient, up to 16 limbs
const UN: usize = Q + 4 * 20;          // normalized dividend, 17 limbs
const VN: usize = UN + 4 * 20;         // normalized divisor, 8 limbs

@inline function ld(p: usize, i: i32): u64 { return <u64>load<u32>(p + (<usize>i << 2)); }
@inline function st(p: usize, i: i32, v: u64): void { store<u32>(p + (<usize>i << 2), <u32>v); }

export function add(p: usize): void {
  const b = p - 32;
  let c: u64 = 0;
  for (let i = 0; i < 8; i++) { const t = ld(p, i) + ld(b, i) + c; st(b, i, t); c = t >> 32; }
}

export function sub(p: usize): void {
  // a - b into b's slot
  const b = p - 32;
  let borrow: i64 = 0;
  for (let i = 0; i < 8; i++) { const t = <i64>ld(p, i) - <i64>ld(b, i) - borrow; st(b, i, <u64>t); borrow = (t >> 32) & 1; }
}

export function mul(p: usize): void {
  const b = p - 32;
  // r = a * b mod 2^256, accumulate in U scratch (8 limbs)
  for (let k = 0; k < 8; k++) st(U, k, 0);
  for (let i = 0; i < 8; i++) {
    const ai = ld(p, i);
    if (ai == 0) continue;
    let c: u64 = 0;
    for (let j = 0; j < 8 - i; j++) {
      const t = ld(U, i + j) + ai * ld(b, j) + c;
      st(U, i + j, t);
      c = t >> 32;
    }
  }
  memory.copy(b, U, 32);
}

export function xor(p: usize): void {
  const b = p - 32;
  store<u64>(b, load<u64>(b) ^ load<u64>(p));
  store<u64>(b + 8, load<u64>(b + 8) ^ load<u64>(p + 8));
  store<u64>(b + 16, load<u64>(b + 16) ^ load<u64>(p + 16));
  store<u64>(b + 24, load<u64>(b + 24) ^ load<u64>(p + 24));
}

/** Top limb count of x (0 for zero). */
@inline function len(x: usize, n: i32): i32 {
  while (n > 0 && load<u32>(x + (<usize>(n - 1) << 2)) == 0) n--;
  return n;
}

/**
 * Knuth's algorithm D: U[0..m) divided by V[0..n) (n >= 1, V[n-1] != 0, m >= n); quotient to Q[0..m-n]
 * when wantQ, remainder to R[0..n) (R may alias nothing in U/V).
 */
function divmod(m: i32, n: i32, r: usize, wantQ: bool): void {
  if (n == 1) {
    const v0 = ld(V, 0);
    let k: u64 = 0;
    for (let j = m - 1; j >= 0; j--) {
      const t = (k << 32) | ld(U, j);
      const q = t / v0;
      st(Q, j, q);
      k = t - q * v0;
    }
    st(r, 0, k);
    return;
  }
  const s = <u64>clz<u32>(load<u32>(V + (<usize>(n - 1) << 2)));
  for (let i = n - 1; i > 0; i--) st(VN, i, (ld(V, i) << s) | (ld(V, i - 1) >> (32 - s)));
  st(VN, 0, ld(V, 0) << s);
  st(UN, m, ld(U, m - 1) >> (32 - s));
  for (let i = m - 1; i > 0; i--) st(UN, i, (ld(U, i) << s) | (ld(U, i - 1) >> (32 - s)));
  st(UN, 0, ld(U, 0) << s);
  const vTop = ld(VN, n - 1);
  const vNext = ld(VN, n - 2);
  const B: u64 = 0x100000000;
  for (let j = m - n; j >= 0; j--) {
    const num = (ld(UN, j + n) << 32) | ld(UN, j + n - 1);
    let qhat = num / vTop;
    let rhat = num - qhat * vTop;
    while (qhat >= B || qhat * vNext > ((rhat << 32) | ld(UN, j + n - 2))) {
      qhat--;
      rhat += vTop;
      if (rhat >= B) break;
    }
    let k: i64 = 0;
    let t: i64 = 0;
    for (let i = 0; i < n; i++) {
      const pr = qhat * ld(VN, i);
      t = <i64>ld(UN, i + j) - k - <i64>(pr & 0xffffffff);
      st(UN, i + j, <u64>t);
      k = <i64>(pr >> 32) - (t >> 32);
    }
    t = <i64>ld(UN, j + n) - k;
    st(UN, j + n, <u64>t);
    if (t < 0) {
      qhat--;
      let c: u64 = 0;
      for (let i = 0; i < n; i++) {
        const t2 = ld(UN, i + j) + ld(VN, i) + c;
        st(UN, i + j, t2);
        c = t2 >> 32;
      }
      st(UN, j + n, ld(UN, j + n) + c);
    }
    if (wantQ) st(Q, j, qhat);
  }
  for (let i = 0; i < n; i++) st(r, i, (ld(UN, i) >> s) | (ld(UN, i + 1) << (32 - s)));
}

@inline function zero(x: usize): void {
  store<u64>(x, 0); store<u64>(x + 8, 0); store<u64>(x + 16, 0); store<u64>(x + 24, 0);
}

/** U (m limbs) by the word at d: remainder to out (or quotient when wantQ). Handles small and zero cases. */
function reduce(m: i32, d: usize, out: usize, wantQ: bool): void {
  const n = len(d, 8);
  if (n == 0) { zero(out); return; }
  const mm = len(U, m);
  if (mm < n) {
    // dividend below divisor: quotient 0, remainder U
    if (wantQ) zero(out); else { zero(out); memory.copy(out, U, <usize>mm << 2); }
    return;
  }
  memory.copy(V, d, <usize>n << 2);
  if (wantQ) {
    divmod(mm, n, UN + 4 * 40, true); // remainder to a dead area
    zero(out);
    memory.copy(out, Q, <usize>(mm - n + 1) << 2);
  } else {
    zero(out);
    divmod(mm, n, out, false);
  }
}

export function div(p: usize): void {
  memory.copy(U, p, 32);
  reduce(8, p - 32, p - 32, true);
}

export function mod(p: usize): void {
  memory.copy(U, p, 32);
  reduce(8, p - 32, p - 32, false);
}

export function addmod(p: usize): void {
  const b = p - 32;
  let c: u64 = 0;
  for (let i = 0; i < 8; i++) { const t = ld(p, i) + ld(b, i) + c; st(U, i, t); c = t >> 32; }
  st(U, 8, c);
  reduce(9, p - 64, p - 64, false);
}

export function mulmod(p: usize): void {
  const b = p - 32;
  for (let k = 0; k < 16; k++) st(U, k, 0);
  for (let i = 0; i < 8; i++) {
    const ai = ld(p, i);
    if (ai == 0) continue;
    let c: u64 = 0;
    for (let j = 0; j < 8; j++) {
      const t = ld(U, i + j) + ai * ld(b, j) + c;
      st(U, i + j, t);
      c = t >> 32;
    }
    st(U, i + 8, c);
  }
  reduce(16, p - 64, p - 64, false);
}

export function shl(p: usize): void {
  // b << a
  const b = p - 32;
  if (load<u32>(p + 4) | load<u32>(p + 8) | load<u32>(p + 12) | load<u32>(p + 16) | load<u32>(p + 20) | load<u32>(p + 24) | load<u32>(p + 28) || load<u32>(p) >= 256) { zero(b); return; }
  const sh = load<u32>(p);
  const w = <i32>(sh >> 5);
  const bits = <u64>(sh & 31);
  for (let i = 7; i >= 0; i--) {
    const src = i - w;
    let v: u64 = 0;
    if (src >= 0) {
      v = ld(b, src) << bits;
      if (src >= 1 && bits != 0) v |= ld(b, src - 1) >> (32 - bits);
    }
    st(b, i, v);
  }
}

export function shr(p: usize): void {
  const b = p - 32;
  if (load<u32>(p + 4) | load<u32>(p + 8) | load<u32>(p + 12) | load<u32>(p + 16) | load<u32>(p + 20) | load<u32>(p + 24) | load<u32>(p + 28) || load<u32>(p) >= 256) { zero(b); return; }
  const sh = load<u32>(p);
  const w = <i32>(sh >> 5);
  const bits = <u64>(sh & 31);
  for (let i = 0; i < 8; i++) {
    const src = i + w;
    let v: u64 = 0;
    if (src < 8) {
      v = ld(b, src) >> bits;
      if (src + 1 < 8 && bits != 0) v |= ld(b, src + 1) << (32 - bits);
    }
    st(b, i, v);
  }
}

/** DUP and PUSH: the word at src to dst (32 bytes). */
export function copy(dst: usize, src: usize): void {
  v128.store(dst, v128.load(src));
  v128.store(dst + 16, v128.load(src + 16));
}

/** SWAP: exchanges the words at x and y. */
export function swap(x: usize, y: usize): void {
  const a0 = v128.load(x);
  const a1 = v128.load(x + 16);
  v128.store(x, v128.load(y));
  v128.store(x + 16, v128.load(y + 16));
  v128.store(y, a0);
  v128.store(y + 16, a1);
}

// ---------------------------------------------------------------------------------------------------
// The whole loop for stack-only opcodes (issue 12 item 2, "a WebAssembly core for the whole interpreter
// loop"): runs from STATE's pc while the opcode is one this loop knows, and returns to the host (status
// NEEDS_HOST, pc at the opcode, nothing charged) at any other. Memory map past the stack and scratch:
// code bytes at CODE, its JUMPDEST map (1 = destination) at JUMPDESTS, per-opcode tables (static gas,
// minimum stack, maximum stack as i32, "runs here" as u8) and the state block (pc i32, sp i32, gas f64).
const CODE: usize = 65536;
const MAX_CODE: usize = 24576;
const JUMPDESTS: usize = CODE + MAX_CODE;
const GAS_TABLE: usize = JUMPDESTS + MAX_CODE;
const MIN_TABLE: usize = GAS_TABLE + 1024;
const MAX_TABLE: usize = MIN_TABLE + 1024;
const HERE_TABLE: usize = MAX_TABLE + 1024;
const STATE: usize = HERE_TABLE + 256;
const STACK: usize = 1024;

const RUNNING: i32 = 0;
const NEEDS_HOST: i32 = 1;
const STOPPED: i32 = 2;
const UNDERFLOW: i32 = 3;
const OVERFLOW: i32 = 4;
const OUT_OF_GAS: i32 = 5;
const BAD_JUMP: i32 = 6;

@inline function isZero(x: usize): bool {
  return (load<u64>(x) | load<u64>(x + 8) | load<u64>(x + 16) | load<u64>(x + 24)) == 0;
}

@inline function setBool(x: usize, v: bool): void {
  store<u64>(x, v ? 1 : 0); store<u64>(x + 8, 0); store<u64>(x + 16, 0); store<u64>(x + 24, 0);
}

/** a < b, unsigned, from the top limb down. */
@inline function lessThan(a: usize, b: usize): bool {
  for (let i: i32 = 3; i >= 0; i--) {
    const x = load<u64>(a + (<usize>i << 3));
    const y = load<u64>(b + (<usize>i << 3));
    if (x != y) return x < y;
  }
  return false;
}

/** A jump destination from the word at x, or -1 when it is not a JUMPDEST in code of length len. */
@inline function destination(x: usize, len: i32): i32 {
  if ((load<u64>(x + 8) | load<u64>(x + 16) | load<u64>(x + 24)) != 0) return -1;
  const d = load<u64>(x);
  if (d >= <u64>len) return -1;
  return load<u8>(JUMPDESTS + <usize>d) == 1 ? <i32>d : -1;
}

export function run(len: i32): i32 {
  let pc = load<i32>(STATE);
  let sp = load<i32>(STATE + 4);
  let gas = <i64>load<f64>(STATE + 8);
  let status = RUNNING;
  while (pc < len) {
    const op = <usize>load<u8>(CODE + <usize>pc);
    if (load<u8>(HERE_TABLE + op) == 0) { status = NEEDS_HOST; break; }
    if (sp < load<i32>(MIN_TABLE + (op << 2))) { status = UNDERFLOW; break; }
    if (sp > load<i32>(MAX_TABLE + (op << 2))) { status = OVERFLOW; break; }
    gas -= <i64>load<i32>(GAS_TABLE + (op << 2));
    if (gas < 0) { status = OUT_OF_GAS; break; }
    pc++;
    const top = STACK + (<usize>sp << 5) - 32;
    if (op >= 0x5f && op <= 0x7f) {
      // PUSH0..PUSH32: the immediate, big-endian in code (zero past its end), as little-endian limbs.
      const dst = top + 32;
      zero(dst);
      const n = <i32>op - 0x5f;
      for (let k = 0; k < n; k++) {
        const at = pc + k;
        if (at < len) store<u8>(dst + <usize>(n - 1 - k), load<u8>(CODE + <usize>at));
      }
      sp++;
      pc += n;
      continue;
    }
    if (op >= 0x80 && op <= 0x8f) {
      copy(top + 32, top - ((op - 0x80) << 5));
      sp++;
      continue;
    }
    if (op >= 0x90 && op <= 0x9f) {
      swap(top, top - ((op - 0x8f) << 5));
      continue;
    }
    switch (<i32>op) {
      case 0x00: status = STOPPED; break;
      case 0x01: add(top); sp--; break;
      case 0x02: mul(top); sp--; break;
      case 0x03: sub(top); sp--; break;
      case 0x04: div(top); sp--; break;
      case 0x06: mod(top); sp--; break;
      case 0x08: addmod(top); sp -= 2; break;
      case 0x09: mulmod(top); sp -= 2; break;
      case 0x10: setBool(top - 32, lessThan(top, top - 32)); sp--; break;
      case 0x11: setBool(top - 32, lessThan(top - 32, top)); sp--; break;
      case 0x14: {
        const b = top - 32;
        setBool(b, load<u64>(top) == load<u64>(b) && load<u64>(top + 8) == load<u64>(b + 8) &&
          load<u64>(top + 16) == load<u64>(b + 16) && load<u64>(top + 24) == load<u64>(b + 24));
        sp--;
        break;
      }
      case 0x15: setBool(top, isZero(top)); break;
      case 0x16: {
        const b = top - 32;
        for (let i: usize = 0; i < 32; i += 8) store<u64>(b + i, load<u64>(b + i) & load<u64>(top + i));
        sp--;
        break;
      }
      case 0x17: {
        const b = top - 32;
        for (let i: usize = 0; i < 32; i += 8) store<u64>(b + i, load<u64>(b + i) | load<u64>(top + i));
        sp--;
        break;
      }
      case 0x18: xor(top); sp--; break;
      case 0x19: {
        for (let i: usize = 0; i < 32; i += 8) store<u64>(top + i, ~load<u64>(top + i));
        break;
      }
      case 0x1b: shl(top); sp--; break;
      case 0x1c: shr(top); sp--; break;
      case 0x50: sp--; break;
      case 0x56: {
        const d = destination(top, len);
        if (d < 0) { status = BAD_JUMP; break; }
        pc = d;
        sp--;
        break;
      }
      case 0x57: {
        sp -= 2;
        if (!isZero(top - 32)) {
          const d = destination(top, len);
          if (d < 0) { status = BAD_JUMP; break; }
          pc = d;
        }
        break;
      }
      case 0x5b: break;
      default:
        // HERE_TABLE and this switch disagree: undo the charge and let the host run it
        gas += <i64>load<i32>(GAS_TABLE + (op << 2));
        pc--;
        status = NEEDS_HOST;
        break;
    }
    if (status != RUNNING) break;
  }
  store<i32>(STATE, pc);
  store<i32>(STATE + 4, sp);
  store<f64>(STATE + 8, <f64>gas);
  return status;
}
