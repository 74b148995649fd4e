// eth_simulateV1 on a plain devnet (the rpc-compat suite checks it byte for byte against geth's fixtures when
// ../shared/execution-apis-tests is present; these run everywhere): chained blocks that leave the node's state
// alone, BLOCKHASH over simulated blocks, traceTransfers, per-call errors, validation, precompile moves, the
// request limits and the gas budget.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { bytesToHex } from "../../src/primitives/hex.js";
import { call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";
import { asm } from "../evm/helpers.js";

const C0 = "0xc000000000000000000000000000000000000000";
const C1 = "0xc100000000000000000000000000000000000000";
const C2 = "0xc200000000000000000000000000000000000000";
const C3 = "0xc300000000000000000000000000000000000000";
const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

interface SimCall {
  returnData: string;
  logs: { address: string; topics: string[]; data: string; logIndex: string; blockHash: string }[];
  gasUsed: string;
  maxUsedGas: string;
  status: string;
  error?: { code: number; message: string; data?: string };
}
interface SimBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  baseFeePerGas: string;
  transactions: (string | { hash: string; from: string; nonce: string })[];
  calls: SimCall[];
}

function word(n: bigint): string {
  return `0x${n.toString(16).padStart(64, "0")}`;
}

describe("eth_simulateV1", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let url: string;
  const simulate = async (options: unknown, block: unknown = "latest") =>
    (await call(url, "eth_simulateV1", [options, block])) as SimBlock[];
  const simulateError = async (options: unknown, block: unknown = "latest") => {
    const r = await rpc(url, "eth_simulateV1", [options, block]);
    if (r.error === undefined)
      assert.fail(`expected an error, got ${String(JSON.stringify(r.result)).slice(0, 200)}`);
    return r.error as { code: number; message: string };
  };

  before(async () => {
    running = await startTestNode(dir.path, { gasCap: 1_000_000n });
    url = running.url;
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("chains blocks on the head and leaves the node's state alone", async () => {
    const head = (await call(url, "eth_getBlockByNumber", ["latest", false])) as {
      number: string;
      hash: string;
    };
    const blocks = await simulate({
      blockStateCalls: [
        { stateOverrides: { [C0]: { balance: "0x3e8" } }, calls: [{ from: C0, to: C1, value: "0x3e8" }] },
        { calls: [{ from: C1, to: C2, value: "0x3e8" }] },
      ],
      returnFullTransactions: true,
    });
    assert.equal(blocks.length, 2);
    assert.equal(BigInt(blocks[0]!.number), BigInt(head.number) + 1n);
    assert.equal(blocks[0]!.parentHash, head.hash);
    assert.equal(blocks[1]!.parentHash, blocks[0]!.hash);
    assert.equal(BigInt(blocks[1]!.timestamp) - BigInt(blocks[0]!.timestamp), 12n);
    for (const b of blocks) {
      assert.equal(b.calls[0]!.status, "0x1");
      assert.equal(b.calls[0]!.gasUsed, "0x5208");
      // Without validation the base fee is 0.
      assert.equal(b.baseFeePerGas, "0x0");
    }
    const tx = blocks[1]!.transactions[0] as { from: string; nonce: string };
    assert.equal(tx.from, C1);
    assert.equal(tx.nonce, "0x0");
    // C2 received the value in the simulation only.
    assert.equal(await call(url, "eth_getBalance", [C2, "latest"]), "0x0");
    assert.equal(await call(url, "eth_getBalance", [C0, "latest"]), "0x0");
  });

  it("serves BLOCKHASH of earlier simulated blocks", async () => {
    // Returns BLOCKHASH(NUMBER - 1).
    const code = bytesToHex(asm("PUSH1 1 NUMBER SUB BLOCKHASH PUSH0 MSTORE PUSH1 32 PUSH0 RETURN"));
    const blocks = await simulate({
      blockStateCalls: [{ stateOverrides: { [C2]: { code } } }, { calls: [{ from: C0, to: C2 }] }],
    });
    assert.equal(blocks[1]!.calls[0]!.returnData, blocks[0]!.hash);
  });

  it("fills gaps in block numbers with empty blocks", async () => {
    const head = BigInt((await call(url, "eth_blockNumber")) as string);
    const blocks = await simulate({
      blockStateCalls: [{ blockOverrides: { number: `0x${(head + 3n).toString(16)}` } }],
    });
    assert.deepEqual(
      blocks.map((b) => BigInt(b.number)),
      [head + 1n, head + 2n, head + 3n],
    );
    assert.equal(blocks[2]!.parentHash, blocks[1]!.hash);
  });

  it("reports ether transfers as logs with traceTransfers, and drops them on revert", async () => {
    // C2 forwards half its call value to C3, then succeeds; C1 always reverts.
    const forward = bytesToHex(
      asm(
        "PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 2 CALLVALUE DIV PUSH20 0xc300000000000000000000000000000000000000 GAS CALL STOP",
      ),
    );
    const revert = bytesToHex(asm("PUSH0 PUSH0 REVERT"));
    const [block] = await simulate({
      blockStateCalls: [
        {
          stateOverrides: { [C0]: { balance: "0x100000" }, [C2]: { code: forward }, [C1]: { code: revert } },
          calls: [
            { from: C0, to: C2, value: "0x64" },
            { from: C0, to: C1, value: "0x64" },
          ],
        },
      ],
      traceTransfers: true,
    });
    const [ok, failed] = block!.calls;
    assert.equal(ok!.logs.length, 2);
    assert.deepEqual(
      ok!.logs.map((l) => [l.address, l.topics[0], l.topics[1], l.topics[2], l.data]),
      [
        [
          "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
          TRANSFER_TOPIC,
          word(0xc0n << 152n),
          word(0xc2n << 152n),
          word(100n),
        ],
        [
          "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee",
          TRANSFER_TOPIC,
          word(0xc2n << 152n),
          word(0xc3n << 152n),
          word(50n),
        ],
      ],
    );
    assert.equal(ok!.logs[0]!.blockHash, block!.hash);
    assert.deepEqual(
      ok!.logs.map((l) => l.logIndex),
      ["0x0", "0x1"],
    );
    assert.equal(failed!.status, "0x0");
    assert.deepEqual(failed!.logs, []);
    assert.deepEqual(failed!.error, { message: "execution reverted", code: 3, data: "0x" });
  });

  it("reports a VM error as -32015 and a creation's deployed code as its return data", async () => {
    const [block] = await simulate({
      blockStateCalls: [
        {
          stateOverrides: { [C2]: { code: "0xfe" } },
          calls: [
            { from: C0, to: C2, gas: "0x10000" },
            // Initcode returning the one-byte code 0x42.
            { from: C0, input: bytesToHex(asm("PUSH1 0x42 PUSH0 MSTORE8 PUSH1 1 PUSH0 RETURN")) },
          ],
        },
      ],
    });
    assert.equal(block!.calls[0]!.error?.code, -32015);
    assert.equal(block!.calls[0]!.gasUsed, "0x10000");
    assert.equal(block!.calls[1]!.status, "0x1");
    assert.equal(block!.calls[1]!.returnData, "0x42");
  });

  it("checks nonces and fees only with validation", async () => {
    const options = (validation: boolean) => ({
      blockStateCalls: [
        {
          stateOverrides: { [C0]: { balance: "0xffffffffff", nonce: "0x5" } },
          calls: [{ from: C0, to: C1, nonce: "0x1" }],
        },
      ],
      validation,
    });
    const [block] = await simulate(options(false));
    assert.equal(block!.calls[0]!.status, "0x1");
    assert.equal((await simulateError(options(true))).code, -38010);
    const tooHigh = options(true);
    tooHigh.blockStateCalls[0]!.calls[0]!.nonce = "0x9";
    assert.equal((await simulateError(tooHigh)).code, -38011);
    // With validation the base fee is the EIP-1559 one, and a zero fee cap is below it.
    const fees = await simulateError({
      blockStateCalls: [{ blockOverrides: { baseFeePerGas: "0x10" }, calls: [{ from: C0, to: C1 }] }],
      validation: true,
    });
    assert.equal(fees.code, -38012);
    const funds = await simulateError({
      blockStateCalls: [{ calls: [{ from: C3, to: C1, value: "0x1" }] }],
    });
    assert.equal(funds.code, -38014);
    const intrinsic = await simulateError({
      blockStateCalls: [{ calls: [{ from: C0, to: C1, gas: "0x0" }] }],
    });
    assert.equal(intrinsic.code, -38013);
  });

  it("moves a precompile and removes it from its own address", async () => {
    const [block] = await simulate({
      blockStateCalls: [
        {
          stateOverrides: { "0x0000000000000000000000000000000000000002": { movePrecompileToAddress: C3 } },
          calls: [
            { from: C0, to: C3, input: "0x616263" },
            { from: C0, to: "0x0000000000000000000000000000000000000002", input: "0x616263" },
          ],
        },
      ],
    });
    const sha = `0x${createHash("sha256").update("abc").digest("hex")}`;
    assert.equal(block!.calls[0]!.returnData, sha);
    assert.equal(block!.calls[1]!.returnData, "0x");
    const notPrecompile = await simulateError({
      blockStateCalls: [{ stateOverrides: { [C1]: { movePrecompileToAddress: C3 } } }],
    });
    assert.equal(notPrecompile.code, -32000);
    assert.match(notPrecompile.message, /is not a precompile/);
  });

  it("enforces the spec's limits and chain order", async () => {
    assert.equal((await simulateError({ blockStateCalls: [] })).code, -32602);
    const many = Array.from({ length: 257 }, () => ({}));
    assert.equal((await simulateError({ blockStateCalls: many })).code, -38026);
    const head = BigInt((await call(url, "eth_blockNumber")) as string);
    const far = await simulateError({
      blockStateCalls: [{ blockOverrides: { number: `0x${(head + 257n).toString(16)}` } }],
    });
    assert.equal(far.code, -38026);
    const order = await simulateError({
      blockStateCalls: [
        { blockOverrides: { number: `0x${(head + 2n).toString(16)}` } },
        { blockOverrides: { number: `0x${(head + 1n).toString(16)}` } },
      ],
    });
    assert.equal(order.code, -38020);
    const time = await simulateError({ blockStateCalls: [{ blockOverrides: { time: "0x0" } }] });
    assert.equal(time.code, -38021);
    const calls = Array.from({ length: 5001 }, () => ({ from: C0, to: C1 }));
    assert.equal((await simulateError({ blockStateCalls: [{ calls }] })).code, -38026);
    const gas = await simulateError({
      blockStateCalls: [
        { blockOverrides: { gasLimit: "0x10000" }, calls: [{ from: C0, to: C1, gas: "0x20000" }] },
      ],
    });
    assert.equal(gas.code, -38015);
    assert.equal((await simulateError({ blockStateCalls: [{}] }, "0xffffff")).code, -32000);
  });

  it("caps the calls' gas by the RPC gas cap over the whole request", async () => {
    // The node's gas cap is 1,000,000: a loop that burns all its gas gets at most what is left of it.
    const burn = bytesToHex(asm("JUMPDEST PUSH0 JUMP"));
    const [block] = await simulate({
      blockStateCalls: [
        {
          stateOverrides: { [C2]: { code: burn } },
          calls: [
            { from: C0, to: C2, gas: "0xc3500" },
            { from: C0, to: C2 },
          ],
        },
      ],
    });
    assert.equal(BigInt(block!.calls[0]!.gasUsed), 800_000n);
    assert.equal(BigInt(block!.calls[1]!.gasUsed), 200_000n);
    assert.match(block!.calls[1]!.error!.message, /capped by the RPC server's global gas cap/);
    const third = await simulate({
      blockStateCalls: [
        { stateOverrides: { [C2]: { code: burn } }, calls: [{ from: C0, to: C2, gas: "0x1000000" }] },
      ],
    });
    assert.equal(BigInt(third[0]!.calls[0]!.gasUsed), 1_000_000n);
  });
});
