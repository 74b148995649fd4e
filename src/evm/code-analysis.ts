// Code analysis, done once per code object and cached (code arrays are immutable once deployed): jump
// destinations, and the value of every PUSH so the hot loop never rebuilds constants from bytes.

/** Opcode bytes analysis tests (members inlined as literals by esbuild; the full table is opcodes.ts). */
enum Op {
  JUMPDEST = 0x5b,
  /** PUSHn is PUSH0 + n and carries n immediate bytes. */
  PUSH0 = 0x5f,
  PUSH1 = 0x60,
  PUSH32 = 0x7f,
}

export interface CodeAnalysis {
  /** 1 where a JUMPDEST opcode (not PUSH data) stands. */
  jumpdests: Uint8Array;
  /** At the position of each PUSHn opcode, its immediate value (zero-padded past the end of code). */
  pushValues: bigint[];
}

const cache = new WeakMap<Uint8Array, CodeAnalysis>();

function readImmediate(code: Uint8Array, start: number, n: number): bigint {
  if (n <= 6) {
    let v = 0;
    for (let k = 0; k < n; k++) v = v * 256 + (code[start + k] ?? 0);
    return BigInt(v);
  }
  let hex = "0x";
  for (let k = 0; k < n; k++) {
    const b = code[start + k] ?? 0;
    hex += (b < 16 ? "0" : "") + b.toString(16);
  }
  return BigInt(hex);
}

export function analyzeCode(code: Uint8Array): CodeAnalysis {
  let a = cache.get(code);
  if (a !== undefined) return a;
  const jumpdests = new Uint8Array(code.length);
  // Filled by pushing: a packed array, whose loads need no hole check (`new Array(n).fill` is holey).
  const pushValues: bigint[] = [];
  for (let i = 0; i < code.length; i++) pushValues.push(0n);
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === Op.JUMPDEST) jumpdests[pc] = 1;
    else if (op >= Op.PUSH1 && op <= Op.PUSH32) {
      const n = op - Op.PUSH0;
      pushValues[pc] = readImmediate(code, pc + 1, n);
      pc += n;
    }
  }
  a = { jumpdests, pushValues };
  cache.set(code, a);
  return a;
}
