// The block file `lanes verify --block` reads, in one of three forms:
// - a `lanes run` input {"env", "pre", "txs"}: it has no header, so the post-state root is compared with
//   --expect-state-root; its `pre` is read only for its root (the pre-state the witness must prove against)
//   and for the senders' next nonces that transactions without one get, as `lanes run` does;
// - a block's RLP: a JSON hex string, or an object {"rlp": "0x…", "chainId"?} (a blockchain-test block
//   entry, `debug_getRawBlock`'s answer); its header's commitments are what the result is compared with;
// - a JSON-RPC block object (eth_getBlockByNumber with full transactions): header fields and the
//   transactions' raw envelopes (`raw`), or each signed transaction as JSON-RPC fields.
// The chain id is the file's `chainId` (run input: env.chainId), else the first transaction's, else 1.
import { decodeBlockRlp } from "../block/block-rlp.js";
import { type ChainChoice, chainConfigForChoice, describeChoice } from "../block/chain-choice.js";
import type { Block, ChainConfig } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { hexToBytes } from "../primitives/hex.js";
import { asAddress, asArray, asObject, asQuantity, FieldError, join } from "../primitives/json-read.js";
import { InputError, inSource } from "../t8n/errors.js";
import { parseRunBlock } from "../t8n/run-block.js";
import { parseTxJson } from "../t8n/tx-json.js";
import { prepareTx } from "../t8n/tx-prepare.js";
import { decodeSignedTransaction } from "../tx/codec/index.js";
import type { Transaction } from "../tx/types.js";
import { parseHeaderJson } from "../witness/header-json.js";

export interface VerifyBlock {
  block: Block;
  config: ChainConfig;
  rules: ForkRules;
  /** Set for a `lanes run` input: the root of its `pre`, when it has one. */
  runInput?: { preStateRoot: Uint8Array | undefined; blockHash: (n: bigint) => bigint };
}

function chainConfigFor(chainId: bigint, chain: ChainChoice): ChainConfig {
  return chainConfigForChoice(typeof chain === "object" ? chain.chainId : chainId, chain);
}

function rulesOf(config: ChainConfig, number: bigint, timestamp: bigint, chain: ChainChoice): ForkRules {
  try {
    return config.rulesAt(number, timestamp);
  } catch (e) {
    if (!(e instanceof RangeError) || typeof chain === "string") throw e;
    throw new InputError(`${e.message} (${describeChoice(chain)}); choose the rules with --fork`);
  }
}

function chainIdOf(declared: bigint | undefined, txs: readonly Transaction[]): bigint {
  return declared ?? txs.find((t) => t.chainId !== undefined)?.chainId ?? 1n;
}

function fromRlp(bytes: Uint8Array, declaredChainId: bigint | undefined, chain: ChainChoice): VerifyBlock {
  const decoded = decodeBlockRlp(bytes);
  const transactions = decoded.rawTransactions.map((raw, i) => {
    try {
      return decodeSignedTransaction(raw).tx;
    } catch (e) {
      throw new InputError(`transaction ${i}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  const block: Block = { header: decoded.header, transactions };
  if (decoded.withdrawals !== undefined) block.withdrawals = decoded.withdrawals;
  const config = chainConfigFor(chainIdOf(declaredChainId, transactions), chain);
  return { block, config, rules: rulesOf(config, block.header.number, block.header.timestamp, chain) };
}

function rpcTransaction(value: unknown, path: string, chainId: bigint | undefined): Transaction {
  if (typeof value === "string")
    throw new FieldError(path, "a transaction hash: fetch the block with full transactions");
  const o = asObject(value, path);
  if (typeof o.raw === "string") return decodeSignedTransaction(hexToBytes(o.raw)).tx;
  const json = parseTxJson(o, path, { chainId: chainId ?? 1n, requireNonce: true });
  return prepareTx(json, chainId ?? 1n, path).tx;
}

function fromRpcBlock(o: Record<string, unknown>, chain: ChainChoice): VerifyBlock {
  const header = parseHeaderJson(o, "");
  const declared = o.chainId === undefined ? undefined : asQuantity(o.chainId, "chainId");
  const firstChainId = asArray(o.transactions ?? [], "transactions")
    .map((t) => (typeof t === "object" && t !== null ? (t as Record<string, unknown>).chainId : undefined))
    .find((c) => c !== undefined);
  const chainId =
    declared ??
    (firstChainId === undefined ? undefined : asQuantity(firstChainId, "transactions[0].chainId"));
  const transactions = asArray(o.transactions ?? [], "transactions").map((t, i) =>
    rpcTransaction(t, join("transactions", i), chainId),
  );
  const block: Block = { header, transactions };
  if (o.withdrawals !== undefined && o.withdrawals !== null) {
    block.withdrawals = asArray(o.withdrawals, "withdrawals").map((w, i) => {
      const path = join("withdrawals", i);
      const wo = asObject(w, path);
      return {
        index: asQuantity(wo.index, join(path, "index")),
        validatorIndex: asQuantity(wo.validatorIndex, join(path, "validatorIndex")),
        address: asAddress(wo.address, join(path, "address")),
        amount: asQuantity(wo.amount, join(path, "amount")),
      };
    });
  }
  const config = chainConfigFor(chainIdOf(chainId, transactions), chain);
  return { block, config, rules: rulesOf(config, header.number, header.timestamp, chain) };
}

/** Reads a block file's JSON value (`source` names it in errors); `chain` (a fork name or a genesis' spec) overrides mainnet's schedule. */
export function parseVerifyBlock(raw: unknown, source: string, chain: ChainChoice): VerifyBlock {
  if (typeof raw === "string") return inSource(source, () => fromRlp(hexToBytes(raw), undefined, chain));
  if (typeof raw === "object" && raw !== null && (raw as Record<string, unknown>).env !== undefined) {
    const run = parseRunBlock(raw, source, chain);
    const hasPre = (raw as Record<string, unknown>).pre !== undefined;
    const preStateRoot = hasPre ? run.pre.stateRoot() : undefined;
    return {
      block: run.block,
      config: run.config,
      rules: run.rules,
      runInput: { preStateRoot, blockHash: run.blockHash },
    };
  }
  return inSource(source, () => {
    const o = asObject(raw, "") as Record<string, unknown>;
    if (o.rlp !== undefined) {
      if (typeof o.rlp !== "string") throw new FieldError("rlp", "expected a hex string");
      const chainId = o.chainId === undefined ? undefined : asQuantity(o.chainId, "chainId");
      return fromRlp(hexToBytes(o.rlp), chainId, chain);
    }
    if (o.parentHash !== undefined) return fromRpcBlock(o, chain);
    throw new InputError(
      'expected a lanes run input {"env", "pre", "txs"}, a block RLP ("0x…" or {"rlp": "0x…"}), or a JSON-RPC block',
    );
  });
}
