// Issue 12 item 2, the 256-bit word path: measures the alternatives to "a bigint per stack word" on the
// interpreter's hot opcodes, in one process with CPU time (the machine is shared and loaded).
//
// 1. Per operation (ns/op): bigint as the interpreter computes it; the WebAssembly core (word-core/u256.as)
//    in place on a stack in linear memory; the same core as a drop-in for today's bigint stack (each
//    operand split into limbs and the result rebuilt as a bigint).
// 2. Whole contract: bench:evm's `arithmetic` run by Lanes (applyTransaction, the real interpreter) and by a
//    prototype of runFrame whose stack is the WebAssembly memory (same dispatch shape: stack bounds and
//    static gas from the Cancun opcode table, PUSH values decoded once, JUMPDEST table), with its
//    arithmetic either all in WebAssembly or with ADD/SUB/XOR/SHL/SHR as JavaScript limb loops on a
//    Uint32Array view (alternative (a), limbs in typed arrays). Both must return the same word.
// The prototype loop runs only the opcodes of `arithmetic` (it throws on any other): it measures what
// the representation could gain on that contract, not a finished interpreter.
//
// Usage: node dist/bench/evm/word-proto.js [--ops 1000000] [--runs 9] [--iterations 80000]
import { getForkRules } from "../../src/evm/forks.js";
import { opcodeTable } from "../../src/evm/opcodes.js";
import { benchContracts } from "./contracts.js";
import { LanesRunner } from "./lanes-runner.js";
import { median } from "./report.js";
import {
  FREE_BASE,
  LOOP,
  LOOP_OPCODES,
  LoopStatus,
  loadWordCore,
  STACK_BASE,
  type WordCore,
} from "./word-core/load.js";

const MAX = (1n << 256n) - 1n;
const TWO_256 = 1n << 256n;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function cpuMs(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** Writes v as 8 little-endian u32 limbs at word index `at` of `m`. */
function putWord(m: Uint32Array, at: number, v: bigint): void {
  for (let i = 0; i < 8; i++) {
    m[at + i] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
}

function getWord(m: Uint32Array, at: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 32n) | BigInt(m[at + i]!);
  return v;
}

function random(seed: { s: number }, bits: number): bigint {
  let v = 0n;
  for (let i = 0; i < bits; i += 30) {
    seed.s = (seed.s * 1103515245 + 12345) % 2147483648;
    v = (v << 30n) | BigInt(seed.s & 0x3fffffff);
  }
  return v & ((1n << BigInt(bits)) - 1n);
}

// ---------------------------------------------------------------------------------------------------
// 1. Per operation.

type Arity = 2 | 3;
interface OpDef {
  name: string;
  arity: Arity;
  big: (a: bigint, b: bigint, n: bigint) => bigint;
  wasm: "add" | "mul" | "div" | "mod" | "addmod" | "mulmod";
}

const OPS: OpDef[] = [
  {
    name: "ADD",
    arity: 2,
    big: (a, b) => {
      const r = a + b;
      return r > MAX ? r - TWO_256 : r;
    },
    wasm: "add",
  },
  { name: "MUL", arity: 2, big: (a, b) => (a * b) & MAX, wasm: "mul" },
  { name: "DIV", arity: 2, big: (a, b) => (a < b || b === 0n ? 0n : a / b), wasm: "div" },
  { name: "MOD", arity: 2, big: (a, b) => (b === 0n ? 0n : a < b ? a : a % b), wasm: "mod" },
  { name: "ADDMOD", arity: 3, big: (a, b, n) => (n === 0n ? 0n : (a + b) % n), wasm: "addmod" },
  { name: "MULMOD", arity: 3, big: (a, b, n) => (n === 0n ? 0n : (a * b) % n), wasm: "mulmod" },
];

function perOperation(core: WordCore, ops: number): void {
  const m32 = new Uint32Array(core.memory.buffer);
  const m64 = new BigUint64Array(core.memory.buffer);
  const N = 256;
  const top = STACK_BASE + 32 * 2; // operands in slots 0..2, a on top
  const topWord = top >> 2;
  const pool = FREE_BASE >> 2; // N triples of operands, 24 u32 each
  process.stdout.write("\n1. ns per operation (CPU time; operands drawn from 256 prepared triples)\n");
  process.stdout.write(
    `${"operation".padEnd(18)}${"bigint".padStart(9)}${"wasm, stack in memory".padStart(24)}${"wasm via bigint".padStart(18)}\n`,
  );
  {
    // What the three 8-limb operand copies in the "stack in memory" column cost on their own.
    const topWordCopy = topWord;
    const tCopy = cpuMs(() => {
      for (let k = 0; k < ops; k++) {
        const src = pool + 24 * (k & (N - 1));
        for (let j = 0; j < 8; j++) {
          m32[topWordCopy + j] = m32[src + j]!;
          m32[topWordCopy - 8 + j] = m32[src + 8 + j]!;
          m32[topWordCopy - 16 + j] = m32[src + 16 + j]!;
        }
      }
    });
    const tCall = cpuMs(() => {
      for (let k = 0; k < ops; k++) core.copy(top, FREE_BASE + 96 * (k & (N - 1)));
    });
    process.stdout.write(
      `(the three operand copies alone: ${((tCopy * 1e6) / ops).toFixed(1)} ns; one 32-byte copy as a call into the core: ${((tCall * 1e6) / ops).toFixed(1)} ns)\n`,
    );
  }
  for (const bits of [256, 64]) {
    const seed = { s: 11 };
    const a = Array.from({ length: N }, () => random(seed, bits));
    const b = Array.from({ length: N }, () => random(seed, bits) | 1n);
    // The modulus/divisor side: for DIV/MOD b is the divisor (half width, as in `arithmetic`'s MOD).
    const half = Array.from({ length: N }, () => random(seed, bits >> 1) | 1n);
    const out = new Array<bigint>(N).fill(0n);
    for (const d of OPS) {
      const second = d.arity === 2 && (d.name === "DIV" || d.name === "MOD") ? half : b;
      const third = half;
      for (let i = 0; i < N; i++) {
        putWord(m32, pool + 24 * i, a[i]!);
        putWord(m32, pool + 24 * i + 8, second[i]!);
        putWord(m32, pool + 24 * i + 16, third[i]!);
      }
      const fn = core[d.wasm];
      // Correctness of the core on these operands, then timing.
      for (let i = 0; i < N; i++) {
        for (let k = 0; k < 8; k++) {
          m32[topWord + k] = m32[pool + 24 * i + k]!;
          m32[topWord - 8 + k] = m32[pool + 24 * i + 8 + k]!;
          m32[topWord - 16 + k] = m32[pool + 24 * i + 16 + k]!;
        }
        fn(top);
        const want = d.big(a[i]!, second[i]!, third[i]!);
        const got = getWord(m32, topWord - 8 * (d.arity - 1));
        if (got !== want) throw new Error(`word-core ${d.name} is wrong at ${bits} bits`);
      }
      const big = d.big;
      const tBig = cpuMs(() => {
        for (let k = 0; k < ops; k++) {
          const i = k & (N - 1);
          out[i] = big(a[i]!, second[i]!, third[i]!);
        }
      });
      const tWasm = cpuMs(() => {
        for (let k = 0; k < ops; k++) {
          const src = pool + 24 * (k & (N - 1));
          // The operand copies stand for the DUPs that bring operands to the top in a real contract.
          for (let j = 0; j < 8; j++) {
            m32[topWord + j] = m32[src + j]!;
            m32[topWord - 8 + j] = m32[src + 8 + j]!;
            m32[topWord - 16 + j] = m32[src + 16 + j]!;
          }
          fn(top);
        }
      });
      const q = top >> 3;
      const tConv = cpuMs(() => {
        for (let k = 0; k < ops; k++) {
          const i = k & (N - 1);
          let x = a[i]!;
          let y = second[i]!;
          let z = third[i]!;
          for (let j = 0; j < 4; j++) {
            m64[q + j] = x;
            m64[q - 4 + j] = y;
            m64[q - 8 + j] = z;
            x >>= 64n;
            y >>= 64n;
            z >>= 64n;
          }
          fn(top);
          const r = q - 4 * (d.arity - 1);
          out[i] = (m64[r + 3]! << 192n) | (m64[r + 2]! << 128n) | (m64[r + 1]! << 64n) | m64[r]!;
        }
      });
      const ns = (ms: number) => ((ms * 1e6) / ops).toFixed(1);
      process.stdout.write(
        `${`${d.name}, ${bits}-bit`.padEnd(18)}${ns(tBig).padStart(9)}${ns(tWasm).padStart(24)}${ns(tConv).padStart(18)}\n`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// 2. The prototype loop on a WebAssembly-memory stack.

enum Op {
  ADD = 0x01,
  MUL = 0x02,
  SUB = 0x03,
  DIV = 0x04,
  MOD = 0x06,
  MULMOD = 0x09,
  XOR = 0x18,
  SHL = 0x1b,
  SHR = 0x1c,
  CALLDATALOAD = 0x35,
  POP = 0x50,
  MSTORE = 0x52,
  JUMPI = 0x57,
  JUMPDEST = 0x5b,
  PUSH0 = 0x5f,
  PUSH1 = 0x60,
  PUSH32 = 0x7f,
  DUP1 = 0x80,
  DUP16 = 0x8f,
  SWAP1 = 0x90,
  SWAP16 = 0x9f,
  RETURN = 0xf3,
}

interface Prepared {
  code: Uint8Array;
  jumpdests: Uint8Array;
  /** At each PUSHn, the u32 index of its value's 8 limbs in the constant pool. */
  pushAt: Int32Array;
}

function prepare(core: WordCore, code: Uint8Array): Prepared {
  const m32 = new Uint32Array(core.memory.buffer);
  const jumpdests = new Uint8Array(code.length);
  const pushAt = new Int32Array(code.length);
  let next = FREE_BASE >> 2;
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc]!;
    if (op === Op.JUMPDEST) jumpdests[pc] = 1;
    else if (op >= Op.PUSH1 && op <= Op.PUSH32) {
      const n = op - Op.PUSH0;
      let v = 0n;
      for (let k = 0; k < n; k++) v = (v << 8n) | BigInt(code[pc + 1 + k] ?? 0);
      putWord(m32, next, v);
      pushAt[pc] = next;
      next += 8;
      pc += n;
    }
  }
  return { code, jumpdests, pushAt };
}

/** The frame state the prototype needs (what Frame holds for runFrame). */
interface ProtoFrame {
  gas: number;
  calldata: Uint8Array;
  output: Uint8Array;
  memory: Uint8Array;
}

/**
 * runFrame's shape on a linear-memory stack; `jsSimple` runs ADD/SUB/XOR/SHL/SHR as JS limb loops,
 * `wasmMoves` runs PUSH/DUP/SWAP as calls into the core (two v128 moves) instead of 8-limb JS copies.
 */
function runProto(core: WordCore, p: Prepared, f: ProtoFrame, jsSimple: boolean, wasmMoves = false): void {
  const { code, jumpdests, pushAt } = p;
  const table = opcodeTable(getForkRules("Cancun"));
  const { staticGas, minStack, maxStack } = table;
  const s = new Uint32Array(core.memory.buffer);
  const length = code.length;
  const base = STACK_BASE >> 2;
  let pc = 0;
  let sp = 0;
  let gas = f.gas;
  while (pc < length) {
    const op = code[pc]!;
    if (sp < minStack[op]!) throw new Error("stack underflow");
    if (sp > maxStack[op]!) throw new Error("stack overflow");
    if ((gas -= staticGas[op]!) < 0) throw new Error("out of gas");
    pc++;
    // u32 index of the top word, and its byte address for the core
    const t = base + 8 * (sp - 1);
    if (op >= Op.PUSH1 && op <= Op.PUSH32) {
      const src = pushAt[pc - 1]!;
      const dst = t + 8;
      if (wasmMoves) core.copy(dst << 2, src << 2);
      else for (let k = 0; k < 8; k++) s[dst + k] = s[src + k]!;
      sp++;
      pc += op - Op.PUSH0;
      continue;
    }
    if (op >= Op.DUP1 && op <= Op.DUP16) {
      const src = t - 8 * (op - Op.DUP1);
      if (wasmMoves) core.copy((t + 8) << 2, src << 2);
      else for (let k = 0; k < 8; k++) s[t + 8 + k] = s[src + k]!;
      sp++;
      continue;
    }
    if (op >= Op.SWAP1 && op <= Op.SWAP16) {
      const o = t - 8 * (op - Op.SWAP1 + 1);
      if (wasmMoves) core.swap(t << 2, o << 2);
      else
        for (let k = 0; k < 8; k++) {
          const x = s[t + k]!;
          s[t + k] = s[o + k]!;
          s[o + k] = x;
        }
      continue;
    }
    switch (op) {
      case Op.PUSH0:
        for (let k = 0; k < 8; k++) s[t + 8 + k] = 0;
        sp++;
        continue;
      case Op.ADD:
        if (jsSimple) {
          let c = 0;
          for (let k = 0; k < 8; k++) {
            const r = s[t + k]! + s[t - 8 + k]! + c;
            s[t - 8 + k] = r;
            c = r > 0xffffffff ? 1 : 0;
          }
        } else core.add(t << 2);
        sp--;
        continue;
      case Op.SUB:
        if (jsSimple) {
          let borrow = 0;
          for (let k = 0; k < 8; k++) {
            const r = s[t + k]! - s[t - 8 + k]! - borrow;
            s[t - 8 + k] = r;
            borrow = r < 0 ? 1 : 0;
          }
        } else core.sub(t << 2);
        sp--;
        continue;
      case Op.XOR:
        if (jsSimple) for (let k = 0; k < 8; k++) s[t - 8 + k] = s[t - 8 + k]! ^ s[t + k]!;
        else core.xor(t << 2);
        sp--;
        continue;
      case Op.SHL:
      case Op.SHR:
        if (jsSimple && s[t]! < 256 && (s[t + 1]! | s[t + 2]! | s[t + 3]! | s[t + 4]!) === 0) {
          if ((s[t + 5]! | s[t + 6]! | s[t + 7]!) === 0) {
            const sh = s[t]!;
            const w = sh >>> 5;
            const bits = sh & 31;
            const b = t - 8;
            if (op === Op.SHR) {
              for (let k = 0; k < 8; k++) {
                const src = k + w;
                let v = src < 8 ? s[b + src]! >>> bits : 0;
                if (bits !== 0 && src + 1 < 8) v |= s[b + src + 1]! << (32 - bits);
                s[b + k] = v;
              }
            } else {
              for (let k = 7; k >= 0; k--) {
                const src = k - w;
                let v = src >= 0 ? s[b + src]! << bits : 0;
                if (bits !== 0 && src >= 1) v |= s[b + src - 1]! >>> (32 - bits);
                s[b + k] = v;
              }
            }
            sp--;
            continue;
          }
        }
        if (op === Op.SHL) core.shl(t << 2);
        else core.shr(t << 2);
        sp--;
        continue;
      case Op.MUL:
        core.mul(t << 2);
        sp--;
        continue;
      case Op.DIV:
        core.div(t << 2);
        sp--;
        continue;
      case Op.MOD:
        core.mod(t << 2);
        sp--;
        continue;
      case Op.MULMOD:
        core.mulmod(t << 2);
        sp -= 2;
        continue;
      case Op.JUMPDEST:
        continue;
      case Op.POP:
        sp--;
        continue;
      case Op.JUMPI: {
        sp -= 2;
        const c = t - 8;
        if (
          (s[c]! | s[c + 1]! | s[c + 2]! | s[c + 3]! | s[c + 4]! | s[c + 5]! | s[c + 6]! | s[c + 7]!) !==
          0
        ) {
          if ((s[t + 1]! | s[t + 2]! | s[t + 3]! | s[t + 4]! | s[t + 5]! | s[t + 6]! | s[t + 7]!) !== 0)
            throw new Error("invalid jump");
          const dest = s[t]!;
          if (jumpdests[dest] !== 1) throw new Error("invalid jump");
          pc = dest;
        }
        continue;
      }
      case Op.CALLDATALOAD: {
        // Offset 0 only (the contract's one use): the word is calldata[0..32) big-endian.
        for (let k = 0; k < 8; k++) {
          const at = 28 - 4 * k;
          s[t + k] =
            (((f.calldata[at] ?? 0) << 24) |
              ((f.calldata[at + 1] ?? 0) << 16) |
              ((f.calldata[at + 2] ?? 0) << 8) |
              (f.calldata[at + 3] ?? 0)) >>>
            0;
        }
        continue;
      }
      case Op.MSTORE: {
        // Offset 0 only, memory of 32 bytes already there (the contract's final store).
        for (let k = 0; k < 8; k++) {
          const v = s[t - 8 + k]!;
          const at = 28 - 4 * k;
          f.memory[at] = v >>> 24;
          f.memory[at + 1] = (v >>> 16) & 0xff;
          f.memory[at + 2] = (v >>> 8) & 0xff;
          f.memory[at + 3] = v & 0xff;
        }
        sp -= 2;
        continue;
      }
      case Op.RETURN:
        f.output = f.memory.slice(0, 32);
        f.gas = gas;
        return;
    }
    throw new Error(`prototype: opcode 0x${op.toString(16)} is not in the prototype`);
  }
  f.gas = gas;
}

/** Loads code, its JUMPDEST map and the Cancun opcode tables into the whole-loop prototype's memory. */
function prepareLoop(core: WordCore, code: Uint8Array, jumpdests: Uint8Array): void {
  if (code.length > LOOP.MAX_CODE) throw new Error("prototype: code too long");
  const bytes = new Uint8Array(core.memory.buffer);
  const i32 = new Int32Array(core.memory.buffer);
  const table = opcodeTable(getForkRules("Cancun"));
  bytes.set(code, LOOP.CODE);
  bytes.set(jumpdests, LOOP.JUMPDESTS);
  bytes.fill(0, LOOP.HERE_TABLE, LOOP.HERE_TABLE + 256);
  for (const op of LOOP_OPCODES) bytes[LOOP.HERE_TABLE + op] = 1;
  for (let op = 0; op < 256; op++) {
    i32[(LOOP.GAS_TABLE >> 2) + op] = table.staticGas[op]!;
    i32[(LOOP.MIN_TABLE >> 2) + op] = table.minStack[op]!;
    i32[(LOOP.MAX_TABLE >> 2) + op] = table.maxStack[op]!;
  }
}

/**
 * The whole interpreter loop in WebAssembly for stack-only opcodes; the host (here) runs the rest of
 * `arithmetic`'s opcodes (CALLDATALOAD, MSTORE, RETURN) on the same linear-memory stack and re-enters.
 */
function runLoop(core: WordCore, p: Prepared, f: ProtoFrame): void {
  const table = opcodeTable(getForkRules("Cancun"));
  const i32 = new Int32Array(core.memory.buffer);
  const f64 = new Float64Array(core.memory.buffer);
  const s = new Uint32Array(core.memory.buffer);
  const st = LOOP.STATE >> 2;
  i32[st] = 0;
  i32[st + 1] = 0;
  f64[(LOOP.STATE + 8) >> 3] = f.gas;
  const code = p.code;
  for (;;) {
    const status = core.run(code.length);
    if (status === LoopStatus.STOPPED) break;
    if (status !== LoopStatus.NEEDS_HOST) throw new Error(`prototype: halted with status ${status}`);
    let pc: number = i32[st]!;
    let sp: number = i32[st + 1]!;
    let gas: number = f64[(LOOP.STATE + 8) >> 3]!;
    if (pc >= code.length) break;
    const op = code[pc]!;
    if (sp < table.minStack[op]! || sp > table.maxStack[op]!) throw new Error("stack bounds");
    if ((gas -= table.staticGas[op]!) < 0) throw new Error("out of gas");
    pc++;
    const t = (STACK_BASE >> 2) + 8 * (sp - 1);
    if (op === Op.CALLDATALOAD) {
      for (let k = 0; k < 8; k++) {
        const at = 28 - 4 * k;
        s[t + k] =
          (((f.calldata[at] ?? 0) << 24) |
            ((f.calldata[at + 1] ?? 0) << 16) |
            ((f.calldata[at + 2] ?? 0) << 8) |
            (f.calldata[at + 3] ?? 0)) >>>
          0;
      }
    } else if (op === Op.MSTORE) {
      for (let k = 0; k < 8; k++) {
        const v = s[t - 8 + k]!;
        const at = 28 - 4 * k;
        f.memory[at] = v >>> 24;
        f.memory[at + 1] = (v >>> 16) & 0xff;
        f.memory[at + 2] = (v >>> 8) & 0xff;
        f.memory[at + 3] = v & 0xff;
      }
      sp -= 2;
    } else if (op === Op.RETURN) {
      f.output = f.memory.slice(0, 32);
      f.gas = gas;
      return;
    } else throw new Error(`prototype: opcode 0x${op.toString(16)} is not in the prototype`);
    i32[st] = pc;
    i32[st + 1] = sp;
    f64[(LOOP.STATE + 8) >> 3] = gas;
  }
  f.gas = f64[(LOOP.STATE + 8) >> 3]!;
}

async function main(): Promise<void> {
  const core = await loadWordCore();
  if (core === undefined) {
    process.stdout.write(
      "word-proto: skipped: the AssemblyScript compiler (assemblyscript) is not installed\n",
    );
    return;
  }
  const ops = arg("--ops", 1_000_000);
  const runs = arg("--runs", 9);
  perOperation(core, ops);

  const contract = benchContracts().find((c) => c.name === "arithmetic")!;
  const lanes = new LanesRunner(contract);
  const prepared = prepare(core, contract.code);
  const frame = (): ProtoFrame => ({
    gas: Number(contract.gasLimit),
    calldata: contract.calldata,
    output: new Uint8Array(0),
    memory: new Uint8Array(32),
  });
  const want = lanes.outcome([]).output;
  // name -> [JS limb loops for ADD/SUB/XOR/SHL/SHR, PUSH/DUP/SWAP in the core]
  const variants: [string, boolean, boolean][] = [
    ["wasm", false, false],
    ["js+wasm", true, false],
    ["wasm+moves", false, true],
  ];
  for (const [name, js, moves] of variants) {
    const f = frame();
    runProto(core, prepared, f, js, moves);
    if (Buffer.compare(Buffer.from(f.output), Buffer.from(want)) !== 0)
      throw new Error(`prototype (${name}) returned a different word`);
  }
  prepareLoop(core, contract.code, prepared.jumpdests);
  {
    const f = frame();
    runLoop(core, prepared, f);
    if (Buffer.compare(Buffer.from(f.output), Buffer.from(want)) !== 0)
      throw new Error("prototype (wasm loop) returned a different word");
  }
  const samples: Record<string, number[]> = { bigint: [] };
  for (const [name] of variants) samples[name] = [];
  samples["wasm loop"] = [];
  for (let r = 0; r < runs + 1; r++) {
    const a = cpuMs(() => lanes.run());
    const times = variants.map(([, js, moves]) => cpuMs(() => runProto(core, prepared, frame(), js, moves)));
    const loop = cpuMs(() => runLoop(core, prepared, frame()));
    if (r === 0) continue; // warm-up
    samples["wasm loop"]!.push(loop);
    samples.bigint!.push(a);
    variants.forEach(([name], i) => {
      samples[name]!.push(times[i]!);
    });
  }
  const base = median(samples.bigint!);
  process.stdout.write(
    `\n2. bench:evm arithmetic (${contract.calldata.length} bytes of calldata, same output checked), CPU-time medians of ${runs} runs\n`,
  );
  for (const [name, xs] of Object.entries(samples)) {
    const m = median(xs);
    process.stdout.write(
      `  ${name.padEnd(10)} ${m.toFixed(1).padStart(8)} ms   bigint/this ${(base / m).toFixed(2)}\n`,
    );
  }
}

await main();
