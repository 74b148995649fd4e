// `lanes run`'s input: one block as {"env", "pre", "txs"}, turned into what executeBlock takes. Unlike t8n,
// this is block import semantics: every transaction must be valid (one bad transaction fails the block),
// and a transaction without a signature runs as its `from` (impersonation, for simulations and benchmarks).
import { type ChainChoice, chainConfigForChoice, describeChoice } from "../block/chain-choice.js";
import { EMPTY_REQUESTS_HASH } from "../block/requests.js";
import type { Block, BlockHeader, ChainConfig } from "../block/types.js";
import { withdrawalsRoot } from "../block/withdrawals.js";
import type { ForkRules } from "../evm/forks.js";
import { InvalidTransactionError } from "../primitives/errors.js";
import { addressToHex, bigIntToBytes32 } from "../primitives/hex.js";
import { asObject, asQuantity, FieldError, join, listOf } from "../primitives/json-read.js";
import { EMPTY_LIST_HASH } from "../primitives/keccak.js";
import { privateKeyToAddress } from "../primitives/secp256k1.js";
import type { InMemoryState } from "../state/memory-state.js";
import { buildPreState } from "../statetest/pre-state.js";
import { withSender } from "../tx/codec/with-sender.js";
import type { Transaction } from "../tx/types.js";
import { parseT8nAlloc } from "./alloc.js";
import {
  ancestorHash,
  parentHashOf,
  parseEnv,
  prevRandao,
  resolveBaseFee,
  resolveExcessBlobGas,
  type T8nEnv,
} from "./env.js";
import { InputError, inSource } from "./errors.js";
import { opt } from "./json.js";
import { parseTxJson, type TxJson } from "./tx-json.js";
import { prepareTx } from "./tx-prepare.js";

export interface RunBlock {
  block: Block;
  pre: InMemoryState;
  config: ChainConfig;
  rules: ForkRules;
  /** BLOCKHASH for ancestors, from the env's blockHashes. */
  blockHash: (n: bigint) => bigint;
}

const ZERO_HASH = new Uint8Array(32);

function rulesOf(config: ChainConfig, env: T8nEnv, chain: ChainChoice): ForkRules {
  try {
    return config.rulesAt(env.number, env.timestamp);
  } catch (e) {
    if (!(e instanceof RangeError) || typeof chain === "string") throw e;
    throw new InputError(`${e.message} (${describeChoice(chain)}); choose the rules with --fork`);
  }
}

/** The next nonce of each sender: the pre-state's, advanced by the block's earlier transactions. */
class NonceTracker {
  private readonly next = new Map<bigint, bigint>();
  constructor(private readonly pre: InMemoryState) {}

  get(sender: bigint): bigint {
    return this.next.get(sender) ?? this.pre.getAccount(sender)?.nonce ?? 0n;
  }

  used(sender: bigint, nonce: bigint): void {
    this.next.set(sender, nonce + 1n);
  }
}

/** The sender known before signing or recovery: `from`, or the secret key's address. */
function declaredSender(json: TxJson, path: string): bigint | undefined {
  if (json.from !== undefined) return json.from;
  if (json.secretKey === undefined || json.signature !== undefined) return undefined;
  try {
    return privateKeyToAddress(json.secretKey);
  } catch {
    throw new InputError(`${path}.secretKey: not a valid secp256k1 private key`);
  }
}

function buildTx(json: TxJson, chainId: bigint, path: string, nonces: NonceTracker): Transaction {
  if (!json.hasNonce) {
    // A signature commits to a nonce, so it cannot be filled in after the fact.
    if (json.signature !== undefined)
      throw new FieldError(join(path, "nonce"), "missing (required with v/r/s)");
    const sender = declaredSender(json, path);
    if (sender !== undefined) json.body.nonce = nonces.get(sender);
  }
  let tx: Transaction;
  if (json.signature !== undefined || json.secretKey !== undefined) {
    try {
      tx = prepareTx(json, chainId, path).tx;
    } catch (e) {
      if (e instanceof InvalidTransactionError) throw new InputError(`${path}: ${e.message}`);
      throw e;
    }
    if (json.from !== undefined && json.from !== tx.sender) {
      throw new InputError(
        `${path}: from ${addressToHex(json.from)} is not the signer ${addressToHex(tx.sender)}`,
      );
    }
  } else {
    if (json.from === undefined) {
      throw new FieldError(join(path, "from"), "missing (needed to run a transaction without a signature)");
    }
    tx = withSender(json.body, json.from);
  }
  nonces.used(tx.sender, tx.nonce);
  return tx;
}

/**
 * Parses a block file's JSON; `chain` (a fork name, or a genesis' spec) overrides mainnet's schedule. With a
 * spec, the chain id is the spec's.
 */
export function parseRunBlock(raw: unknown, source: string, chain: ChainChoice): RunBlock {
  return inSource(source, () => {
    const obj = asObject(raw, "");
    const envObj = asObject(obj.env, "env");
    const env = parseEnv(envObj, "env");
    const declared = opt(envObj, "chainId", "env", asQuantity) ?? 1n;
    const chainId = typeof chain === "object" ? chain.chainId : declared;
    const config = chainConfigForChoice(chainId, chain);
    const rules = rulesOf(config, env, chain);
    const pre = buildPreState(parseT8nAlloc(obj.pre ?? {}, "pre"));
    const nonces = new NonceTracker(pre);
    const transactions = listOf(obj.txs ?? [], "txs", (t, path) =>
      buildTx(parseTxJson(t, path, { chainId, requireNonce: false }), chainId, path, nonces),
    );
    const withdrawals = env.withdrawals ?? [];
    const header: BlockHeader = {
      parentHash: parentHashOf(env) ?? ZERO_HASH,
      ommersHash: EMPTY_LIST_HASH,
      coinbase: env.coinbase,
      stateRoot: ZERO_HASH,
      transactionsRoot: ZERO_HASH,
      receiptsRoot: ZERO_HASH,
      logsBloom: new Uint8Array(256),
      difficulty: 0n,
      number: env.number,
      gasLimit: env.gasLimit,
      gasUsed: 0n,
      timestamp: env.timestamp,
      extraData: new Uint8Array(0),
      mixHash: bigIntToBytes32(prevRandao(env)),
      nonce: new Uint8Array(8),
      baseFeePerGas: resolveBaseFee(env),
      withdrawalsRoot: withdrawalsRoot(withdrawals),
      blobGasUsed: 0n,
      excessBlobGas: resolveExcessBlobGas(env, rules),
      // A real block always has one; the EIP-4788 call then records a zero root.
      parentBeaconBlockRoot: env.parentBeaconBlockRoot ?? ZERO_HASH,
      ...(rules.eip7685 ? { requestsHash: EMPTY_REQUESTS_HASH } : {}),
    };
    return {
      block: { header, transactions, withdrawals },
      pre,
      config,
      rules,
      blockHash: (n) => ancestorHash(env, n),
    };
  });
}
