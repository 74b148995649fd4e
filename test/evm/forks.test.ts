// The fork table (src/evm/forks.ts) and the per-fork opcode tables built from it: each fork's opcodes,
// static gas and handler variants are chosen once per table, and the rows chain as the forks did.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FORKS, type ForkName, getForkRules } from "../../src/evm/forks.js";
import { opcodeTable } from "../../src/evm/opcodes.js";
import { precompileAddresses } from "../../src/evm/precompiles/index.js";
import { exec, run } from "./helpers.js";

const ORDER: ForkName[] = [
  "Frontier",
  "Homestead",
  "EIP150",
  "EIP158",
  "Byzantium",
  "Constantinople",
  "ConstantinopleFix",
  "Istanbul",
  "Berlin",
  "London",
  "Paris",
  "Shanghai",
  "Cancun",
  "Prague",
  "Osaka",
  "BPO1",
  "BPO2",
];

test("forks are ordered by ordinal from Frontier", () => {
  assert.deepEqual(Object.keys(FORKS), ORDER);
  for (const [i, name] of ORDER.entries()) assert.equal(getForkRules(name).ordinal, i, name);
});

test("opcodes appear in the fork that introduced them", () => {
  const introduced: [number, ForkName][] = [
    [0xf4, "Homestead"], // DELEGATECALL
    [0xfd, "Byzantium"], // REVERT
    [0x3d, "Byzantium"], // RETURNDATASIZE
    [0xfa, "Byzantium"], // STATICCALL
    [0x1b, "Constantinople"], // SHL
    [0xf5, "Constantinople"], // CREATE2
    [0x3f, "Constantinople"], // EXTCODEHASH
    [0x46, "Istanbul"], // CHAINID
    [0x47, "Istanbul"], // SELFBALANCE
    [0x48, "London"], // BASEFEE
    [0x5f, "Shanghai"], // PUSH0
    [0x5c, "Cancun"], // TLOAD
    [0x5e, "Cancun"], // MCOPY
    [0x49, "Cancun"], // BLOBHASH
    [0x1e, "Osaka"], // CLZ
  ];
  for (const [code, fork] of introduced) {
    const at = ORDER.indexOf(fork);
    for (const [i, name] of ORDER.entries()) {
      const present = opcodeTable(getForkRules(name)).names[code] !== "INVALID";
      assert.equal(present, i >= at, `opcode 0x${code.toString(16)} in ${name}`);
    }
  }
});

test("static gas follows the fork's schedule", () => {
  const gas = (fork: ForkName, code: number) => opcodeTable(getForkRules(fork)).staticGas[code];
  // SLOAD: 50, 200 (EIP-150), 800 (EIP-1884), 0 + access (EIP-2929).
  assert.deepEqual(
    (["Frontier", "EIP150", "Istanbul", "Berlin", "Cancun"] as const).map((f) => gas(f, 0x54)),
    [50, 200, 800, 0, 0],
  );
  // CALL: 40, 700, then 0 + access; BALANCE: 20, 400, 700, 0.
  assert.deepEqual([gas("Frontier", 0xf1), gas("EIP150", 0xf1), gas("Berlin", 0xf1)], [40, 700, 0]);
  assert.deepEqual(
    [gas("Homestead", 0x31), gas("EIP158", 0x31), gas("Istanbul", 0x31), gas("London", 0x31)],
    [20, 400, 700, 0],
  );
  // SELFDESTRUCT: 0 before EIP-150.
  assert.deepEqual([gas("Frontier", 0xff), gas("EIP150", 0xff), gas("Cancun", 0xff)], [0, 5000, 5000]);
});

test("older forks get their own handlers; Cancun and later share the current ones", () => {
  const handler = (fork: ForkName, code: number) => opcodeTable(getForkRules(fork)).handlers[code];
  for (const code of [0x54, 0x55, 0xf1, 0xf0, 0xff, 0x31]) {
    assert.equal(handler("Cancun", code), handler("Osaka", code));
    assert.notEqual(handler("Istanbul", code), handler("Cancun", code));
  }
  // Berlin has EIP-2929 access costs but the pre-EIP-3529 SSTORE refunds.
  assert.equal(handler("Berlin", 0x54), handler("Cancun", 0x54));
  assert.notEqual(handler("Berlin", 0x55), handler("Cancun", 0x55));
  // Petersburg drops EIP-1283: its SSTORE metering is Byzantium's.
  assert.equal(getForkRules("ConstantinopleFix").sstore, "legacy");
  assert.equal(getForkRules("Constantinople").sstore, "net");
});

test("precompile sets grow with the forks", () => {
  const count = (fork: ForkName) => precompileAddresses(getForkRules(fork)).length;
  assert.deepEqual(
    (["Frontier", "Byzantium", "Istanbul", "Cancun", "Prague"] as const).map(count),
    [4, 8, 9, 10, 17],
  );
});

test("SHL and SHR (run inline by the interpreter) are undefined opcodes before Constantinople", () => {
  // PUSH1 1, PUSH1 1, SHL|SHR, STOP: 0x60 0x01 0x60 0x01 0x1b 0x00
  for (const op of ["1b", "1c"]) {
    const code = `0x60016001${op}00`;
    const before = run(code, { fork: "Byzantium", gas: 100_000 });
    assert.equal(before.result.success, false, `0x${op} halts on Byzantium`);
    assert.equal(before.gasUsed, 100_000, "an undefined opcode consumes all gas");
    assert.match(String(before.result.error), /invalid/i);
    const after = exec(code, { fork: "Constantinople", gas: 100_000 });
    assert.equal(after.halt, undefined, `0x${op} runs on Constantinople`);
    assert.deepEqual(after.stack, [op === "1b" ? 2n : 0n]);
  }
});
