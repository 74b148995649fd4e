// t8n against execution-spec-tests blockchain fixtures (filled by other clients): the first block of each
// valid test, turned into t8n input (genesis alloc, an env from the block header, the block's transactions as
// an RLP list), must give the header's state, transactions and receipts roots, bloom, gas and blob gas used,
// withdrawals root and EIP-7685 requests hash, with nothing rejected. This covers what the hand-made tests
// cannot: the Prague/Osaka system calls and requests on the real predeploys. Skipped without the fixtures.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { configForNetwork } from "../../src/block/chain-config.js";
import type { BlobSchedule } from "../../src/evm/forks.js";
import { hexToBytes } from "../../src/primitives/hex.js";
import { rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import { buildPreState } from "../../src/statetest/pre-state.js";
import { formatAlloc, parseT8nAlloc } from "../../src/t8n/alloc.js";
import type { RawInputs } from "../../src/t8n/io.js";
import { runT8n } from "../../src/t8n/t8n.js";
import { fixtureDir } from "../helpers/ethereum-tests.js";

type Json = Record<string, unknown>;

/** Tests taken from each fixture file: enough to reach every file's variants without a minutes-long run. */
const PER_FILE = 3;

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(path));
    else if (entry.name.endsWith(".json")) out.push(path);
  }
  return out;
}

function blobSchedules(config: Json | undefined): Map<string, BlobSchedule> {
  const out = new Map<string, BlobSchedule>();
  for (const [fork, s] of Object.entries((config?.blobSchedule as Record<string, Json> | undefined) ?? {})) {
    out.set(fork, {
      target: Number(s.target),
      max: Number(s.max),
      baseFeeUpdateFraction: BigInt(s.baseFeeUpdateFraction as string),
    });
  }
  return out;
}

function t8nInputs(t: Json, block: Json): RawInputs {
  const h = block.blockHeader as Json;
  const genesis = t.genesisBlockHeader as Json;
  const body = rlpDecode(hexToBytes(block.rlp as string)) as unknown[];
  const env: Json = {
    currentCoinbase: h.coinbase,
    currentGasLimit: h.gasLimit,
    currentNumber: h.number,
    currentTimestamp: h.timestamp,
    currentRandom: h.mixHash,
    currentDifficulty: h.difficulty,
    currentBaseFee: h.baseFeePerGas,
    currentExcessBlobGas: h.excessBlobGas,
    parentBeaconBlockRoot: h.parentBeaconBlockRoot,
    parentHash: h.parentHash,
    blockHashes: { "0": genesis.hash },
    withdrawals: block.withdrawals ?? [],
  };
  return {
    alloc: { value: t.pre, source: "pre" },
    env: { value: env, source: "env" },
    txs: { kind: "rlp", bytes: rlpEncode(body[1] as Uint8Array[]), source: "rlp" },
  };
}

function checkFirstBlock(name: string, t: Json): void {
  const block = (t.blocks as Json[])[0]!;
  const h = block.blockHeader as Json;
  // These folders hold Prague and Osaka fixtures only: a network without a config is a failure, not a skip.
  const config = configForNetwork(
    BigInt(((t.config as Json | undefined)?.chainid as string) ?? "1"),
    t.network as string,
    {
      blobSchedules: blobSchedules(t.config as Json | undefined),
    },
  );
  assert.ok(config !== undefined, `${name}: no chain config for network ${String(t.network)}`);
  const out = runT8n(t8nInputs(t, block), config);
  const r = out.result;
  const got = {
    rejected: r.rejected,
    stateRoot: r.stateRoot,
    txRoot: r.txRoot,
    receiptsRoot: r.receiptsRoot,
    logsBloom: r.logsBloom,
    gasUsed: BigInt(r.gasUsed),
    blobGasUsed: BigInt(r.blobGasUsed),
    withdrawalsRoot: r.withdrawalsRoot,
    requestsHash: r.requestsHash,
  };
  const want = {
    rejected: [],
    stateRoot: h.stateRoot,
    txRoot: h.transactionsTrie,
    receiptsRoot: h.receiptTrie,
    logsBloom: h.bloom,
    gasUsed: BigInt(h.gasUsed as string),
    blobGasUsed: BigInt((h.blobGasUsed as string | undefined) ?? "0"),
    withdrawalsRoot: h.withdrawalsRoot,
    requestsHash: h.requestsHash,
  };
  assert.deepEqual(got, want, name);
  if ((t.blocks as Json[]).length === 1 && t.postState !== undefined) {
    const post = formatAlloc(buildPreState(parseT8nAlloc(t.postState, "postState")).accounts);
    assert.deepEqual(out.alloc, post, `${name}: post alloc`);
  }
}

for (const sub of ["prague-blockchain-tests/prague", "osaka-blockchain-tests/osaka"]) {
  const dir = fixtureDir(sub);
  test(`t8n reproduces the first block of ${sub} fixtures`, { skip: dir === undefined }, () => {
    let checked = 0;
    for (const file of jsonFiles(dir!)) {
      const tests = JSON.parse(readFileSync(file, "utf8")) as Record<string, Json>;
      let taken = 0;
      for (const [name, t] of Object.entries(tests)) {
        const first = (t.blocks as Json[] | undefined)?.[0];
        if (first?.blockHeader === undefined || first.expectException !== undefined) continue;
        checkFirstBlock(`${file}: ${name}`, t);
        checked++;
        if (++taken === PER_FILE) break;
      }
    }
    assert.ok(checked > 0, "no fixture was checked");
  });
}
