// Runs a benchmark contract in anvil (Foundry's devnet on revm, native code) as the reference for native
// EVM speed. The harness starts anvil on a loopback port (Cancun, a block gas limit above the contract's), loads the pre-state
// over JSON-RPC (anvil_setBalance, anvil_setCode, anvil_setStorageAt) and times `eth_call` with the
// contract's gas limit: revm's execution of the whole message plus one JSON-RPC round trip (a fraction of a
// millisecond, small against the 50-300 ms runs). For the cross-engine check it also sends the transaction
// once for real (impersonated sender, auto-mined) and reads the receipt (status, gas, logs) and the probed
// storage, then reverts to a snapshot so every timed call sees the pre-state. Requests go one at a time.
//
// anvil comes from the optional dependency @foundry-rs/anvil-linux-amd64 (or the ANVIL environment
// variable: a path to an anvil binary); when neither is there, the engine is skipped with a notice.
import { AnvilProcess } from "./anvil-process.js";
import { type BenchContract, CONTRACT, SENDER } from "./contracts.js";
import type { EngineOutcome } from "./outcome.js";

const toHex = (v: bigint): string => `0x${v.toString(16)}`;
const bytesHex = (b: Uint8Array): string => `0x${Buffer.from(b).toString("hex")}`;
const addressHex = (a: bigint): string => `0x${a.toString(16).padStart(40, "0")}`;
const slotHex = (s: bigint): string => `0x${s.toString(16).padStart(64, "0")}`;
const fromHex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.slice(2), "hex"));

export { findAnvil } from "./anvil-process.js";

export class AnvilRunner {
  private constructor(
    private readonly anvil: AnvilProcess,
    private readonly contract: BenchContract,
  ) {}

  /** Starts anvil for one contract and loads its pre-state. */
  static async start(binary: string, contract: BenchContract): Promise<AnvilRunner> {
    const anvil = await AnvilProcess.start(binary, 4n * contract.gasLimit);
    const runner = new AnvilRunner(anvil, contract);
    await runner.rpc("anvil_setBalance", [addressHex(SENDER), toHex(10n ** 27n)]);
    await runner.rpc("anvil_setCode", [addressHex(CONTRACT), bytesHex(contract.code)]);
    for (const [slot, value] of contract.storage) {
      await runner.rpc("anvil_setStorageAt", [addressHex(CONTRACT), slotHex(slot), slotHex(value)]);
    }
    return runner;
  }

  private rpc(method: string, params: unknown[]): Promise<unknown> {
    return this.anvil.rpc(method, params);
  }

  private callParams(): object {
    return {
      from: addressHex(SENDER),
      to: addressHex(CONTRACT),
      data: bytesHex(this.contract.calldata),
      gas: toHex(this.contract.gasLimit),
    };
  }

  /** Times one eth_call of the benchmark transaction (ms, wall clock, including the RPC round trip). */
  async run(): Promise<number> {
    const start = performance.now();
    await this.rpc("eth_call", [this.callParams(), "latest"]);
    return performance.now() - start;
  }

  /** Runs the transaction for real once, reports what anvil computed, and restores the pre-state. */
  async outcome(slots: readonly bigint[]): Promise<EngineOutcome> {
    const output = fromHex((await this.rpc("eth_call", [this.callParams(), "latest"])) as string);
    const snapshot = await this.rpc("evm_snapshot", []);
    await this.rpc("anvil_impersonateAccount", [addressHex(SENDER)]);
    const hash = (await this.rpc("eth_sendTransaction", [
      { ...this.callParams(), maxFeePerGas: toHex(7n), maxPriorityFeePerGas: "0x0", type: "0x2" },
    ])) as string;
    type Receipt = {
      status: string;
      gasUsed: string;
      logs: { address: string; topics: string[]; data: string }[];
    };
    let receipt = (await this.rpc("eth_getTransactionReceipt", [hash])) as Receipt | null;
    for (let i = 0; receipt === null && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 100));
      receipt = (await this.rpc("eth_getTransactionReceipt", [hash])) as Receipt | null;
    }
    if (receipt === null) throw new Error("anvil: the verification transaction was not mined within 60 s");
    const storage = new Map<bigint, bigint>();
    for (const slot of slots) {
      const v = (await this.rpc("eth_getStorageAt", [
        addressHex(CONTRACT),
        slotHex(slot),
        "latest",
      ])) as string;
      storage.set(slot, BigInt(v));
    }
    await this.rpc("evm_revert", [snapshot]);
    const success = receipt.status === "0x1";
    return {
      success,
      error: success ? undefined : "failed",
      gasUsed: BigInt(receipt.gasUsed),
      output,
      logs: receipt.logs.map((l) => ({
        address: BigInt(l.address),
        topics: l.topics.map((t) => BigInt(t)),
        data: fromHex(l.data),
      })),
      writtenSlots: [],
      storage,
    };
  }

  stop(): void {
    this.anvil.stop();
  }
}
