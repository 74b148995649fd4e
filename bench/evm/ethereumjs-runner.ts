// Runs a benchmark contract in @ethereumjs/evm v10 (Cancun) at the message level: `evm.runCall`, which is
// the whole EVM execution but not the transaction wrapper (that lives in @ethereumjs/vm's runTx, not a
// dependency here). The transaction gas is rebuilt from the call result (intrinsic gas plus execution gas
// minus the EIP-3529-capped refund) so it can be compared with Lanes' gasUsed.
//
// The state manager defaults to SimpleStateManager, createEVM's own default and the fastest option (plain
// maps, no trie). `--ejs-state merkle` uses MerkleStateManager with its caches, as a full node would.
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { createEVM, type EVM } from "@ethereumjs/evm";
import { Caches, MerkleStateManager, SimpleStateManager } from "@ethereumjs/statemanager";
import { Account, type Address, bytesToBigInt, createAddressFromBigInt } from "@ethereumjs/util";
import { word } from "../../tools/asm.js";
import { type BenchContract, CONTRACT, SENDER } from "./contracts.js";
import type { EngineOutcome } from "./outcome.js";

export type EjsStateKind = "simple" | "merkle";

// Intrinsic gas of a plain call transaction without access list (Cancun).
const TX_BASE_GAS = 21_000n;
const TX_DATA_ZERO_GAS = 4n;
const TX_DATA_NONZERO_GAS = 16n;
const MAX_REFUND_QUOTIENT = 5n;
const GAS_PRICE = 7n;

function intrinsicGas(data: Uint8Array): bigint {
  let gas = TX_BASE_GAS;
  for (const b of data) gas += b === 0 ? TX_DATA_ZERO_GAS : TX_DATA_NONZERO_GAS;
  return gas;
}

/** Storage values as ethereumjs stores them: without leading zero bytes. */
function unpadded(value: bigint): Uint8Array {
  const w = word(value);
  let i = 0;
  while (i < w.length && w[i] === 0) i++;
  return w.subarray(i);
}

export class EthereumjsRunner {
  private readonly sender: Address = createAddressFromBigInt(SENDER);
  private readonly to: Address = createAddressFromBigInt(CONTRACT);
  private readonly intrinsic: bigint;

  private constructor(
    private readonly evm: EVM,
    private readonly contract: BenchContract,
  ) {
    this.intrinsic = intrinsicGas(contract.calldata);
  }

  static async create(contract: BenchContract, kind: EjsStateKind): Promise<EthereumjsRunner> {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
    const stateManager =
      kind === "merkle"
        ? new MerkleStateManager({ common, caches: new Caches() })
        : new SimpleStateManager({ common });
    const evm = await createEVM({ common, stateManager });
    const runner = new EthereumjsRunner(evm, contract);
    await stateManager.putAccount(runner.sender, new Account(0n, 10n ** 27n));
    await stateManager.putAccount(runner.to, new Account());
    await stateManager.putCode(runner.to, contract.code);
    for (const [slot, value] of contract.storage) {
      await stateManager.putStorage(runner.to, word(slot), unpadded(value));
    }
    return runner;
  }

  /**
   * One call from a fresh copy of the pre-state: checkpoint, run, then (after `inspect` has looked at the
   * post-state) revert. Only runCall itself is timed; resetting the warm sets and the original-value cache
   * is what runTx does between transactions, and is done here outside the timed region.
   */
  private async once<T>(
    inspect: (r: Awaited<ReturnType<EVM["runCall"]>>) => Promise<T>,
  ): Promise<[number, T]> {
    const sm = this.evm.stateManager;
    this.evm.journal.cleanJournal();
    sm.originalStorageCache.clear();
    await sm.checkpoint();
    const start = performance.now();
    const result = await this.evm.runCall({
      caller: this.sender,
      origin: this.sender,
      to: this.to,
      data: this.contract.calldata,
      gasLimit: this.contract.gasLimit - this.intrinsic,
      gasPrice: GAS_PRICE,
    });
    const ms = performance.now() - start;
    try {
      return [ms, await inspect(result)];
    } finally {
      await sm.revert();
      this.evm.journal.cleanJournal();
      sm.originalStorageCache.clear();
    }
  }

  async run(): Promise<number> {
    const [ms] = await this.once(async () => undefined);
    return ms;
  }

  async outcome(slots: readonly bigint[]): Promise<EngineOutcome> {
    const [, outcome] = await this.once(async (r) => {
      const exec = r.execResult;
      const success = exec.exceptionError === undefined;
      let gasUsed = this.intrinsic + exec.executionGasUsed;
      const refund = success ? (exec.gasRefund ?? 0n) : 0n;
      const cap = gasUsed / MAX_REFUND_QUOTIENT;
      gasUsed -= refund < cap ? refund : cap;
      const storage = new Map<bigint, bigint>();
      for (const slot of slots) {
        const raw = await this.evm.stateManager.getStorage(this.to, word(slot));
        storage.set(slot, raw.length === 0 ? 0n : bytesToBigInt(raw));
      }
      return {
        success,
        error: exec.exceptionError?.error,
        gasUsed,
        output: exec.returnValue,
        logs: (exec.logs ?? []).map(([address, topics, data]) => ({
          address: bytesToBigInt(address),
          topics: topics.map((t) => bytesToBigInt(t)),
          data,
        })),
        writtenSlots: [],
        storage,
      } satisfies EngineOutcome;
    });
    return outcome;
  }
}
