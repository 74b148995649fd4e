// The execution-apis rpc-compat suite (../shared/execution-apis-tests, its README) against `lanes node
// --genesis genesis.json` with `--import chain.rlp` (chain.ts): every `.io` file in hive's order on one node.
// A file listed in NOT_PASSING must fail (so a fix shows up as a failure here until the list is updated);
// every other file must pass. RPC_COMPAT_REPORT=1 prints each failing file with its first difference.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type CompatChain, haveFixtures, RPC_COMPAT_DIR, startCompatChain } from "./chain.js";
import { compareResponse, type IoTest, readIoTests, SpecSchemas } from "./io-files.js";
import { NOT_PASSING } from "./not-passing.js";

/** Files that pass (of 232). */
const EXPECTED_PASS = 232;

async function runIo(url: string, t: IoTest, schemas: SpecSchemas): Promise<string | undefined> {
  for (const [i, x] of t.exchanges.entries()) {
    const res = await fetch(url, {
      method: "POST",
      body: x.request,
      headers: { "content-type": "application/json" },
    });
    const text = await res.text();
    let got: unknown;
    try {
      got = JSON.parse(text);
    } catch {
      return `exchange ${i}: HTTP ${res.status}, not JSON: ${text.slice(0, 80)}`;
    }
    const want = JSON.parse(x.expected) as Record<string, unknown>;
    let diff: string | undefined;
    if (t.speconly) {
      const g = got as Record<string, unknown>;
      // An expected error must be an error (of any shape); an expected result must fit the schema.
      if (want.error !== undefined)
        diff = g.error === undefined ? "result where an error is expected" : undefined;
      else if (g.error !== undefined) diff = `error ${JSON.stringify(g.error).slice(0, 120)}`;
      else diff = schemas.check((JSON.parse(x.request) as { method: string }).method, g.result);
    } else {
      diff = compareResponse(got, want);
    }
    if (diff !== undefined) {
      const g = got as Record<string, unknown>;
      const detail =
        g.error !== undefined && want.error === undefined
          ? ` (error ${JSON.stringify(g.error).slice(0, 100)})`
          : "";
      return `exchange ${i}: ${diff.slice(0, 200)}${detail}`;
    }
  }
  return undefined;
}

describe("execution-apis rpc-compat suite", {
  skip: !haveFixtures() && "no ../shared/execution-apis-tests",
}, () => {
  let chain: CompatChain;
  const tests = haveFixtures() ? readIoTests(RPC_COMPAT_DIR) : [];
  const schemas = haveFixtures() ? new SpecSchemas(join(RPC_COMPAT_DIR, "..", "src")) : undefined;
  const failures = new Map<string, string>();

  before(async () => {
    chain = await startCompatChain();
  });
  after(async () => {
    if (process.env.RPC_COMPAT_REPORT === "1") {
      for (const [name, why] of failures) console.log(`| ${name} | ${why.replaceAll("|", "\\|")} |`);
    }
    await chain?.close();
  });

  test("imports the whole chain, Frontier to BPO2, with Lanes alone", () => {
    assert.equal(chain.imported, 54);
  });

  for (const t of tests) {
    test(t.name, async () => {
      const why = await runIo(chain.url, t, schemas!);
      if (why !== undefined) failures.set(t.name, why);
      const listed = NOT_PASSING[t.name];
      if (listed === undefined) assert.equal(why, undefined, `${t.name} fails: ${why}`);
      else assert.notEqual(why, undefined, `${t.name} passes now: remove it from NOT_PASSING (${listed})`);
    });
  }

  // The suite traces only pre-Cancun blocks; on a Prague block too, a block trace must equal the
  // transactions' own traces, in order.
  test("debug_traceBlockByNumber equals debug_traceTransaction per transaction (block 0x2d, Prague)", async () => {
    const post = async (method: string, params: unknown[]) => {
      const res = await fetch(chain.url, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        headers: { "content-type": "application/json" },
      });
      const body = (await res.json()) as { result?: unknown; error?: unknown };
      assert.equal(body.error, undefined, `${method}: ${JSON.stringify(body.error)}`);
      return body.result;
    };
    const block = (await post("eth_getBlockByNumber", ["0x2d", false])) as { transactions: string[] };
    assert.ok(block.transactions.length > 1);
    for (const tracer of [{}, { tracer: "callTracer" }]) {
      const traces = (await post("debug_traceBlockByNumber", ["0x2d", tracer])) as {
        txHash: string;
        result: unknown;
      }[];
      assert.deepEqual(
        traces.map((t) => t.txHash),
        block.transactions,
      );
      for (const t of traces)
        assert.deepEqual(t.result, await post("debug_traceTransaction", [t.txHash, tracer]));
    }
  });

  test("refuses a blob sidecar that does not match the transaction, and an oversized one with its size", async () => {
    const io = tests.find((t) => t.name === "eth_sendRawTransaction/send-blob-tx")!;
    const raw = (JSON.parse(io.exchanges[0]!.request) as { params: string[] }).params[0]!;
    // A byte in the middle of the (only) blob: the recomputed commitment no longer matches.
    const mid = raw.length >> 1;
    const tampered = `${raw.slice(0, mid)}${raw[mid] === "1" ? "2" : "1"}${raw.slice(mid + 1)}`;
    const send = async (hex: string) => {
      const res = await fetch(chain.url, {
        method: "POST",
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_sendRawTransaction", params: [hex] }),
        headers: { "content-type": "application/json" },
      });
      return (await res.json()) as { error?: { code: number; message: string } };
    };
    const bad = await send(tampered);
    assert.equal(bad.error?.code, -32602);
    assert.match(bad.error?.message ?? "", /blob 0 does not match its commitment/);
    const huge = await send(`0x03${"00".repeat(999_999)}`);
    assert.equal(huge.error?.code, -32602);
    assert.match(huge.error?.message ?? "", /transaction too large: 1000000 bytes/);
  });

  // The suite simulates only on Prague blocks and on an empty Frontier block: calls on older bases follow
  // geth's call defaults (before London a gas price of 0, so legacy transactions; no base fee, no withdrawals).
  test("eth_simulateV1 on pre-London and London bases", async () => {
    const C0 = "0xc000000000000000000000000000000000000000";
    const simulate = async (block: string) => {
      const res = await fetch(chain.url, {
        method: "POST",
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "eth_simulateV1",
          params: [
            {
              blockStateCalls: [
                {
                  stateOverrides: { [C0]: { balance: "0x1000000000" } },
                  calls: [{ from: C0, to: "0xc100000000000000000000000000000000000000", value: "0x1" }],
                },
              ],
              returnFullTransactions: true,
            },
            block,
          ],
        }),
        headers: { "content-type": "application/json" },
      });
      const body = (await res.json()) as { result: Record<string, unknown>[] };
      return body.result[0]!;
    };
    const frontier = await simulate("0x1");
    assert.equal(frontier.number, "0x2");
    assert.equal(frontier.baseFeePerGas, undefined);
    assert.equal(frontier.withdrawals, undefined);
    const [tx] = frontier.transactions as { type: string; gasPrice: string }[];
    assert.deepEqual([tx!.type, tx!.gasPrice], ["0x0", "0x0"]);
    assert.equal((frontier.calls as { status: string }[])[0]!.status, "0x1");
    const london = await simulate("0x20");
    assert.equal(london.baseFeePerGas, "0x0");
    assert.equal((london.transactions as { type: string }[])[0]!.type, "0x2");
  });

  test("pass count", () => {
    assert.equal(tests.length, 232);
    assert.equal(tests.length - failures.size, EXPECTED_PASS);
    for (const name of Object.keys(NOT_PASSING))
      assert.ok(
        tests.some((t) => t.name === name),
        `${name} is no test`,
      );
  });
});
