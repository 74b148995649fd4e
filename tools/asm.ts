// A tiny assembler for the benchmark contracts, so their bytecode is readable, commented source rather than
// opaque hex. It is deliberately independent of Lanes' own opcode table: the benchmark should not share a
// bug with the engine it measures (both engines must agree on the result before anything is timed anyway).
//
// Syntax (whitespace-separated tokens, `;` starts a comment running to the end of the line):
// - an opcode name: `ADD`, `PUSH0`, `DUP3`, `SWAP1`, ...
// - `PUSHn <number>`: the number (decimal or 0x-hex) left-padded to n bytes;
// - `PUSH <number>`: the smallest PUSHn (n >= 1) that holds it;
// - `name:` defines a label at the next byte; `PUSH @name` pushes its offset as a PUSH2.

const NAMED: Record<string, number> = {
  STOP: 0x00,
  ADD: 0x01,
  MUL: 0x02,
  SUB: 0x03,
  DIV: 0x04,
  SDIV: 0x05,
  MOD: 0x06,
  SMOD: 0x07,
  ADDMOD: 0x08,
  MULMOD: 0x09,
  EXP: 0x0a,
  SIGNEXTEND: 0x0b,
  LT: 0x10,
  GT: 0x11,
  SLT: 0x12,
  SGT: 0x13,
  EQ: 0x14,
  ISZERO: 0x15,
  AND: 0x16,
  OR: 0x17,
  XOR: 0x18,
  NOT: 0x19,
  BYTE: 0x1a,
  SHL: 0x1b,
  SHR: 0x1c,
  SAR: 0x1d,
  KECCAK256: 0x20,
  ADDRESS: 0x30,
  BALANCE: 0x31,
  ORIGIN: 0x32,
  CALLER: 0x33,
  CALLVALUE: 0x34,
  CALLDATALOAD: 0x35,
  CALLDATASIZE: 0x36,
  CALLDATACOPY: 0x37,
  CODESIZE: 0x38,
  CODECOPY: 0x39,
  GASPRICE: 0x3a,
  EXTCODESIZE: 0x3b,
  EXTCODECOPY: 0x3c,
  RETURNDATASIZE: 0x3d,
  RETURNDATACOPY: 0x3e,
  EXTCODEHASH: 0x3f,
  BLOCKHASH: 0x40,
  COINBASE: 0x41,
  TIMESTAMP: 0x42,
  NUMBER: 0x43,
  PREVRANDAO: 0x44,
  GASLIMIT: 0x45,
  CHAINID: 0x46,
  SELFBALANCE: 0x47,
  BASEFEE: 0x48,
  BLOBHASH: 0x49,
  BLOBBASEFEE: 0x4a,
  POP: 0x50,
  MLOAD: 0x51,
  MSTORE: 0x52,
  MSTORE8: 0x53,
  SLOAD: 0x54,
  SSTORE: 0x55,
  JUMP: 0x56,
  JUMPI: 0x57,
  MSIZE: 0x59,
  GAS: 0x5a,
  JUMPDEST: 0x5b,
  TLOAD: 0x5c,
  TSTORE: 0x5d,
  MCOPY: 0x5e,
  PUSH0: 0x5f,
  LOG0: 0xa0,
  LOG1: 0xa1,
  LOG2: 0xa2,
  LOG3: 0xa3,
  LOG4: 0xa4,
  CREATE: 0xf0,
  CALL: 0xf1,
  CALLCODE: 0xf2,
  RETURN: 0xf3,
  DELEGATECALL: 0xf4,
  CREATE2: 0xf5,
  STATICCALL: 0xfa,
  REVERT: 0xfd,
  INVALID: 0xfe,
  SELFDESTRUCT: 0xff,
};

/** Opcode byte for a name, including the numbered families PUSH1-32, DUP1-16, SWAP1-16. */
function opcode(name: string): number | undefined {
  const fixed = NAMED[name];
  if (fixed !== undefined) return fixed;
  const m = /^(PUSH|DUP|SWAP)(\d+)$/.exec(name);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (m[1] === "PUSH" && n >= 1 && n <= 32) return 0x5f + n;
  if (m[1] === "DUP" && n >= 1 && n <= 16) return 0x7f + n;
  if (m[1] === "SWAP" && n >= 1 && n <= 16) return 0x8f + n;
  return undefined;
}

function byteLength(value: bigint): number {
  let n = 1;
  while (value >> BigInt(8 * n) !== 0n) n++;
  return n;
}

function pushBytes(out: number[], value: bigint, size: number, token: string): void {
  if (value < 0n || byteLength(value) > size) throw new Error(`asm: ${token} does not fit in ${size} bytes`);
  for (let i = size - 1; i >= 0; i--) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
}

/** Assembles `source` (see the module comment for the syntax). Throws on unknown tokens or labels. */
export function asm(source: string): Uint8Array {
  const tokens = source
    .split("\n")
    .map((line) => line.replace(/;.*$/, ""))
    .join(" ")
    .split(/\s+/)
    .filter((t) => t.length > 0);
  const out: number[] = [];
  const labels = new Map<string, number>();
  // Label references are PUSH2 placeholders patched once every label is known (labels may be forward).
  const fixups: { at: number; label: string }[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.endsWith(":")) {
      labels.set(token.slice(0, -1), out.length);
      continue;
    }
    const upper = token.toUpperCase();
    if (upper === "PUSH" || /^PUSH([1-9]|[12]\d|3[0-2])$/.test(upper)) {
      const arg = tokens[++i];
      if (arg === undefined) throw new Error(`asm: ${token} needs an argument`);
      if (arg.startsWith("@")) {
        if (upper !== "PUSH" && upper !== "PUSH2")
          throw new Error(`asm: labels are pushed as PUSH2 (${arg})`);
        out.push(0x61);
        fixups.push({ at: out.length, label: arg.slice(1) });
        out.push(0, 0);
        continue;
      }
      if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(arg)) throw new Error(`asm: bad number "${arg}"`);
      const value = BigInt(arg);
      const size = upper === "PUSH" ? byteLength(value) : Number(upper.slice(4));
      out.push(0x5f + size);
      pushBytes(out, value, size, arg);
      continue;
    }
    const code = opcode(upper);
    if (code === undefined) throw new Error(`asm: unknown opcode "${token}"`);
    out.push(code);
  }

  for (const { at, label } of fixups) {
    const target = labels.get(label);
    if (target === undefined) throw new Error(`asm: undefined label "${label}"`);
    out[at] = target >> 8;
    out[at + 1] = target & 0xff;
  }
  return Uint8Array.from(out);
}

/** A 32-byte big-endian word (calldata arguments, storage keys). */
export function word(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
