// prestateTracer (geth's native tracer) through debug_traceTransaction, debug_traceCall and
// debug_traceBlockByNumber: default mode lists what the transaction touched as it was before, diffMode what it
// changed; values are checked against the state the test set up.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { deploy } from "../../tools/heavy-code.js";
import { ANVIL_ADDRESSES, call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";
import { asm } from "../evm/helpers.js";

const [A] = ANVIL_ADDRESSES.map((a) => a.toLowerCase());
const OTHER = "0x00000000000000000000000000000000000000cc";
const word = (n: bigint) => `0x${n.toString(16).padStart(64, "0")}`;

interface PreAccount {
  balance: string;
  nonce?: number;
  code?: string;
  codeHash?: string;
  storage?: Record<string, string>;
}

describe("prestateTracer", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let url: string;
  let contract: string;
  let code: string;
  let txHash: string;
  let blockNumber: string;
  // State before the traced transaction.
  let balanceA: bigint;
  let nonceA: number;

  before(async () => {
    running = await startTestNode(dir.path);
    url = running.url;
    // Reads slot 1, writes CALLVALUE into slot 2, sends 1 wei to OTHER and asks for OTHER's balance.
    const runtime = asm(
      `PUSH1 1 SLOAD POP CALLVALUE PUSH1 2 SSTORE PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 1 PUSH20 ${OTHER} GAS CALL POP PUSH20 ${OTHER} BALANCE POP STOP`,
    );
    code = bytesToHex(runtime);
    contract = (await deploy(url, A!, runtime)).toLowerCase();
    // Slot 1 = 7 before the traced transaction.
    await call(url, "anvil_setStorageAt", [contract, "0x1", word(7n)]);
    balanceA = BigInt((await call(url, "eth_getBalance", [A, "latest"])) as string);
    nonceA = Number(BigInt((await call(url, "eth_getTransactionCount", [A, "latest"])) as string));
    txHash = (await call(url, "eth_sendTransaction", [
      {
        from: A,
        to: contract,
        value: "0x64",
        gas: "0x100000",
        maxFeePerGas: "0x77359400",
        maxPriorityFeePerGas: "0x1",
      },
    ])) as string;
    const receipt = (await call(url, "eth_getTransactionReceipt", [txHash])) as {
      blockNumber: string;
      status: string;
    };
    assert.equal(receipt.status, "0x1");
    blockNumber = receipt.blockNumber;
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("lists the touched accounts and slots as they were before the transaction", async () => {
    const pre = (await call(url, "debug_traceTransaction", [txHash, { tracer: "prestateTracer" }])) as Record<
      string,
      PreAccount
    >;
    assert.deepEqual(pre[A!], { balance: `0x${balanceA.toString(16)}`, nonce: nonceA });
    assert.deepEqual(pre[contract], {
      balance: "0x0",
      nonce: 1,
      code,
      codeHash: bytesToHex(keccak256(hexToBytes(code))),
      storage: { [word(1n)]: word(7n), [word(2n)]: word(0n) },
    });
    // OTHER did not exist before: left out, as geth leaves out empty accounts.
    assert.equal(pre[OTHER], undefined);
    const withEmpty = (await call(url, "debug_traceTransaction", [
      txHash,
      { tracer: "prestateTracer", tracerConfig: { includeEmpty: true } },
    ])) as Record<string, PreAccount>;
    assert.deepEqual(withEmpty[OTHER], { balance: "0x0" });
    const noCode = (await call(url, "debug_traceTransaction", [
      txHash,
      { tracer: "prestateTracer", tracerConfig: { disableCode: true, disableStorage: true } },
    ])) as Record<string, PreAccount>;
    assert.equal(noCode[contract]!.code, undefined);
    assert.equal(noCode[contract]!.storage, undefined);
    assert.equal(noCode[contract]!.codeHash, pre[contract]!.codeHash);
  });

  it("diffMode shows what changed, before and after", async () => {
    const diff = (await call(url, "debug_traceTransaction", [
      txHash,
      { tracer: "prestateTracer", tracerConfig: { diffMode: true } },
    ])) as { pre: Record<string, PreAccount>; post: Record<string, PreAccount> };
    const receipt = (await call(url, "eth_getTransactionReceipt", [txHash])) as {
      gasUsed: string;
      effectiveGasPrice: string;
    };
    const fee = BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice);
    assert.deepEqual(diff.pre[A!], { balance: `0x${balanceA.toString(16)}`, nonce: nonceA });
    assert.deepEqual(diff.post[A!], {
      balance: `0x${(balanceA - 100n - fee).toString(16)}`,
      nonce: nonceA + 1,
    });
    // Slot 1 was only read: not in the diff; slot 2 went from 0 to 100 (a zero pre value is left out).
    assert.deepEqual(diff.pre[contract], {
      balance: "0x0",
      nonce: 1,
      code,
      codeHash: bytesToHex(keccak256(hexToBytes(code))),
    });
    assert.deepEqual(diff.post[contract], { balance: "0x63", storage: { [word(2n)]: word(100n) } });
    assert.equal(diff.pre[OTHER], undefined);
    assert.deepEqual(diff.post[OTHER], { balance: "0x1" });
    // The chain agrees with the post state.
    assert.equal(await call(url, "eth_getStorageAt", [contract, "0x2", blockNumber]), word(100n));
  });

  it("works for debug_traceCall and for every transaction of a block", async () => {
    const pre = (await call(url, "debug_traceCall", [
      { from: A, to: contract, value: "0x5" },
      "latest",
      { tracer: "prestateTracer" },
    ])) as Record<string, PreAccount>;
    assert.deepEqual(pre[contract]!.storage, { [word(1n)]: word(7n), [word(2n)]: word(100n) });
    assert.deepEqual(pre[OTHER], { balance: "0x1" });
    const traces = (await call(url, "debug_traceBlockByNumber", [
      blockNumber,
      { tracer: "prestateTracer", tracerConfig: { diffMode: true } },
    ])) as { txHash: string; result: unknown }[];
    const mine = traces.find((t) => t.txHash === txHash);
    assert.deepEqual(
      mine?.result,
      await call(url, "debug_traceTransaction", [
        txHash,
        { tracer: "prestateTracer", tracerConfig: { diffMode: true } },
      ]),
    );
    const bad = await rpc(url, "debug_traceTransaction", [
      txHash,
      { tracer: "prestateTracer", tracerConfig: { diffMode: true, includeEmpty: true } },
    ]);
    assert.equal((bad.error as { code: number }).code, -32602);
  });
});
