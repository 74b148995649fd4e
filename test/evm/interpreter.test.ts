// The interpreter loop and frame: stack bounds (underflow, 1024 overflow), invalid opcodes and jumps
// consuming all gas, PUSH past the end of code, PC/GAS/MSIZE, the quadratic memory expansion cost, MCOPY
// (EIP-5656 vectors), RETURNDATACOPY bounds (EIP-211), and zero-padded CALLDATA/CODE reads.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FORKS } from "../../src/evm/forks.js";
import { opcodeTable } from "../../src/evm/opcodes.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import {
  addr,
  bytes,
  evalTop,
  exec,
  gasOf,
  MAX,
  memCost,
  memoryOf,
  returnMemory,
  run,
  SIGN,
} from "./helpers.js";

function assertHaltsConsumingAll(code: string | Uint8Array, reason: string, gas = 100_000): void {
  const r = run(code, { gas });
  assert.equal(r.result.success, false, `expected ${reason}`);
  assert.equal(r.result.error, reason);
  assert.equal(r.result.gasLeft, 0, "an exceptional halt consumes all gas");
  assert.equal(r.result.output.length, 0);
}

test("stack underflow halts consuming all gas", () => {
  assertHaltsConsumingAll("ADD", "stack underflow");
  assertHaltsConsumingAll("POP", "stack underflow");
  assertHaltsConsumingAll("PUSH0 JUMP", "invalid jump destination");
  assertHaltsConsumingAll(`${"PUSH0 ".repeat(15)} DUP16`, "stack underflow");
  assertHaltsConsumingAll(`${"PUSH0 ".repeat(16)} SWAP16`, "stack underflow");
  assertHaltsConsumingAll(`${"PUSH0 ".repeat(6)} CALL`, "stack underflow");
  assert.equal(exec(`${"PUSH0 ".repeat(16)} DUP16`).stack.length, 17);
  assert.equal(exec(`${"PUSH1 1 ".repeat(16)} PUSH1 2 SWAP16`).stack[0], 2n);
});

test("the stack holds exactly 1024 items", () => {
  const full = "PUSH0 ".repeat(1024);
  assert.equal(run(`${full} STOP`).result.success, true);
  assert.equal(exec(full).stack.length, 1024);
  assertHaltsConsumingAll(`${full} PUSH0`, "stack overflow");
  assertHaltsConsumingAll(`${full} DUP1`, "stack overflow");
  assertHaltsConsumingAll(`${full} PC`, "stack overflow");
  assert.equal(run(`${"PUSH0 ".repeat(1023)} DUP1 STOP`).result.success, true);
  // Opcodes that do not grow the stack are fine at 1024.
  assert.equal(run(`${full} SWAP16 ADD POP STOP`).result.success, true);
});

test("invalid opcodes halt consuming all gas", () => {
  assertHaltsConsumingAll("INVALID", "invalid opcode");
  assertHaltsConsumingAll("0xef", "invalid opcode");
  assertHaltsConsumingAll("PUSH1 1 0x0c", "invalid opcode");
});

test("exactly the opcodes of the Osaka instruction set are defined; all others are invalid", () => {
  const defined = new Set<number>();
  const ranges: [number, number][] = [
    [0x00, 0x0b],
    [0x10, 0x1e],
    [0x20, 0x20],
    [0x30, 0x4a],
    [0x50, 0xa4],
    [0xf0, 0xf5],
    [0xfa, 0xfa],
    [0xfd, 0xff],
  ];
  for (const [from, to] of ranges) for (let c = from; c <= to; c++) defined.add(c);
  const names = opcodeTable(FORKS.Osaka).names;
  for (let c = 0; c < 256; c++) {
    const isDefined = names[c] !== "INVALID" || c === 0xfe;
    assert.equal(isDefined, defined.has(c), `opcode 0x${c.toString(16)} (${names[c]})`);
    if (!defined.has(c)) {
      // Each undefined opcode halts with a full stack of arguments available.
      const r = run(bytes(`0x${"5f".repeat(8)}`, Uint8Array.of(c)), { gas: 5000 });
      assert.equal(r.result.error, "invalid opcode", `opcode 0x${c.toString(16)}`);
      assert.equal(r.result.gasLeft, 0);
    }
  }
});

test("JUMP and JUMPI only land on JUMPDEST opcodes, never in PUSH data", () => {
  // 0: PUSH1 4, 2: JUMP, 3: PUSH1 0x5b (the 0x5b at 4 is data), 5: STOP.
  assertHaltsConsumingAll("PUSH1 4 JUMP PUSH1 0x5b STOP", "invalid jump destination");
  assertHaltsConsumingAll("PUSH1 1 PUSH1 6 JUMPI PUSH1 0x5b STOP", "invalid jump destination");
  // A PUSH truncated by the end of code still covers the bytes it has.
  assertHaltsConsumingAll(bytes(`0x600356615b`), "invalid jump destination");
  assertHaltsConsumingAll("PUSH1 3 JUMP STOP", "invalid jump destination"); // lands on STOP
  assertHaltsConsumingAll("PUSH1 200 JUMP", "invalid jump destination"); // past the end
  assertHaltsConsumingAll(`PUSH5 ${1n << 32n} JUMP JUMPDEST`, "invalid jump destination");
  assertHaltsConsumingAll(`PUSH32 ${SIGN + 4n} JUMP JUMPDEST`, "invalid jump destination");
  assert.equal(evalTop("PUSH @ok JUMP INVALID ok: JUMPDEST PUSH1 7"), 7n);
  assert.equal(evalTop("PUSH1 1 PUSH @ok JUMPI INVALID ok: JUMPDEST PUSH1 8"), 8n);
  // JUMPI with a false condition ignores the destination entirely.
  assert.equal(evalTop(`PUSH0 PUSH32 ${MAX} JUMPI PUSH1 9`), 9n);
  // A JUMPDEST right after PUSH data is a valid target.
  assert.equal(evalTop("PUSH @ok JUMP PUSH1 0xff ok: JUMPDEST PUSH1 5"), 5n);
});

test("JUMP costs 8, JUMPI 10 and JUMPDEST 1", () => {
  assert.equal(gasOf("PUSH1 3", "JUMP JUMPDEST"), 8 + 1);
  assert.equal(gasOf("PUSH1 1 PUSH1 5", "JUMPI JUMPDEST"), 10 + 1);
  assert.equal(gasOf("PUSH0 PUSH1 5", "JUMPI JUMPDEST"), 10 + 1);
});

test("PUSH past the end of code is zero-padded on the right", () => {
  assert.deepEqual(exec(bytes("0x7faabb")).stack, [0xaabbn << 240n]);
  assert.deepEqual(exec(bytes("0x6112")).stack, [0x1200n]);
  assert.deepEqual(exec(bytes("0x60")).stack, [0n]);
  assert.deepEqual(exec(bytes(`0x7f${"11".repeat(32)}`)).stack, [BigInt(`0x${"11".repeat(32)}`)]);
  assert.equal(run(bytes("0x7faabb")).result.success, true);
  assert.deepEqual(exec("PUSH0 PUSH1 0 PUSH2 0x0102").stack, [0n, 0n, 0x0102n]);
});

test("PC is the position of the PC opcode itself", () => {
  assert.equal(evalTop("PC"), 0n);
  assert.deepEqual(exec("PUSH0 POP PC").stack, [2n]);
  assert.deepEqual(exec("PUSH2 0x1234 POP PC").stack, [4n]);
  assert.deepEqual(exec("PUSH @d JUMP PUSH1 0 d: JUMPDEST PC").stack, [7n]);
});

test("GAS is what remains after paying for GAS itself", () => {
  assert.equal(evalTop("GAS", { gas: 1000 }), 998n);
  assert.deepEqual(exec("PUSH0 GAS", { gas: 1000 }).stack, [0n, 996n]);
  assert.equal(exec("GAS", { gas: 1 }).halt?.reason, "out of gas");
});

test("MSIZE is the highest word touched, in bytes", () => {
  assert.equal(evalTop("MSIZE"), 0n);
  assert.deepEqual(exec("PUSH1 1 PUSH0 MSTORE8 MSIZE").stack, [32n]);
  assert.deepEqual(exec("PUSH1 1 PUSH1 32 MSTORE8 MSIZE").stack, [64n]);
  assert.deepEqual(exec("PUSH1 0x21 MLOAD POP MSIZE").stack, [96n]);
  assert.deepEqual(exec("PUSH1 0x40 MLOAD POP PUSH0 MLOAD POP MSIZE").stack, [96n]);
  // Zero-length accesses do not expand memory, whatever the offset.
  assert.deepEqual(exec(`PUSH0 PUSH32 ${SIGN} KECCAK256 POP MSIZE`).stack, [0n]);
  assert.deepEqual(exec(`PUSH0 PUSH0 PUSH32 ${MAX} CALLDATACOPY MSIZE`).stack, [0n]);
});

test("memory expansion costs 3a + a^2/512 for a words", () => {
  // [words, C_mem(words)] worked by hand from the Yellow Paper formula.
  const cases: [number, number][] = [
    [1, 3],
    [2, 6],
    [32, 98],
    [512, 2048],
    [724, 3195],
    [1024, 5120],
    [4096, 45056],
  ];
  for (const [words, cost] of cases) {
    assert.equal(memCost(words), cost);
    assert.equal(gasOf(`PUSH ${32 * (words - 1)}`, "MLOAD"), 3 + cost, `${words} words`);
  }
  // Expanding an already expanded memory pays only the difference.
  assert.equal(gasOf("PUSH0 MLOAD PUSH2 0x7fe0", "MLOAD"), 3 + 5120 - 3);
  // Re-touching covered memory pays nothing.
  assert.equal(gasOf("PUSH2 0x7fe0 MLOAD PUSH0", "MLOAD"), 3);
  // An unaligned store covers two words.
  assert.equal(gasOf("PUSH1 1 PUSH1 1", "MSTORE"), 3 + 6);
  assert.equal(gasOf("PUSH1 1 PUSH1 32", "MSTORE8"), 3 + 6);
});

test("memory beyond any affordable size runs out of gas", () => {
  assertHaltsConsumingAll(`PUSH5 ${1n << 32n} MLOAD`, "out of gas", 10_000_000);
  assertHaltsConsumingAll(`PUSH32 ${SIGN} MLOAD`, "out of gas");
  assertHaltsConsumingAll(`PUSH32 ${MAX} PUSH0 RETURN`, "out of gas");
  assertHaltsConsumingAll(`PUSH1 1 PUSH32 ${MAX} MSTORE8`, "out of gas");
  // 1025 words cost 3075 + 2052 = 5127 (+3 for the push, +3 for MLOAD): one gas short is out of gas.
  assert.equal(exec("PUSH2 0x8000 MLOAD", { gas: 5133 }).halt, undefined);
  assert.equal(exec("PUSH2 0x8000 MLOAD", { gas: 5132 }).halt?.reason, "out of gas");
});

/** Runs MSTOREs of `pre` (hex) then MCOPY dst src len; returns memory and the MCOPY's gas. */
function mcopy(pre: string, dst: number, src: number, len: number): { memory: string; gas: number } {
  const words = pre.length / 64;
  let setup = "";
  for (let w = 0; w < words; w++)
    setup += `PUSH32 0x${pre.slice(64 * w, 64 * (w + 1))} PUSH ${32 * w} MSTORE `;
  setup += `PUSH ${len} PUSH ${src} PUSH ${dst}`;
  const r = exec(`${setup} MCOPY`);
  assert.equal(r.halt, undefined);
  return { memory: bytesToHex(memoryOf(r, 32 * words)).slice(2), gas: gasOf(setup, "MCOPY") };
}

test("MCOPY matches the EIP-5656 vectors, including overlapping copies", () => {
  const seq = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  const zero = "00".repeat(32);
  const nine = `000102030405060708${"00".repeat(23)}`;
  const vectors: [string, number, number, number, string][] = [
    [zero + seq, 0, 32, 32, seq + seq],
    ["01".repeat(32), 0, 0, 32, "01".repeat(32)],
    [nine, 0, 1, 8, `010203040506070808${"00".repeat(23)}`],
    [nine, 1, 0, 8, `000001020304050607${"00".repeat(23)}`],
  ];
  for (const [pre, dst, src, len, post] of vectors) {
    const r = mcopy(pre, dst, src, len);
    assert.equal(r.memory, post, `MCOPY ${dst} ${src} ${len}`);
    assert.equal(r.gas, 6, `MCOPY ${dst} ${src} ${len} gas`);
  }
});

test("MCOPY expands memory to cover the source and the destination", () => {
  // Destination past the end: 9 words of memory (27) + 1 word copied (3) + 3.
  assert.equal(gasOf("PUSH1 32 PUSH0 PUSH2 0x100", "MCOPY"), 33);
  assert.deepEqual(exec("PUSH1 32 PUSH0 PUSH2 0x100 MCOPY MSIZE").stack, [0x120n]);
  // Source past the end reads zeros and also expands.
  assert.deepEqual(exec("PUSH1 32 PUSH1 64 PUSH0 MCOPY MSIZE").stack, [96n]);
  assert.equal(gasOf("PUSH1 32 PUSH1 64 PUSH0", "MCOPY"), 3 + 9 + 3);
  // Zero length: no expansion and no copy cost, whatever the offsets.
  assert.equal(gasOf(`PUSH0 PUSH32 ${MAX} PUSH32 ${MAX}`, "MCOPY"), 3);
  assert.deepEqual(exec(`PUSH0 PUSH32 ${MAX} PUSH32 ${MAX} MCOPY MSIZE`).stack, [0n]);
  // 33 bytes are two words of copying.
  assert.equal(gasOf("PUSH1 33 PUSH0 PUSH0", "MCOPY"), 3 + 6 + 6);
});

/** A contract whose code returns 32 bytes of 0xaa. */
const RETURNER = 0xaaaan;
const RETURNER_CODE = `PUSH32 0x${"aa".repeat(32)} PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`;
const CALL_RETURNER = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(RETURNER)} GAS CALL POP`;

test("RETURNDATACOPY past the end of the return data halts consuming all gas", () => {
  assertHaltsConsumingAll("PUSH1 1 PUSH0 PUSH0 RETURNDATACOPY", "return data out of bounds");
  assertHaltsConsumingAll("PUSH0 PUSH1 1 PUSH0 RETURNDATACOPY", "return data out of bounds");
  assert.equal(run("PUSH0 PUSH0 PUSH0 RETURNDATACOPY STOP").result.success, true);

  const cases: [number | bigint, number, boolean][] = [
    [0, 32, true],
    [1, 31, true],
    [32, 0, true],
    [1, 32, false],
    [0, 33, false],
    [33, 0, false],
    [MAX, 2, false],
  ];
  for (const [offset, size, ok] of cases) {
    const r = run(`${CALL_RETURNER} PUSH ${size} PUSH ${offset} PUSH0 RETURNDATACOPY ${returnMemory(32)}`, {
      accounts: [[RETURNER, { code: RETURNER_CODE }]],
    });
    assert.equal(r.result.success, ok, `offset ${offset}, size ${size}`);
    if (!ok) assert.equal(r.result.gasLeft, 0);
    else if (size === 31) assert.equal(bytesToHex(r.result.output), `0x${"aa".repeat(31)}00`);
  }
});

test("RETURNDATASIZE follows the last call", () => {
  assert.equal(evalTop("RETURNDATASIZE"), 0n);
  const r = run(`${CALL_RETURNER} RETURNDATASIZE ${"PUSH0 MSTORE PUSH1 32 PUSH0 RETURN"}`, {
    accounts: [[RETURNER, { code: RETURNER_CODE }]],
  });
  assert.equal(r.word, 32n);
});

test("CALLDATALOAD past the end reads zeros", () => {
  const input = "0x0102";
  assert.equal(evalTop("PUSH0 CALLDATALOAD", { input }), 0x0102n << 240n);
  assert.equal(evalTop("PUSH1 1 CALLDATALOAD", { input }), 0x02n << 248n);
  assert.equal(evalTop("PUSH1 2 CALLDATALOAD", { input }), 0n);
  assert.equal(evalTop(`PUSH32 ${SIGN} CALLDATALOAD`, { input }), 0n);
  assert.equal(evalTop(`PUSH32 ${MAX} CALLDATALOAD`, { input }), 0n);
  assert.equal(evalTop("CALLDATASIZE", { input }), 2n);
  const full = `0x${"ff".repeat(40)}`;
  assert.equal(evalTop("PUSH1 8 CALLDATALOAD", { input: full }), MAX);
  assert.equal(evalTop("PUSH1 9 CALLDATALOAD", { input: full }), MAX - 0xffn);
});

test("CALLDATACOPY and CODECOPY pad with zeros past the end", () => {
  const r = exec("PUSH1 8 PUSH1 1 PUSH0 CALLDATACOPY", { input: "0xaabbcc" });
  assert.equal(bytesToHex(memoryOf(r, 8)), "0xbbcc000000000000");
  // Source offsets far past the end still write zeros over what was there.
  const r2 = exec(`PUSH1 0xff PUSH1 31 MSTORE8 PUSH1 32 PUSH32 ${MAX} PUSH0 CALLDATACOPY`, { input: "0xaa" });
  assert.equal(bytesToHex(memoryOf(r2, 32)), `0x${"00".repeat(32)}`);
  const r3 = exec("PUSH1 8 PUSH1 2 PUSH0 CODECOPY"); // code: 60 08 60 02 5f 39
  assert.equal(bytesToHex(memoryOf(r3, 8)), "0x60025f3900000000");
  assert.equal(evalTop("PUSH0 POP CODESIZE"), 3n);
  // Copy cost: 3 + 3 per word + memory.
  assert.equal(gasOf("PUSH1 33 PUSH0 PUSH0", "CODECOPY"), 3 + 6 + 6);
});

test("KECCAK256 hashes memory and charges 30 + 6 per word", () => {
  assert.equal(
    evalTop("PUSH0 PUSH0 KECCAK256"),
    0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n,
  );
  // keccak256 of one zero word.
  assert.equal(
    evalTop("PUSH1 32 PUSH0 KECCAK256"),
    0x290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563n,
  );
  assert.equal(gasOf("PUSH0 PUSH0", "KECCAK256"), 30);
  assert.equal(gasOf("PUSH1 32 PUSH0", "KECCAK256"), 30 + 6 + 3);
  assert.equal(gasOf("PUSH1 33 PUSH0", "KECCAK256"), 30 + 12 + 6);
});

test("STOP, running off the end, RETURN and REVERT end the frame", () => {
  const stop = run("PUSH1 1 STOP INVALID");
  assert.equal(stop.result.success, true);
  assert.equal(stop.result.output.length, 0);
  assert.equal(stop.result.gasLeft, 10_000_000 - 3);
  assert.equal(run("PUSH1 1").result.success, true);
  const ret = run(`PUSH1 0x2a ${"PUSH0 MSTORE PUSH1 32 PUSH0 RETURN"} INVALID`);
  assert.equal(ret.word, 0x2an);
  // A zero-length RETURN at a huge offset returns nothing and expands nothing.
  const empty = run(`PUSH0 PUSH32 ${MAX} RETURN`);
  assert.equal(empty.result.success, true);
  assert.equal(empty.result.output.length, 0);
  assert.equal(empty.gasUsed, 3 + 2);
});

test("PUSH1..PUSH32 push their big-endian immediates", () => {
  for (let n = 1; n <= 32; n++) {
    let hex = "";
    for (let k = 1; k <= n; k++) hex += k.toString(16).padStart(2, "0");
    const code = bytes(Uint8Array.of(0x5f + n), `0x${hex}`, "0x58"); // PUSHn <01..n> PC
    assert.deepEqual(exec(code).stack, [BigInt(`0x${hex}`), BigInt(n + 1)], `PUSH${n}`);
  }
});

test("DUPn copies the n-th item and SWAPn exchanges the top with the (n+1)-th", () => {
  const seventeen = Array.from({ length: 17 }, (_, i) => `PUSH1 ${i + 1}`).join(" "); // 17 on top
  for (let n = 1; n <= 16; n++) {
    const dup = exec(`${seventeen} DUP${n}`).stack;
    assert.equal(dup.length, 18);
    assert.equal(dup[17], BigInt(18 - n), `DUP${n}`);
    const swap = exec(`${seventeen} SWAP${n}`).stack;
    assert.equal(swap[16], BigInt(17 - n), `SWAP${n} top`);
    assert.equal(swap[16 - n], 17n, `SWAP${n} other`);
    assert.equal(swap.length, 17);
  }
});

test("opcodes without dynamic costs charge their Yellow Paper tier", () => {
  // [opcode, stack items it needs (pushed as zeros), gas]
  const table: [string, number, number][] = [
    ["STOP", 0, 0],
    ["POP", 1, 2],
    ["PUSH0", 0, 2],
    ["PC", 0, 2],
    ["MSIZE", 0, 2],
    ["GAS", 0, 2],
    ["RETURNDATASIZE", 0, 2],
    ["JUMPDEST", 0, 1],
    ["CALLDATALOAD", 1, 3],
    ["DUP16", 16, 3],
    ["SWAP16", 17, 3],
    ["PUSH32 0", 0, 3],
    ["SELFBALANCE", 0, 5],
    ["BLOBHASH", 1, 3],
    ["BLOCKHASH", 1, 20],
    ["TLOAD", 1, 100],
    ["TSTORE", 2, 100],
    ["EXP", 2, 10],
    ["KECCAK256", 2, 30],
    ["CALLDATACOPY", 3, 3],
    ["CODECOPY", 3, 3],
    ["RETURNDATACOPY", 3, 3],
    ["MCOPY", 3, 3],
    ["RETURN", 2, 0],
  ];
  for (const [op, items, gas] of table) {
    assert.equal(gasOf("PUSH0 ".repeat(items), op), gas, op);
  }
  assert.equal(run("PUSH0 PUSH0 REVERT", { gas: 100 }).result.gasLeft, 96, "REVERT itself is free");
});
