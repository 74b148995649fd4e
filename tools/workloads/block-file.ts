// A block from a file in `lanes run`'s input format ({"env", "pre", "txs"}: src/t8n/run-block.ts) as a
// benchmark workload, so `lanes bench --block file.json` runs a user's own block through every engine. The
// Lanes engines execute exactly what `lanes run` executes (same parser, ancestor hashes, fork schedule).
// Engines that submit signed bytes need every transaction signed (v/r/s or secretKey): a transaction given
// only with `from` leaves `raw` empty and is counted in `unsignedTxs`, and those engines skip the block.
import { basename } from "node:path";
import { asObject, listOf } from "../../src/primitives/json-read.js";
import { readJsonFile } from "../../src/t8n/io.js";
import { parseRunBlock } from "../../src/t8n/run-block.js";
import { parseTxJson } from "../../src/t8n/tx-json.js";
import { prepareTx } from "../../src/t8n/tx-prepare.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import type { Workload } from "./types.js";

const EMPTY = new Uint8Array(0);

/** Reads and parses `file`; throws the parser's InputError/FieldError (naming the field) on bad input. */
export function loadBlockFile(file: string, fork?: string): Workload {
  const json = readJsonFile(file, "block");
  const input = parseRunBlock(json, file, fork);
  const chainId = input.config.chainId;
  const txsJson = asObject(json, "").txs ?? [];
  const parsed = listOf(txsJson, "txs", (t, path) => parseTxJson(t, path, { chainId, requireNonce: false }));
  let unsigned = 0;
  const transactions: SignedTransaction[] = input.block.transactions.map((tx, i) => {
    const j = parsed[i]!;
    if (j.signature === undefined && j.secretKey === undefined) {
      unsigned++;
      return { tx, raw: EMPTY, hash: EMPTY, v: 0n, r: 0n, s: 0n };
    }
    const prepared = prepareTx(j, chainId, `txs[${i}]`);
    return { tx, raw: prepared.raw, hash: prepared.hash, v: 0n, r: 0n, s: 0n };
  });
  const senders = new Set<bigint>();
  for (const t of transactions) senders.add(t.tx.sender);
  const shape = { source: file, senders: senders.size, preStateAccounts: input.pre.accounts.size };
  return {
    id: `block:${basename(file)}`,
    seed: 0,
    preState: input.pre,
    chainConfig: input.config,
    header: input.block.header,
    transactions,
    setup: { blocks: 0, transactions: 0, gasUsed: 0n },
    shape,
    withdrawals: input.block.withdrawals ?? [],
    executeOptions: { blockHash: input.blockHash },
    ...(unsigned > 0 ? { unsignedTxs: unsigned } : {}),
  };
}
