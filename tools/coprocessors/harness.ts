// A small chain for the co-processor tests and benchmarks: the workloads' Prague chain (bench/workloads)
// with the built-in co-processors enabled, funded accounts, blocks of real signed transactions executed by
// executeBlock (or a given executor), and read-only calls through applyTransaction. Contracts come from the
// committed artifacts (contracts/coprocessors/artifacts.json), encoded with viem.
import { type Abi, decodeFunctionResult, encodeDeployData, encodeFunctionData, type Hex } from "viem";
import { blockEnvFromHeader } from "../../src/block/block-env.js";
import { executeBlock } from "../../src/block/execute-block.js";
import type { Block, BlockResult, ChainConfig } from "../../src/block/types.js";
import { coprocessorArtifact } from "../../src/coprocessors/artifacts.js";
import { withCoprocessors } from "../../src/coprocessors/builtins.js";
import type { CoprocessorRegistry } from "../../src/coprocessors/registry.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import { applyTransaction, type TxResult } from "../../src/tx/execute.js";
import { blockGasLimit, blockHeader, chainConfig, signTx } from "../workloads/chain.js";
import { type Account, account } from "../workloads/keys.js";
import { createAddress } from "../workloads/setup.js";
import { SYSTEM_CONTRACTS, systemContractCode } from "../workloads/system-contracts.js";

const SEED = 16;
const ETHER = 10n ** 18n;

export function abiOf(contract: string): Abi {
  return coprocessorArtifact(contract).abi as Abi;
}

export function encodeCall(
  contract: string,
  functionName: string,
  args: readonly unknown[] = [],
): Uint8Array {
  return hexToBytes(encodeFunctionData({ abi: abiOf(contract), functionName, args }));
}

export function decodeResult(contract: string, functionName: string, output: Uint8Array): unknown {
  return decodeFunctionResult({ abi: abiOf(contract), functionName, data: bytesToHex(output) as Hex });
}

export type BlockExecutor = (
  block: Block,
  state: InMemoryState,
  config: ChainConfig,
) => BlockResult | Promise<BlockResult>;

export class CoproChain {
  readonly state = new InMemoryState();
  readonly config: ChainConfig;
  number = 22_500_000n;
  private readonly nonces = new Map<bigint, bigint>();

  constructor(registry?: CoprocessorRegistry) {
    this.config = withCoprocessors(chainConfig(), registry);
    for (const p of SYSTEM_CONTRACTS)
      this.state.putAccount(p.address, { nonce: 1n, code: systemContractCode(p) });
  }

  /** Funded signing account `i`. */
  account(i: number): Account {
    const a = account(SEED, "copro", i);
    if (this.state.getAccount(a.address) === undefined)
      this.state.putAccount(a.address, { balance: 1000n * ETHER });
    return a;
  }

  tx(
    from: Account,
    to: bigint | undefined,
    data: Uint8Array,
    gasLimit = 16_000_000n,
    value = 0n,
  ): SignedTransaction {
    const nonce = this.nonces.get(from.address) ?? this.state.getAccount(from.address)?.nonce ?? 0n;
    this.nonces.set(from.address, nonce + 1n);
    return signTx({ from, nonce, to, data, gasLimit, value });
  }

  /** The block of `txs` on top of the current state (not executed). */
  block(txs: readonly SignedTransaction[]): Block {
    return {
      header: blockHeader(SEED, this.number, blockGasLimit([...txs])),
      transactions: txs.map((t) => t.tx),
      withdrawals: [],
    };
  }

  /** Executes `txs` as the next block (executeBlock unless given) and applies it. */
  async mine(txs: readonly SignedTransaction[], execute: BlockExecutor = executeBlock): Promise<BlockResult> {
    const result = await execute(this.block(txs), this.state, this.config);
    this.state.applyDiff(result.diff);
    this.number += 1n;
    this.nonces.clear();
    return result;
  }

  /** Mines one transaction and throws unless it succeeded. */
  async send(from: Account, to: bigint | undefined, data: Uint8Array, value = 0n): Promise<BlockResult> {
    const result = await this.mine([this.tx(from, to, data, 16_000_000n, value)]);
    if (result.receipts[0]!.status !== 1) throw new Error(`transaction to ${to?.toString(16)} failed`);
    return result;
  }

  async deploy(from: Account, contract: string, args: readonly unknown[] = []): Promise<bigint> {
    const a = coprocessorArtifact(contract);
    const data = hexToBytes(encodeDeployData({ abi: a.abi as Abi, bytecode: a.bytecode as Hex, args }));
    const nonce = this.nonces.get(from.address) ?? this.state.getAccount(from.address)?.nonce ?? 0n;
    await this.send(from, undefined, data);
    return createAddress(from.address, nonce);
  }

  /** A read-only call at the next block (nothing is applied). */
  call(from: Account, to: bigint, data: Uint8Array, gasLimit = 16_000_000n): TxResult {
    return this.prepareCall(from, to, data, gasLimit)();
  }

  /** A read-only call signed once, to run many times (for timing: signing is not part of it). */
  prepareCall(from: Account, to: bigint, data: Uint8Array, gasLimit = 16_000_000n): () => TxResult {
    const header = blockHeader(SEED, this.number, 60_000_000n);
    const rules = this.config.rulesAt(header.number, header.timestamp);
    const nonce = this.state.getAccount(from.address)?.nonce ?? 0n;
    const tx = signTx({ from, nonce, to, data, gasLimit }).tx;
    const env = blockEnvFromHeader(header, rules, this.config.chainId);
    return () => applyTransaction(this.state, tx, env, rules);
  }
}
