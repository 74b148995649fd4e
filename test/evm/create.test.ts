// Contract creation: CREATE and CREATE2 addresses (EIP-1014 vectors), nonces, collisions (EIP-684 and
// EIP-7610 storage-only accounts), the code size limit (EIP-170), the 0xEF prefix rule (EIP-3541), the
// initcode limit and word cost (EIP-3860), code deposit gas, and return data after creation.
import assert from "node:assert/strict";
import { test } from "node:test";
import { create2Address, createAddress } from "../../src/evm/addresses.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import {
  asm,
  CALLER,
  createFrom,
  createMessage,
  exec,
  gasOf,
  prepare,
  RETURN_TOP,
  run,
  TARGET,
} from "./helpers.js";

const A = (hex: string) => BigInt(hex);

test("create2Address matches the EIP-1014 examples", () => {
  const z32 = 0n;
  const cases: [bigint, bigint, string, string][] = [
    [0n, z32, "0x00", "0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38"],
    [
      A("0xdeadbeef00000000000000000000000000000000"),
      z32,
      "0x00",
      "0xb928f69bb1d91cd65274e3c79d8986362984fda3",
    ],
    [
      A("0xdeadbeef00000000000000000000000000000000"),
      A("0x000000000000000000000000feed000000000000000000000000000000000000"),
      "0x00",
      "0xd04116cdd17bebe565eb2422f2497e06cc1c9833",
    ],
    [0n, z32, "0xdeadbeef", "0x70f2b2914a2a4b783faefb75f459a580616fcb5e"],
    [0xdeadbeefn, 0xcafebaben, "0xdeadbeef", "0x60f3f640a8508fc6a86d45df051962668e1e8ac7"],
    [0xdeadbeefn, 0xcafebaben, `0x${"deadbeef".repeat(11)}`, "0x1d8bfdc5d46dc4f61d6b6115972536ebe6a8854c"],
    [0n, z32, "0x", "0xe33c0c7f7df4809055c3eba6c09cfe4baf1bd9e0"],
  ];
  for (const [sender, salt, initcode, expected] of cases) {
    assert.equal(create2Address(sender, salt, hexToBytes(initcode)), BigInt(expected), expected);
  }
});

test("createAddress is keccak(rlp([sender, nonce]))[12:]", () => {
  const sender = A("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
  const expected = [
    "0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d",
    "0x343c43a37d37dff08ae8c4a11544c718abb4fcf8",
    "0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91",
    "0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c",
  ];
  for (const [nonce, e] of expected.entries()) assert.equal(createAddress(sender, BigInt(nonce)), BigInt(e));
});

test("CREATE2 from a contract deploys at the EIP-1014 address", () => {
  const sender = A("0xdeadbeef00000000000000000000000000000000");
  // Memory byte 0 is 0x00, so the initcode is the single byte 0x00 (STOP).
  const salt0 = run(`PUSH0 PUSH1 1 PUSH0 PUSH0 CREATE2 ${RETURN_TOP}`, { address: sender });
  assert.equal(salt0.word, A("0xb928f69bb1d91cd65274e3c79d8986362984fda3"));
  const feed = "0x000000000000000000000000feed000000000000000000000000000000000000";
  const salted = run(`PUSH32 ${feed} PUSH1 1 PUSH0 PUSH0 CREATE2 ${RETURN_TOP}`, { address: sender });
  assert.equal(salted.word, A("0xd04116cdd17bebe565eb2422f2497e06cc1c9833"));
  assert.equal(salted.state.getNonce(salted.word), 1n, "new contracts start at nonce 1 (EIP-161)");
  assert.equal(salted.state.getNonce(sender), 1n, "the creator's nonce is incremented");
});

test("CREATE uses and increments the creator's nonce", () => {
  const sender = A("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
  const code =
    "PUSH0 PUSH0 PUSH0 CREATE PUSH0 PUSH0 PUSH0 CREATE PUSH1 32 MSTORE PUSH0 MSTORE PUSH1 64 PUSH0 RETURN";
  const r = run(code, { address: sender, nonce: 1n });
  assert.equal(r.result.success, true);
  const hex = bytesToHex(r.result.output).slice(2);
  assert.equal(BigInt(`0x${hex.slice(0, 64)}`), A("0x343c43a37d37dff08ae8c4a11544c718abb4fcf8"), "nonce 1");
  assert.equal(BigInt(`0x${hex.slice(64)}`), A("0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91"), "nonce 2");
  assert.equal(r.state.getNonce(sender), 3n);
});

test("a created contract gets the returned code, the initcode's storage writes and the value", () => {
  // Initcode: SSTORE(0, 0x42), then return the 2-byte runtime code 0x602a.
  const initcode = "PUSH1 0x42 PUSH0 SSTORE PUSH2 0x602a PUSH0 MSTORE PUSH1 2 PUSH1 30 RETURN";
  const r = exec(`${createFrom(initcode, 5n)}`, { balance: 5n });
  assert.equal(r.halt, undefined);
  const created = r.stack[0]!;
  assert.equal(created, createAddress(TARGET, 0n));
  assert.equal(bytesToHex(r.state.getCode(created)), "0x602a");
  assert.equal(r.state.getStorage(created, 0n), 0x42n);
  assert.equal(r.state.getBalance(created), 5n);
  assert.equal(r.state.getBalance(TARGET), 0n);
  assert.equal(r.state.getNonce(created), 1n);
});

test("CREATE2 onto an account with a nonce, code or storage collides and burns the gas passed", () => {
  const target = create2Address(TARGET, 0n, Uint8Array.of(0));
  const code = "PUSH0 PUSH1 1 PUSH0 PUSH0 CREATE2";
  // Pushes 9, CREATE2 32000, memory 3, initcode word 2 + hash word 6: 67980 left, 1/64 of it is kept.
  const g = 100_000 - 9 - 32000 - 3 - 8;
  const colliding: [string, { nonce?: bigint; code?: string; storage?: Record<string, bigint> }][] = [
    ["nonce", { nonce: 1n }],
    ["code", { code: "STOP PUSH0" }],
    ["storage only (EIP-7610)", { storage: { "7": 1n } }],
  ];
  for (const [name, spec] of colliding) {
    const r = exec(code, { gas: 100_000, accounts: [[target, spec]] });
    assert.deepEqual(r.stack, [0n], name);
    assert.equal(r.frame.gas, Math.floor(g / 64), name);
    assert.equal(r.state.getNonce(TARGET), 1n, `${name}: the creator's nonce still moves`);
  }
  // A balance alone is no collision: the contract is created and keeps the balance.
  const funded = exec(code, { gas: 100_000, accounts: [[target, { balance: 9n }]] });
  assert.deepEqual(funded.stack, [target]);
  assert.equal(funded.frame.gas, g, "STOP initcode returns all the gas passed");
  assert.equal(funded.state.getBalance(target), 9n);
  assert.equal(funded.state.getNonce(target), 1n);
});

test("Evm.create reports a collision with no gas left", () => {
  const target = createAddress(CALLER, 0n);
  const p = prepare("STOP", { accounts: [[target, { code: "STOP" }]] });
  const r = p.evm.create(createMessage(Uint8Array.of(0), 50_000));
  assert.equal(r.success, false);
  assert.equal(r.error, "create collision");
  assert.equal(r.gasLeft, 0);
  assert.equal(p.state.getNonce(CALLER), 1n);
});

test("deployed code is limited to 24576 bytes (EIP-170)", () => {
  const ok = prepare("STOP");
  const r = ok.evm.create(createMessage(asm("PUSH2 0x6000 PUSH0 RETURN"), 10_000_000));
  assert.equal(r.success, true);
  assert.equal(r.createdAddress, createAddress(CALLER, 0n));
  assert.equal(ok.state.getCode(r.createdAddress!).length, 24576);
  // Pushes 5, 768 words of memory (2304 + 1152), deposit 200 per byte.
  assert.equal(r.gasLeft, 10_000_000 - 5 - 3456 - 200 * 24576);

  const big = prepare("STOP");
  const r2 = big.evm.create(createMessage(asm("PUSH2 0x6001 PUSH0 RETURN"), 10_000_000));
  assert.equal(r2.success, false);
  assert.equal(r2.error, "max code size exceeded");
  assert.equal(r2.gasLeft, 0);
  assert.equal(big.state.exists(createAddress(CALLER, 0n)), false);
  assert.equal(big.state.getNonce(CALLER), 1n);
});

test("deployed code may not start with 0xEF (EIP-3541)", () => {
  const deploy = (returned: string) => {
    const p = prepare("STOP");
    const initcode = asm(`PUSH2 ${returned} PUSH0 MSTORE PUSH1 2 PUSH1 30 RETURN`);
    return p.evm.create(createMessage(initcode, 1_000_000));
  };
  const rejected = deploy("0xef00");
  assert.equal(rejected.success, false);
  assert.equal(rejected.gasLeft, 0);
  assert.equal(deploy("0xefef").success, false);
  assert.equal(deploy("0x00ef").success, true);
  assert.equal(deploy("0xfe00").success, true);
  const single = prepare("STOP").evm.create(
    createMessage(asm("PUSH1 0xef PUSH0 MSTORE8 PUSH1 1 PUSH0 RETURN"), 1_000_000),
  );
  assert.equal(single.success, false);
});

test("code deposit costs 200 per byte and fails with all gas gone when unaffordable", () => {
  // 16 gas of initcode returning one byte, then 200 for the deposit.
  const initcode = asm("PUSH1 0xfe PUSH0 MSTORE8 PUSH1 1 PUSH0 RETURN");
  const enough = prepare("STOP").evm.create(createMessage(initcode, 216));
  assert.equal(enough.success, true);
  assert.equal(enough.gasLeft, 0);
  const short = prepare("STOP");
  const r = short.evm.create(createMessage(initcode, 215));
  assert.equal(r.success, false);
  assert.equal(r.error, "code deposit out of gas");
  assert.equal(r.gasLeft, 0);
  assert.equal(short.state.exists(createAddress(CALLER, 0n)), false);
});

test("initcode is limited to 49152 bytes and costs 2 gas per word, plus 6 for CREATE2 (EIP-3860)", () => {
  // 1536 words: memory 4608 + 4608, initcode 2 * 1536, hashing 6 * 1536.
  assert.equal(gasOf("PUSH2 49152 PUSH0 PUSH0", "CREATE"), 32000 + 9216 + 3072);
  assert.equal(gasOf("PUSH0 PUSH2 49152 PUSH0 PUSH0", "CREATE2"), 32000 + 9216 + 3072 + 9216);
  assert.equal(gasOf("PUSH1 33 PUSH0 PUSH0", "CREATE"), 32000 + 6 + 4);
  assert.equal(gasOf("PUSH0 PUSH1 33 PUSH0 PUSH0", "CREATE2"), 32000 + 6 + 4 + 12);
  assert.equal(gasOf("PUSH0 PUSH0 PUSH0", "CREATE"), 32000);
  const over = run("PUSH2 49153 PUSH0 PUSH0 CREATE STOP", { gas: 1_000_000 });
  assert.equal(over.result.success, false);
  assert.equal(over.result.error, "max initcode size exceeded");
  assert.equal(over.result.gasLeft, 0);
  const over2 = run("PUSH0 PUSH2 49153 PUSH0 PUSH0 CREATE2 STOP", { gas: 1_000_000 });
  assert.equal(over2.result.error, "max initcode size exceeded");
});

test("CREATE without the balance for its value, or beyond depth 1024, returns 0 and keeps the gas", () => {
  const poor = exec("PUSH0 PUSH0 PUSH1 1 CREATE", { balance: 0n });
  assert.deepEqual(poor.stack, [0n]);
  assert.equal(poor.state.getNonce(TARGET), 0n, "no nonce increment");
  assert.equal(gasOf("PUSH0 PUSH0 PUSH1 1", "CREATE", { balance: 0n }), 32000);
  const deep = exec("PUSH0 PUSH0 PUSH0 CREATE", { depth: 1024 });
  assert.deepEqual(deep.stack, [0n]);
  assert.equal(deep.state.getNonce(TARGET), 0n);
  assert.equal(gasOf("PUSH0 PUSH0 PUSH0", "CREATE", { depth: 1024 }), 32000);
  assert.deepEqual(exec("PUSH0 PUSH0 PUSH0 CREATE", { depth: 1023 }).stack, [createAddress(TARGET, 0n)]);
});

test("after CREATE, return data is the revert output on failure and empty on success", () => {
  const reverting = "PUSH1 0xab PUSH0 MSTORE8 PUSH1 1 PUSH0 REVERT";
  const r = exec(`${createFrom(reverting)} RETURNDATASIZE`);
  assert.deepEqual(r.stack, [0n, 1n]);
  assert.equal(bytesToHex(r.frame.returnData), "0xab");
  // A successful creation clears the previous return data.
  const ok = exec(`${createFrom(reverting)} POP ${createFrom("STOP")} RETURNDATASIZE`);
  assert.equal(ok.stack.length, 2);
  assert.notEqual(ok.stack[0], 0n);
  assert.equal(ok.stack[1], 0n);
  // A reverted creation still consumed only what the initcode used, and the nonce moved.
  assert.equal(r.state.getNonce(TARGET), 1n);
  assert.equal(r.state.exists(createAddress(TARGET, 0n)), false);
});

test("CREATE2 addresses depend on the salt and the initcode", () => {
  const r = exec(
    `${createFrom("STOP", 0n, 1n)} ${createFrom("STOP", 0n, 2n)} ${createFrom("STOP PUSH0", 0n, 2n)}`,
  );
  assert.deepEqual(r.stack, [
    create2Address(TARGET, 1n, asm("STOP")),
    create2Address(TARGET, 2n, asm("STOP")),
    create2Address(TARGET, 2n, asm("STOP PUSH0")),
  ]);
  // The same salt and initcode twice collide.
  const twice = exec(`${createFrom("STOP", 0n, 1n)} ${createFrom("STOP", 0n, 1n)}`);
  assert.deepEqual(twice.stack, [create2Address(TARGET, 1n, asm("STOP")), 0n]);
});
