// The word-path prototype's WebAssembly core (bench/evm/word-core/u256.as), checked against the
// interpreter: each arithmetic kernel against bigint on random and edge operands, and the whole-loop
// prototype against Lanes' interpreter on random straight-line programs of the opcodes it runs. The
// measurements in docs/evm.md ("The 256-bit word path") rest on these agreeing. Skipped (with a notice)
// when the optional AssemblyScript compiler is not installed.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { LanesRunner } from "../../bench/evm/lanes-runner.js";
import {
  LOOP,
  LOOP_OPCODES,
  LoopStatus,
  loadWordCore,
  STACK_BASE,
  type WordCore,
} from "../../bench/evm/word-core/load.js";
import { getForkRules } from "../../src/evm/forks.js";
import { opcodeTable } from "../../src/evm/opcodes.js";

const MAX = (1n << 256n) - 1n;
let core: WordCore | undefined;

before(async () => {
  core = await loadWordCore({ optimize: false });
  if (core === undefined) process.stdout.write("word-core: skipped: assemblyscript is not installed\n");
});

let seed = 0x1234567;
function rnd(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed;
}

/** Random words biased to the edges: all sizes, all-ones tails, single bits, zero and near 2^256. */
function word(): bigint {
  const bits = [0, 1, 8, 31, 32, 33, 63, 64, 65, 96, 128, 129, 160, 192, 255, 256][rnd() % 16]!;
  let v = 0n;
  for (let i = 0; i < bits; i += 30) v = (v << 30n) | BigInt(rnd() & 0x3fffffff);
  v &= (1n << BigInt(bits)) - 1n;
  switch (rnd() % 6) {
    case 0:
      return MAX - v;
    case 1:
      return bits === 0 ? 0n : 1n << BigInt(bits - 1);
    case 2:
      return bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) ^ BigInt(rnd() & 0xff);
    default:
      return v;
  }
}

function put(m: Uint32Array, at: number, v: bigint): void {
  for (let i = 0; i < 8; i++) {
    m[at + i] = Number(v & 0xffffffffn);
    v >>= 32n;
  }
}

function get(m: Uint32Array, at: number): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 32n) | BigInt(m[at + i]!);
  return v;
}

const KERNELS: [keyof WordCore, number, (a: bigint, b: bigint, n: bigint) => bigint][] = [
  ["add", 2, (a, b) => (a + b) & MAX],
  ["sub", 2, (a, b) => (a - b) & MAX],
  ["mul", 2, (a, b) => (a * b) & MAX],
  ["div", 2, (a, b) => (b === 0n ? 0n : a / b)],
  ["mod", 2, (a, b) => (b === 0n ? 0n : a % b)],
  ["addmod", 3, (a, b, n) => (n === 0n ? 0n : (a + b) % n)],
  ["mulmod", 3, (a, b, n) => (n === 0n ? 0n : (a * b) % n)],
  ["xor", 2, (a, b) => a ^ b],
  ["shl", 2, (a, b) => (a < 256n ? (b << a) & MAX : 0n)],
  ["shr", 2, (a, b) => (a < 256n ? b >> a : 0n)],
];

test("each arithmetic kernel equals bigint arithmetic on random and edge operands", (t) => {
  if (core === undefined) return t.skip("assemblyscript is not installed");
  const m = new Uint32Array(core.memory.buffer);
  const top = STACK_BASE + 32 * 5;
  for (const [name, arity, ref] of KERNELS) {
    const fn = core[name] as (p: number) => void;
    for (let i = 0; i < 3000; i++) {
      let a = word();
      const b = word();
      const n = word();
      if ((name === "shl" || name === "shr") && i % 2 === 0) a = BigInt(rnd() % 300);
      put(m, top >> 2, a);
      put(m, (top - 32) >> 2, b);
      put(m, (top - 64) >> 2, n);
      fn(top);
      const got = get(m, (top - 32 * (arity - 1)) >> 2);
      assert.equal(got, ref(a, b, n), `${name}(${a.toString(16)}, ${b.toString(16)}, ${n.toString(16)})`);
    }
  }
});

/** The opcodes of a random program: name, byte, stack inputs. */
const PROGRAM_OPS: [number, number][] = [
  [0x01, 2],
  [0x02, 2],
  [0x03, 2],
  [0x04, 2],
  [0x06, 2],
  [0x08, 3],
  [0x09, 3],
  [0x10, 2],
  [0x11, 2],
  [0x14, 2],
  [0x15, 1],
  [0x16, 2],
  [0x17, 2],
  [0x18, 2],
  [0x19, 1],
  [0x1b, 2],
  [0x1c, 2],
];

test("the whole-loop prototype leaves the stack Lanes' interpreter computes, on random programs", (t) => {
  if (core === undefined) return t.skip("assemblyscript is not installed");
  for (const op of PROGRAM_OPS)
    assert.ok(LOOP_OPCODES.includes(op[0]), `0x${op[0].toString(16)} in the loop`);
  const bytes = new Uint8Array(core.memory.buffer);
  const i32 = new Int32Array(core.memory.buffer);
  const f64 = new Float64Array(core.memory.buffer);
  const m = new Uint32Array(core.memory.buffer);
  const table = opcodeTable(getForkRules("Cancun"));
  for (let op = 0; op < 256; op++) {
    i32[(LOOP.GAS_TABLE >> 2) + op] = table.staticGas[op]!;
    i32[(LOOP.MIN_TABLE >> 2) + op] = table.minStack[op]!;
    i32[(LOOP.MAX_TABLE >> 2) + op] = table.maxStack[op]!;
    bytes[LOOP.HERE_TABLE + op] = LOOP_OPCODES.includes(op) ? 1 : 0;
  }
  for (let program = 0; program < 40; program++) {
    // A forward jump over a JUMPDEST, then random operations on a stack kept 3-8 deep with DUPs,
    // SWAPs and PUSHes of random width.
    const code: number[] = [0x60, 4, 0x56, 0xfe, 0x5b];
    let depth = 0;
    for (let step = 0; step < 60; step++) {
      const r = rnd() % 10;
      if (depth < 3 || r < 3) {
        const n = 1 + (rnd() % 32);
        const v = word() & ((1n << BigInt(8 * n)) - 1n);
        code.push(0x5f + n);
        for (let i = n - 1; i >= 0; i--) code.push(Number((v >> BigInt(8 * i)) & 0xffn));
        depth++;
      } else if (r === 3 && depth < 12) {
        code.push(0x80 + (rnd() % depth));
        depth++;
      } else if (r === 4) {
        code.push(0x90 + (rnd() % (depth - 1)));
      } else {
        const [op, inputs] = PROGRAM_OPS[rnd() % PROGRAM_OPS.length]!;
        code.push(op);
        depth -= inputs - 1;
      }
    }
    // JUMPI taken on a nonzero condition to the end, with the result left on the stack.
    const end = code.length + 2 + 3 + 1 + 1;
    code.push(0x60, 1, 0x61, end >> 8, end & 0xff, 0x57, 0xfe, 0x5b);
    const prototypeCode = Uint8Array.from([...code, 0x00]);
    bytes.set(prototypeCode, LOOP.CODE);
    bytes.fill(0, LOOP.JUMPDESTS, LOOP.JUMPDESTS + prototypeCode.length);
    bytes[LOOP.JUMPDESTS + 4] = 1;
    bytes[LOOP.JUMPDESTS + end] = 1;
    i32[LOOP.STATE >> 2] = 0;
    i32[(LOOP.STATE >> 2) + 1] = 0;
    f64[(LOOP.STATE + 8) >> 3] = 1e9;
    assert.equal(core.run(prototypeCode.length), LoopStatus.STOPPED);
    assert.equal(i32[(LOOP.STATE >> 2) + 1], depth);
    const top = get(m, (STACK_BASE >> 2) + 8 * (depth - 1));
    // Lanes: the same program, then MSTORE the top word and RETURN it.
    const lanesCode = Uint8Array.from([...code, 0x5f, 0x52, 0x60, 32, 0x5f, 0xf3]);
    const runner = new LanesRunner({
      name: "random",
      exercises: "",
      code: lanesCode,
      calldata: new Uint8Array(0),
      gasLimit: 10_000_000n,
      storage: new Map(),
      probeSlots: [],
    });
    const out = runner.outcome([]);
    assert.ok(out.success, `program ${program} ran in Lanes (${out.error})`);
    let want = 0n;
    for (const b of out.output) want = (want << 8n) | BigInt(b);
    assert.equal(top, want, `program ${program}: ${Buffer.from(code).toString("hex")}`);
    // Gas: Lanes charged the intrinsic 21,000, the program's static gas as the loop did, and 13 for
    // PUSH0 MSTORE (one word of memory) PUSH1 PUSH0 RETURN.
    const loopGas = 1e9 - f64[(LOOP.STATE + 8) >> 3]!;
    assert.equal(out.gasUsed, 21_000n + BigInt(loopGas) + 13n, `program ${program}: gas`);
  }
});
