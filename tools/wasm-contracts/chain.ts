// A small chain for the WASM tests and bench:wasm: an InMemoryState with funded accounts, transactions applied one at a
// time through applyTransaction (so each result keeps its error string) on a wasm-enabled chain config,
// and read-only calls. ABI encoding through viem, as a dapp would.
import { type Abi, decodeFunctionResult, encodeFunctionData } from "viem";
import { fixedForkConfig } from "../../src/block/chain-config.js";
import type { ChainConfig } from "../../src/block/types.js";
import { makeEnv } from "../../src/evm/env.js";
import { Evm } from "../../src/evm/evm.js";
import type { ForkRules } from "../../src/evm/forks.js";
import { CallKind, type CallResult } from "../../src/evm/message.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { WorldState } from "../../src/state/world-state.js";
import { applyTransaction, type TxResult } from "../../src/tx/execute.js";
import type { Transaction } from "../../src/tx/types.js";
import { BASE_FEE, CHAIN_ID, ETHER, MAX_FEE_PER_GAS, MAX_PRIORITY_FEE_PER_GAS } from "../workloads/chain.js";
import { type Account, account } from "../workloads/keys.js";
import { createAddress } from "../workloads/setup.js";

export const WASM_CONFIG = fixedForkConfig(CHAIN_ID, "Prague", { wasm: true });
export const EVM_ONLY_CONFIG = fixedForkConfig(CHAIN_ID, "Prague");

export function addressHex(a: bigint): `0x${string}` {
  return `0x${a.toString(16).padStart(40, "0")}`;
}

export function encode(abi: unknown, functionName: string, args: readonly unknown[] = []): Uint8Array {
  return hexToBytes(encodeFunctionData({ abi: abi as Abi, functionName, args }));
}

export function decode(abi: unknown, functionName: string, output: Uint8Array): unknown {
  return decodeFunctionResult({ abi: abi as Abi, functionName, data: bytesToHex(output) as `0x${string}` });
}

export class TestChain {
  readonly rules: ForkRules;
  readonly env = makeEnv(
    {
      chainId: CHAIN_ID,
      number: 1000n,
      timestamp: 1_751_000_003n,
      coinbase: 0xc0ffeen,
      gasLimit: 60_000_000n,
      baseFee: BASE_FEE,
      prevRandao: 0n,
      blobBaseFee: 1n,
    },
    () => 0n,
  );
  private readonly nonces = new Map<bigint, bigint>();

  /** `config` replaces the wasm/EVM-only choice (e.g. a wasm config with co-processors). */
  constructor(
    wasm = true,
    readonly state: InMemoryState = new InMemoryState(),
    config?: ChainConfig,
  ) {
    this.rules = (config ?? (wasm ? WASM_CONFIG : EVM_ONLY_CONFIG)).rulesAt(1000n, 1_751_000_003n);
  }

  /** A funded account (100 ETH), created on first use. */
  user(index: number): Account {
    const a = account(15, "user", index);
    if (this.state.getAccount(a.address) === undefined)
      this.state.putAccount(a.address, { balance: 100n * ETHER });
    return a;
  }

  /** Applies one transaction and commits its changes; returns its result (failed ones too). */
  send(
    from: Account,
    to: bigint | undefined,
    data: Uint8Array,
    options: { value?: bigint; gas?: bigint } = {},
  ): TxResult {
    const nonce = this.nonces.get(from.address) ?? this.state.getAccount(from.address)?.nonce ?? 0n;
    // Transactions are not signed: the sender is asserted, as in a simulation (signing costs ~1 ms each).
    const tx: Transaction = {
      type: 2,
      chainId: CHAIN_ID,
      nonce,
      gasLimit: options.gas ?? 10_000_000n,
      to,
      value: options.value ?? 0n,
      data,
      gasPrice: 0n,
      maxFeePerGas: MAX_FEE_PER_GAS,
      maxPriorityFeePerGas: MAX_PRIORITY_FEE_PER_GAS,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
      sender: from.address,
    };
    const result = applyTransaction(this.state, tx, this.env, this.rules);
    this.state.applyDiff(result.diff);
    this.nonces.set(from.address, nonce + 1n);
    return result;
  }

  /** Deploys init code; throws with the reason when the creation fails. */
  deploy(from: Account, initcode: Uint8Array): bigint {
    const nonce = this.nonces.get(from.address) ?? this.state.getAccount(from.address)?.nonce ?? 0n;
    const r = this.send(from, undefined, initcode);
    if (r.status !== 1) throw new Error(`deployment failed: ${r.error}`);
    return createAddress(from.address, nonce);
  }

  /** A read-only call on the current state (nothing is committed). */
  call(to: bigint, data: Uint8Array, from = 0x1234n, gas = 10_000_000): CallResult {
    const world = new WorldState(this.state);
    const evm = new Evm(world, this.env, this.rules, { origin: from, gasPrice: 0n, blobHashes: [] });
    return evm.call({
      kind: CallKind.Call,
      caller: from,
      to,
      codeAddress: to,
      delegated: false,
      value: 0n,
      transfersValue: false,
      input: data,
      gas,
      isStatic: false,
      depth: 0,
    });
  }

  storage(address: bigint, slot: bigint): bigint {
    return this.state.getStorage(address, slot);
  }

  balance(address: bigint): bigint {
    return this.state.getAccount(address)?.balance ?? 0n;
  }
}
