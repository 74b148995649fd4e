// The opcode table: one row per opcode (name, static gas, stack in/out, handler, fork gate), from which a
// per-fork dispatch table is built once. Adding an opcode or a fork is a row here, not code in the loop.
// A row whose gas or handler changed between forks names a function of the ForkRules instead of a value;
// it is called once when the fork's table is built, so older forks' variants (instructions/legacy.ts)
// cost the current forks' dispatch nothing.
import type { ForkRules } from "./forks.js";
import type { Frame } from "./frame.js";
import * as G from "./gas-constants.js";
import * as arith from "./instructions/arithmetic.js";
import * as bits from "./instructions/bitwise.js";
import * as block from "./instructions/block.js";
import * as ctl from "./instructions/control.js";
import * as env from "./instructions/environment.js";
import * as legacy from "./instructions/legacy.js";
import { makeLog } from "./instructions/log.js";
import * as mem from "./instructions/memory.js";
import * as stack from "./instructions/stack.js";
import * as store from "./instructions/storage.js";
import * as sys from "./instructions/system.js";
import { CallKind } from "./message.js";

export type Handler = (f: Frame) => void;

/** A static gas figure, or the fork's figure (read once per fork table). */
type GasOf = number | ((rules: ForkRules) => number);
/** A handler, or a choice of handler per fork (made once per fork table). */
type HandlerOf = Handler | { byFork: (rules: ForkRules) => Handler };

interface OpcodeDef {
  code: number;
  name: string;
  gas: GasOf;
  pops: number;
  pushes: number;
  handler: HandlerOf;
  enabled?: (rules: ForkRules) => boolean;
}

const DEFS: OpcodeDef[] = [];
function op(
  code: number,
  name: string,
  gas: GasOf,
  pops: number,
  pushes: number,
  handler: HandlerOf,
  enabled?: (rules: ForkRules) => boolean,
): void {
  DEFS.push({ code, name, gas, pops, pushes, handler, enabled });
}

/** The current handler from EIP-2929 (Berlin) on, the one without access costs before. */
function accessed(current: Handler, before: Handler): HandlerOf {
  return { byFork: (r) => (r.eip2929 ? current : before) };
}

op(0x00, "STOP", 0, 0, 0, ctl.stop);
op(0x01, "ADD", G.G_VERYLOW, 2, 1, arith.add);
op(0x02, "MUL", G.G_LOW, 2, 1, arith.mul);
op(0x03, "SUB", G.G_VERYLOW, 2, 1, arith.sub);
op(0x04, "DIV", G.G_LOW, 2, 1, arith.div);
op(0x05, "SDIV", G.G_LOW, 2, 1, arith.sdiv);
op(0x06, "MOD", G.G_LOW, 2, 1, arith.mod);
op(0x07, "SMOD", G.G_LOW, 2, 1, arith.smod);
op(0x08, "ADDMOD", G.G_MID, 3, 1, arith.addmod);
op(0x09, "MULMOD", G.G_MID, 3, 1, arith.mulmod);
op(0x0a, "EXP", G.G_EXP, 2, 1, {
  byFork: (r) => (r.gas.expByte === G.G_EXP_BYTE ? arith.exp : legacy.expFrontier),
});
op(0x0b, "SIGNEXTEND", G.G_LOW, 2, 1, arith.signextend);
op(0x10, "LT", G.G_VERYLOW, 2, 1, bits.lt);
op(0x11, "GT", G.G_VERYLOW, 2, 1, bits.gt);
op(0x12, "SLT", G.G_VERYLOW, 2, 1, bits.slt);
op(0x13, "SGT", G.G_VERYLOW, 2, 1, bits.sgt);
op(0x14, "EQ", G.G_VERYLOW, 2, 1, bits.eq);
op(0x15, "ISZERO", G.G_VERYLOW, 1, 1, bits.iszero);
op(0x16, "AND", G.G_VERYLOW, 2, 1, bits.and);
op(0x17, "OR", G.G_VERYLOW, 2, 1, bits.or);
op(0x18, "XOR", G.G_VERYLOW, 2, 1, bits.xor);
op(0x19, "NOT", G.G_VERYLOW, 1, 1, bits.not);
op(0x1a, "BYTE", G.G_VERYLOW, 2, 1, bits.byte);
op(0x1b, "SHL", G.G_VERYLOW, 2, 1, bits.shl, (r) => r.constantinopleOpcodes);
op(0x1c, "SHR", G.G_VERYLOW, 2, 1, bits.shr, (r) => r.constantinopleOpcodes);
op(0x1d, "SAR", G.G_VERYLOW, 2, 1, bits.sar, (r) => r.constantinopleOpcodes);
op(0x1e, "CLZ", G.G_LOW, 1, 1, bits.clz, (r) => r.eip7939);
op(0x20, "KECCAK256", G.G_KECCAK, 2, 1, mem.keccak256);
op(0x30, "ADDRESS", G.G_BASE, 0, 1, env.address);
op(0x31, "BALANCE", (r) => r.gas.balance, 1, 1, accessed(env.balance, legacy.balance));
op(0x32, "ORIGIN", G.G_BASE, 0, 1, env.origin);
op(0x33, "CALLER", G.G_BASE, 0, 1, env.caller);
op(0x34, "CALLVALUE", G.G_BASE, 0, 1, env.callvalue);
op(0x35, "CALLDATALOAD", G.G_VERYLOW, 1, 1, env.calldataload);
op(0x36, "CALLDATASIZE", G.G_BASE, 0, 1, env.calldatasize);
op(0x37, "CALLDATACOPY", G.G_VERYLOW, 3, 0, env.calldatacopy);
op(0x38, "CODESIZE", G.G_BASE, 0, 1, env.codesize);
op(0x39, "CODECOPY", G.G_VERYLOW, 3, 0, env.codecopy);
op(0x3a, "GASPRICE", G.G_BASE, 0, 1, env.gasprice);
op(0x3b, "EXTCODESIZE", (r) => r.gas.extcode, 1, 1, accessed(env.extcodesize, legacy.extcodesize));
op(0x3c, "EXTCODECOPY", (r) => r.gas.extcode, 4, 0, accessed(env.extcodecopy, legacy.extcodecopy));
op(0x3d, "RETURNDATASIZE", G.G_BASE, 0, 1, env.returndatasize, (r) => r.byzantiumOpcodes);
op(0x3e, "RETURNDATACOPY", G.G_VERYLOW, 3, 0, env.returndatacopy, (r) => r.byzantiumOpcodes);
op(
  0x3f,
  "EXTCODEHASH",
  (r) => r.gas.extcodehash,
  1,
  1,
  accessed(env.extcodehash, legacy.extcodehash),
  (r) => r.constantinopleOpcodes,
);
op(0x40, "BLOCKHASH", G.G_BLOCKHASH, 1, 1, block.blockhash);
op(0x41, "COINBASE", G.G_BASE, 0, 1, block.coinbase);
op(0x42, "TIMESTAMP", G.G_BASE, 0, 1, block.timestamp);
op(0x43, "NUMBER", G.G_BASE, 0, 1, block.number);
op(0x44, "PREVRANDAO", G.G_BASE, 0, 1, block.prevrandao);
op(0x45, "GASLIMIT", G.G_BASE, 0, 1, block.gaslimit);
op(0x46, "CHAINID", G.G_BASE, 0, 1, block.chainid, (r) => r.istanbulOpcodes);
op(0x47, "SELFBALANCE", G.G_LOW, 0, 1, env.selfbalance, (r) => r.istanbulOpcodes);
op(0x48, "BASEFEE", G.G_BASE, 0, 1, block.basefee, (r) => r.eip1559);
op(0x49, "BLOBHASH", G.G_VERYLOW, 1, 1, block.blobhash, (r) => r.eip4844);
op(0x4a, "BLOBBASEFEE", G.G_BASE, 0, 1, block.blobbasefee, (r) => r.eip7516);
op(0x50, "POP", G.G_BASE, 1, 0, stack.inlineOnly);
op(0x51, "MLOAD", G.G_VERYLOW, 1, 1, mem.mload);
op(0x52, "MSTORE", G.G_VERYLOW, 2, 0, mem.mstore);
op(0x53, "MSTORE8", G.G_VERYLOW, 2, 0, mem.mstore8);
op(0x54, "SLOAD", (r) => r.gas.sload, 1, 1, accessed(store.sload, legacy.sload));
op(0x55, "SSTORE", 0, 2, 0, {
  byFork: (r) => (r.sstore === "eip3529" ? store.sstore : legacy.makeSstore(r)),
});
op(0x56, "JUMP", G.G_MID, 1, 0, stack.inlineOnly);
op(0x57, "JUMPI", G.G_HIGH, 2, 0, stack.inlineOnly);
op(0x58, "PC", G.G_BASE, 0, 1, ctl.pc);
op(0x59, "MSIZE", G.G_BASE, 0, 1, mem.msize);
op(0x5a, "GAS", G.G_BASE, 0, 1, ctl.gas);
op(0x5b, "JUMPDEST", G.G_JUMPDEST, 0, 0, stack.inlineOnly);
op(0x5c, "TLOAD", G.G_WARM_ACCESS, 1, 1, store.tload, (r) => r.eip1153);
op(0x5d, "TSTORE", G.G_WARM_ACCESS, 2, 0, store.tstore, (r) => r.eip1153);
op(0x5e, "MCOPY", G.G_VERYLOW, 3, 0, mem.mcopy, (r) => r.eip5656);
op(0x5f, "PUSH0", G.G_BASE, 0, 1, stack.push0, (r) => r.eip3855);
for (let n = 1; n <= 32; n++) op(0x5f + n, `PUSH${n}`, G.G_VERYLOW, 0, 1, stack.inlineOnly);
for (let n = 1; n <= 16; n++) op(0x7f + n, `DUP${n}`, G.G_VERYLOW, n, n + 1, stack.inlineOnly);
for (let n = 1; n <= 16; n++) op(0x8f + n, `SWAP${n}`, G.G_VERYLOW, n + 1, n + 1, stack.inlineOnly);
for (let n = 0; n <= 4; n++) op(0xa0 + n, `LOG${n}`, G.G_LOG, n + 2, 0, makeLog(n));
op(0xf0, "CREATE", G.G_CREATE, 3, 1, {
  byFork: (r) => (r.eip3860 ? sys.create : legacy.makeCreate(false, r)),
});
op(0xf1, "CALL", (r) => r.gas.call, 7, 1, {
  byFork: (r) => (r.eip2929 ? sys.call : legacy.makeCall(CallKind.Call, r)),
});
op(0xf2, "CALLCODE", (r) => r.gas.call, 7, 1, {
  byFork: (r) => (r.eip2929 ? sys.callcode : legacy.makeCall(CallKind.CallCode, r)),
});
op(0xf3, "RETURN", 0, 2, 0, ctl.ret);
op(
  0xf4,
  "DELEGATECALL",
  (r) => r.gas.call,
  6,
  1,
  { byFork: (r) => (r.eip2929 ? sys.delegatecall : legacy.makeCall(CallKind.DelegateCall, r)) },
  (r) => r.eip7,
);
op(
  0xf5,
  "CREATE2",
  G.G_CREATE,
  4,
  1,
  { byFork: (r) => (r.eip3860 ? sys.create2 : legacy.makeCreate(true, r)) },
  (r) => r.constantinopleOpcodes,
);
op(
  0xfa,
  "STATICCALL",
  (r) => r.gas.call,
  6,
  1,
  { byFork: (r) => (r.eip2929 ? sys.staticcall : legacy.makeCall(CallKind.StaticCall, r)) },
  (r) => r.byzantiumOpcodes,
);
op(0xfd, "REVERT", 0, 2, 0, ctl.revert, (r) => r.byzantiumOpcodes);
op(0xfe, "INVALID", 0, 0, 0, ctl.invalid);
op(0xff, "SELFDESTRUCT", (r) => r.gas.selfdestruct, 1, 0, {
  byFork: (r) =>
    r.eip6780 || (r.eip2929 && r.gas.selfdestructRefund === 0)
      ? sys.selfdestruct
      : legacy.makeSelfdestruct(r),
});

export interface OpcodeTable {
  handlers: Handler[];
  staticGas: Int32Array;
  /** Stack items the opcode needs. */
  minStack: Int32Array;
  /** Largest stack height before the opcode that does not overflow 1024 after it. */
  maxStack: Int32Array;
  names: string[];
  /**
   * SHL and SHR exist (Constantinople on). The interpreter runs them inline, before the handler table, so it
   * must know when they are still undefined opcodes (then the table's INVALID handler runs).
   */
  shifts: boolean;
}

const tables = new Map<ForkRules, OpcodeTable>();

export function opcodeTable(rules: ForkRules): OpcodeTable {
  let t = tables.get(rules);
  if (t !== undefined) return t;
  t = {
    handlers: new Array<Handler>(256).fill(ctl.invalid),
    staticGas: new Int32Array(256),
    minStack: new Int32Array(256),
    maxStack: new Int32Array(256).fill(1024),
    names: new Array<string>(256).fill("INVALID"),
    shifts: false,
  };
  for (const d of DEFS) {
    if (d.enabled && !d.enabled(rules)) continue;
    t.handlers[d.code] = typeof d.handler === "function" ? d.handler : d.handler.byFork(rules);
    t.staticGas[d.code] = typeof d.gas === "number" ? d.gas : d.gas(rules);
    t.minStack[d.code] = d.pops;
    t.maxStack[d.code] = 1024 - (d.pushes - d.pops);
    t.names[d.code] = d.name;
  }
  t.shifts = t.handlers[0x1b] !== ctl.invalid && t.handlers[0x1c] !== ctl.invalid;
  tables.set(rules, t);
  return t;
}
