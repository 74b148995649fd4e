// Runs a benchmark contract in Lanes at the transaction level: applyTransaction does validation, buys gas,
// warms the EIP-2929 addresses, executes the call, applies refunds and builds the state diff. Timing the
// whole transaction (not just the interpreter) keeps Lanes' side of the comparison conservative.
import type { BlockEnv } from "../../src/evm/env.js";
import { getForkRules } from "../../src/evm/forks.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { applyTransaction } from "../../src/tx/execute.js";
import type { Transaction } from "../../src/tx/types.js";
import { type BenchContract, CONTRACT, SENDER } from "./contracts.js";
import type { EngineOutcome } from "./outcome.js";

const RULES = getForkRules("Cancun");
const BASE_FEE = 7n;

const ENV: BlockEnv = {
  chainId: 1n,
  number: 20_000_000n,
  timestamp: 1_720_000_000n,
  coinbase: 0xc014ba5en,
  gasLimit: 1_000_000_000n,
  baseFee: BASE_FEE,
  prevRandao: 0n,
  blobBaseFee: 1n,
  blockHash: () => 0n,
};

export class LanesRunner {
  private readonly state = new InMemoryState();
  private readonly tx: Transaction;

  constructor(contract: BenchContract) {
    this.state.putAccount(SENDER, { balance: 10n ** 27n });
    this.state.putAccount(CONTRACT, { code: contract.code, storage: contract.storage });
    this.tx = {
      type: 2,
      chainId: 1n,
      nonce: 0n,
      gasLimit: contract.gasLimit,
      to: CONTRACT,
      value: 0n,
      data: contract.calldata,
      gasPrice: 0n,
      maxFeePerGas: BASE_FEE,
      maxPriorityFeePerGas: 0n,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
      sender: SENDER,
    };
  }

  /**
   * Times one transaction. applyTransaction returns a diff instead of mutating the pre-state, so every run
   * starts from the same state: no reset is needed between runs (nor timed).
   */
  run(): number {
    const start = performance.now();
    applyTransaction(this.state, this.tx, ENV, RULES);
    return performance.now() - start;
  }

  /** Runs once more, untimed, and reports what the engine computed (for the cross-engine check). */
  outcome(slots: readonly bigint[]): EngineOutcome {
    const r = applyTransaction(this.state, this.tx, ENV, RULES);
    const written = r.diff.get(CONTRACT)?.storage ?? new Map<bigint, bigint>();
    return {
      success: r.status === 1,
      error: r.error,
      gasUsed: r.gasUsed,
      output: r.output,
      logs: r.logs.map((l) => ({ address: l.address, topics: l.topics, data: l.data })),
      writtenSlots: [...written.keys()],
      storage: new Map(slots.map((s) => [s, written.get(s) ?? this.state.getStorage(CONTRACT, s)])),
    };
  }
}
