// Test helpers for the transaction suites: a transaction builder with sane defaults, a runner that applies
// it to a fresh pre-state and returns the post-state, the code of an InvalidTransactionError, and EIP-7702
// authorization signing.
import { secp256k1 } from "@noble/curves/secp256k1.js";
import type { BlockEnv } from "../../src/evm/env.js";
import { FORKS, type ForkName } from "../../src/evm/forks.js";
import { bigIntToBytes, bytesToBigInt } from "../../src/primitives/hex.js";
import { privateKeyToAddress } from "../../src/primitives/secp256k1.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import { authorizationSigningHash } from "../../src/tx/authorization.js";
import { applyTransaction, type TxResult } from "../../src/tx/execute.js";
import type { Authorization, Transaction } from "../../src/tx/types.js";
import { type AccountSpec, blockEnv, preState } from "../evm/helpers.js";

export const SENDER = 0x5e4de4_0000_0000_0000_0000_0000_0000_0000_0001n;
export const TO = 0x70_0000_0000_0000_0000_0000_0000_0000_0000_0070n;
export const ETHER = 10n ** 18n;

/** Base fee 7 (blockEnv), max fee 10, tip 2: the effective gas price is 9, the coinbase earns 2 per gas. */
export function makeTx(overrides: Partial<Transaction> = {}): Transaction {
  return {
    type: 2,
    chainId: 1n,
    nonce: 0n,
    gasLimit: 1_000_000n,
    to: TO,
    value: 0n,
    data: new Uint8Array(0),
    gasPrice: 0n,
    maxFeePerGas: 10n,
    maxPriorityFeePerGas: 2n,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    authorizationList: [],
    sender: SENDER,
    ...overrides,
  };
}

export interface TxRunOptions {
  fork?: ForkName;
  /** Accounts besides the sender (which gets `senderBalance`, default 1 ether, unless listed here). */
  accounts?: Iterable<[bigint, AccountSpec]>;
  senderBalance?: bigint;
  senderNonce?: bigint;
  env?: Partial<BlockEnv>;
}

export interface TxRun {
  result: TxResult;
  pre: InMemoryState;
  /** The pre-state with the transaction's diff applied. */
  post: InMemoryState;
}

export function buildPre(opts: TxRunOptions = {}): InMemoryState {
  return preState([
    [SENDER, { balance: opts.senderBalance ?? ETHER, nonce: opts.senderNonce ?? 0n }],
    ...(opts.accounts ?? []),
  ]);
}

export function runTx(tx: Transaction, opts: TxRunOptions = {}): TxRun {
  const pre = buildPre(opts);
  const result = applyTransaction(pre, tx, blockEnv(opts.env), FORKS[opts.fork ?? "Osaka"]);
  const post = pre.clone();
  post.applyDiff(result.diff);
  return { result, pre, post };
}

/** The InvalidTransactionError code `fn` throws, or "valid" when it does not throw. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof Error && "code" in e && typeof e.code === "string") return e.code;
    throw e;
  }
  return "valid";
}

export function rejection(tx: Transaction, opts: TxRunOptions = {}): string {
  return errorCode(() => runTx(tx, opts));
}

export function balanceOf(state: InMemoryState, address: bigint): bigint {
  return state.getAccount(address)?.balance ?? 0n;
}

export function nonceOf(state: InMemoryState, address: bigint): bigint {
  return state.getAccount(address)?.nonce ?? 0n;
}

/** A deterministic private key (1-based index) and its address. */
export function key(index: number): { priv: Uint8Array; address: bigint } {
  const priv = bigIntToBytes(BigInt(index) + 0x1000n, 32);
  return { priv, address: privateKeyToAddress(priv) };
}

/** Signs an EIP-7702 authorization tuple with `priv`. */
export function signAuthorization(
  priv: Uint8Array,
  fields: { chainId: bigint; address: bigint; nonce: bigint },
): Authorization {
  const unsigned: Authorization = { ...fields, yParity: 0n, r: 0n, s: 0n };
  const sig = secp256k1.sign(authorizationSigningHash(unsigned), priv, {
    prehash: false,
    format: "recovered",
  });
  return {
    ...fields,
    yParity: BigInt(sig[0]!),
    r: bytesToBigInt(sig.subarray(1, 33)),
    s: bytesToBigInt(sig.subarray(33, 65)),
  };
}
