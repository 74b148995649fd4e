// Test helpers for the EVM suites: a mini assembler over the opcode table's names, 256-bit word helpers,
// a default block environment, and runners that execute bytecode as a bare frame (to inspect the stack and
// memory) or as a message through Evm.call (a WorldState over an InMemoryState).
import type { BlockEnv } from "../../src/evm/env.js";
import { Evm, type TxContext } from "../../src/evm/evm.js";
import { FORKS, type ForkName } from "../../src/evm/forks.js";
import { CHILD_CALL, Frame, NO_CHILD } from "../../src/evm/frame.js";
import type { EvmHalt } from "../../src/evm/halt.js";
import { resumeAfterChild } from "../../src/evm/instructions/system.js";
import { runFrame } from "../../src/evm/interpreter.js";
import { CallKind, type CallResult, type CreateMessage } from "../../src/evm/message.js";
import { opcodeTable } from "../../src/evm/opcodes.js";
import { bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from "../../src/primitives/hex.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { WorldState } from "../../src/state/world-state.js";

export const MAX = (1n << 256n) - 1n;
export const SIGN = 1n << 255n;

/** Two's complement of a (possibly negative) integer as a 256-bit word. */
export function u256(x: bigint): bigint {
  return BigInt.asUintN(256, x);
}

// ----- assembler -----

/** Opcode names -> byte, from the Osaka table (a superset of the earlier forks' names). */
export const OPCODES: ReadonlyMap<string, number> = (() => {
  const names = opcodeTable(FORKS.Osaka).names;
  const map = new Map<string, number>();
  for (let code = 0; code < 256; code++) {
    const name = names[code]!;
    if (name !== "INVALID" || code === 0xfe) map.set(name, code);
  }
  return map;
})();

function parseNumber(token: string): bigint {
  if (/^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(token)) return BigInt(token);
  throw new Error(`asm: bad number "${token}"`);
}

function minimalBytes(value: bigint): number {
  let n = 1;
  while (value >> BigInt(8 * n) !== 0n) n++;
  return n;
}

/**
 * Assembles whitespace-separated tokens:
 * - an opcode name (`ADD`, `PUSH0`, `SWAP16`, `INVALID`, ...);
 * - `PUSHn <number>` (hex or decimal, negative means two's complement), left-padded to n bytes;
 * - `PUSH <number>`: the smallest PUSHn (n >= 1) that holds it;
 * - `label:` marks the next byte's offset; `PUSHn @label` pushes it (`PUSH @label` as PUSH2);
 * - a bare `0x...` token is copied as raw bytes.
 */
export function asm(source: string): Uint8Array {
  const tokens = source.split(/\s+/).filter((t) => t.length > 0);
  const out: number[] = [];
  const labels = new Map<string, number>();
  const fixups: { at: number; size: number; label: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.endsWith(":")) {
      labels.set(t.slice(0, -1), out.length);
      continue;
    }
    const push = /^PUSH(\d*)$/.exec(t);
    if (push && push[1] !== "0") {
      const arg = tokens[++i];
      if (arg === undefined) throw new Error(`asm: ${t} needs an operand`);
      let n = push[1] === "" ? 0 : Number(push[1]);
      if (arg.startsWith("@")) {
        if (n === 0) n = 2;
        out.push(0x5f + n);
        fixups.push({ at: out.length, size: n, label: arg.slice(1) });
        for (let k = 0; k < n; k++) out.push(0);
        continue;
      }
      const value = u256(parseNumber(arg));
      if (n === 0) n = minimalBytes(value);
      if (n < 1 || n > 32 || value >> BigInt(8 * n) !== 0n) throw new Error(`asm: ${arg} does not fit ${t}`);
      out.push(0x5f + n);
      for (let k = n - 1; k >= 0; k--) out.push(Number((value >> BigInt(8 * k)) & 0xffn));
      continue;
    }
    if (t.startsWith("0x")) {
      out.push(...hexToBytes(t));
      continue;
    }
    const code = OPCODES.get(t);
    if (code === undefined) throw new Error(`asm: unknown opcode "${t}"`);
    out.push(code);
  }
  for (const { at, size, label } of fixups) {
    const target = labels.get(label);
    if (target === undefined) throw new Error(`asm: unknown label "${label}"`);
    if (target >= 256 ** size) throw new Error(`asm: label "${label}" does not fit PUSH${size}`);
    for (let k = 0; k < size; k++) out[at + k] = Math.floor(target / 256 ** (size - 1 - k)) & 0xff;
  }
  return Uint8Array.from(out);
}

/** Code tail that returns the top of the stack as a 32-byte word. */
export const RETURN_TOP = "PUSH0 MSTORE PUSH1 32 PUSH0 RETURN";

/** Code that returns `n` bytes of memory from offset 0 (e.g. after a CALL wrote its output there). */
export function returnMemory(n: number): string {
  return `PUSH ${n} PUSH0 RETURN`;
}

/**
 * Assembly that stores `initcode` at memory 0 and CREATEs from it (CREATE2 when `salt` is given), leaving
 * the new address (or 0) on the stack.
 */
export function createFrom(initcode: Uint8Array | string, value = 0n, salt?: bigint): string {
  const code = typeof initcode === "string" ? asm(initcode) : initcode;
  let out = "";
  for (let i = 0; i < code.length; i += 32) {
    const chunk = new Uint8Array(32);
    chunk.set(code.subarray(i, i + 32));
    out += `PUSH32 ${bytesToHex(chunk)} PUSH ${i} MSTORE `;
  }
  const salted = salt === undefined ? "" : `PUSH32 ${salt} `;
  return `${out}${salted}PUSH ${code.length} PUSH0 PUSH ${value} ${salt === undefined ? "CREATE" : "CREATE2"}`;
}

/** Initcode that deploys `runtime` (at most 32 bytes). */
export function deployer(runtime: Uint8Array | string): Uint8Array {
  const code = typeof runtime === "string" ? asm(runtime) : runtime;
  if (code.length === 0 || code.length > 32) throw new Error("deployer: runtime must be 1..32 bytes");
  return asm(
    `PUSH${code.length} ${bytesToHex(code)} PUSH0 MSTORE PUSH ${code.length} PUSH ${32 - code.length} RETURN`,
  );
}

// ----- environment -----

export const ORIGIN = 0x1000_0000_0000_0000_0000_0000_0000_0000_0000_0001n;
export const CALLER = 0xca11e7n;
export const TARGET = 0xc0de_0000_0000_0000_0000_0000_0000_0000_0000_0001n;
export const COINBASE = 0xc014ba5en;

export function blockEnv(overrides: Partial<BlockEnv> = {}): BlockEnv {
  return {
    chainId: 1n,
    number: 1000n,
    timestamp: 1_700_000_000n,
    coinbase: COINBASE,
    gasLimit: 100_000_000n,
    baseFee: 7n,
    prevRandao: 0x1234n,
    blobBaseFee: 1n,
    blockHash: (n: bigint) => 0xb10c_0000n + n,
    ...overrides,
  };
}

export interface AccountSpec {
  nonce?: bigint;
  balance?: bigint;
  code?: Uint8Array | string;
  storage?: Record<string, bigint> | Map<bigint, bigint>;
}

/** Builds a pre-state; `code` given as a string is assembled. */
export function preState(accounts: Iterable<[bigint, AccountSpec]> = []): InMemoryState {
  const state = new InMemoryState();
  for (const [address, spec] of accounts) {
    const storage =
      spec.storage instanceof Map
        ? spec.storage
        : new Map(Object.entries(spec.storage ?? {}).map(([k, v]) => [BigInt(k), v]));
    state.putAccount(address, {
      nonce: spec.nonce,
      balance: spec.balance,
      code: typeof spec.code === "string" ? asm(spec.code) : spec.code,
      storage,
    });
  }
  return state;
}

export interface RunOptions {
  fork?: ForkName;
  gas?: number;
  input?: Uint8Array | string;
  value?: bigint;
  isStatic?: boolean;
  depth?: number;
  caller?: bigint;
  /** The account the code runs as; its code is `code`. */
  address?: bigint;
  /** Balance of the running account (default 0; the caller has 10^18). */
  balance?: bigint;
  /** Nonce of the running account (default 0). */
  nonce?: bigint;
  /** Further accounts of the pre-state. */
  accounts?: Iterable<[bigint, AccountSpec]>;
  /** Storage of the running account. */
  storage?: Record<string, bigint>;
  env?: Partial<BlockEnv>;
  /** Whether the caller and the running account start warm, as they do in a transaction (default true). */
  warm?: boolean;
  /** Slots of the running account that start warm (as if from an access list). */
  warmSlots?: bigint[];
  tx?: Partial<TxContext>;
}

export interface Prepared {
  pre: InMemoryState;
  state: WorldState;
  evm: Evm;
  code: Uint8Array;
  address: bigint;
  caller: bigint;
  input: Uint8Array;
}

/** The pre-state, WorldState and Evm that `run` and `exec` use, without running anything. */
export function prepare(code: Uint8Array | string, opts: RunOptions = {}): Prepared {
  const bytes = typeof code === "string" ? asm(code) : code;
  const address = opts.address ?? TARGET;
  const caller = opts.caller ?? CALLER;
  const pre = preState([
    [caller, { balance: 10n ** 18n }],
    ...(opts.accounts ?? []),
    [address, { code: bytes, balance: opts.balance ?? 0n, nonce: opts.nonce, storage: opts.storage }],
  ]);
  const state = new WorldState(pre);
  if (opts.warm ?? true) {
    state.warmAddress(caller);
    state.warmAddress(address);
  }
  for (const slot of opts.warmSlots ?? []) state.warmSlot(address, slot);
  const rules = FORKS[opts.fork ?? "Osaka"];
  const evm = new Evm(state, blockEnv(opts.env), rules, {
    origin: opts.tx?.origin ?? ORIGIN,
    gasPrice: opts.tx?.gasPrice ?? 10n,
    blobHashes: opts.tx?.blobHashes ?? [],
  });
  const input = typeof opts.input === "string" ? hexToBytes(opts.input) : (opts.input ?? new Uint8Array(0));
  return { pre, state, evm, code: bytes, address, caller, input };
}

export interface CallRun extends Prepared {
  result: CallResult;
  gasUsed: number;
  /** The output read as one big-endian number (0 when empty). */
  word: bigint;
}

/** Runs `code` as the target of a CALL message (value moves from the caller when non-zero). */
export function run(code: Uint8Array | string, opts: RunOptions = {}): CallRun {
  const p = prepare(code, opts);
  const gas = opts.gas ?? 10_000_000;
  const result = p.evm.call({
    kind: opts.isStatic ? CallKind.StaticCall : CallKind.Call,
    caller: p.caller,
    to: p.address,
    codeAddress: p.address,
    delegated: false,
    value: opts.value ?? 0n,
    transfersValue: !opts.isStatic,
    input: p.input,
    gas,
    isStatic: opts.isStatic ?? false,
    depth: opts.depth ?? 0,
  });
  return { ...p, result, gasUsed: gas - result.gasLeft, word: bytesToBigInt(result.output) };
}

export interface FrameRun extends Prepared {
  frame: Frame;
  halt: EvmHalt | undefined;
  /** The stack after the run, bottom first. */
  stack: bigint[];
  gasUsed: number;
}

/**
 * Runs `code` as a bare frame (no checkpoint, no rollback), so the stack and memory can be inspected. Its
 * CALLs and CREATEs run through Evm.call/create, as a code runner's would.
 */
export function exec(code: Uint8Array | string, opts: RunOptions = {}): FrameRun {
  const p = prepare(code, opts);
  const gas = opts.gas ?? 10_000_000;
  const message = {
    kind: opts.isStatic ? CallKind.StaticCall : CallKind.Call,
    caller: p.caller,
    to: p.address,
    codeAddress: p.address,
    delegated: false,
    value: opts.value ?? 0n,
    transfersValue: !opts.isStatic,
    input: p.input,
    gas,
    isStatic: opts.isStatic ?? false,
    depth: opts.depth ?? 0,
  } as const;
  const frame = new Frame(p.evm, message, p.code, new Array<bigint>(1024).fill(0n));
  let halt = runFrame(frame, p.evm.table);
  while (halt === undefined && frame.childKind !== NO_CHILD) {
    const child =
      frame.childKind === CHILD_CALL ? p.evm.call(frame.childCall!) : p.evm.create(frame.childCreate!);
    resumeAfterChild(frame, child);
    halt = runFrame(frame, p.evm.table);
  }
  return { ...p, frame, halt, stack: frame.stack.slice(0, frame.sp), gasUsed: gas - frame.gas };
}

/** A CREATE message from CALLER at depth 1. */
export function createMessage(initcode: Uint8Array, gas: number): CreateMessage {
  return { kind: CallKind.Create, caller: CALLER, value: 0n, initcode, gas, depth: 1, salt: 0n };
}

/** The single value `code` leaves on the stack (throws if it halts or leaves a different count). */
export function evalTop(code: string, opts: RunOptions = {}): bigint {
  const r = exec(code, opts);
  if (r.halt !== undefined) throw new Error(`halted: ${r.halt.reason}`);
  if (r.stack.length !== 1) throw new Error(`expected one stack item, got ${r.stack.length}`);
  return r.stack[0]!;
}

/** Pushes the operands so that the first one ends on top, then runs `op`: op(a, b, ...) in EVM order. */
export function applyOp(op: string, ...operands: bigint[]): bigint {
  const pushes = [...operands]
    .reverse()
    .map((v) => `PUSH32 ${u256(v)}`)
    .join(" ");
  return evalTop(`${pushes} ${op}`);
}

/** Gas charged by `code` beyond what `setup` alone costs (both run as bare frames). */
export function gasOf(setup: string, code: string, opts: RunOptions = {}): number {
  const base = exec(setup, opts);
  const full = exec(`${setup} ${code}`, opts);
  if (base.halt !== undefined || full.halt !== undefined) {
    throw new Error(`halted: ${(base.halt ?? full.halt)!.reason}`);
  }
  return full.gasUsed - base.gasUsed;
}

/** Memory bytes [0, n) of a bare-frame run. */
export function memoryOf(r: FrameRun, n: number): Uint8Array {
  return r.frame.memory.buf.slice(0, n);
}

/** YP memory cost C_mem(a) = 3a + floor(a^2 / 512) for a words. */
export function memCost(words: number): number {
  return 3 * words + Math.floor((words * words) / 512);
}

export function bytes(...parts: (Uint8Array | string)[]): Uint8Array {
  return concatBytes(...parts.map((p) => (typeof p === "string" ? hexToBytes(p) : p)));
}

/** 20-byte hex of an address, for PUSH20 operands. */
export function addr(a: bigint): string {
  return `0x${a.toString(16).padStart(40, "0")}`;
}
