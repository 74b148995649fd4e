// An L1 account the network process signs with (the sequencer, the deployer, the finalizer): EIP-1559
// transactions signed locally (src/tx/codec), nonces counted here (one transaction at a time per wallet),
// fees from the L1's base fee, and receipts awaited by polling. The key never leaves this object.
import { addressToHex, bytesToHex, parseQuantity } from "../../primitives/hex.js";
import { privateKeyToAddress } from "../../primitives/secp256k1.js";
import { signTransaction } from "../../tx/codec/signing.js";
import type { JsonRpcClient } from "./json-rpc.js";

export interface L1Receipt {
  status: "0x1" | "0x0";
  transactionHash: string;
  blockNumber: string;
  contractAddress: string | null;
  gasUsed: string;
  logs: { address: string; topics: string[]; data: string; blockNumber: string }[];
}

export interface SendRequest {
  to?: bigint;
  data?: Uint8Array;
  value?: bigint;
  gas?: bigint;
}

export class L1Error extends Error {
  override name = "L1Error";
}

export class L1Wallet {
  readonly address: bigint;
  private nonce: bigint | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly rpc: JsonRpcClient,
    private readonly key: Uint8Array,
    readonly chainId: bigint,
  ) {
    this.address = privateKeyToAddress(key);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Forgets the counted nonce (the L1 reorged: transactions we counted may be gone). */
  resync(): void {
    void this.serial(async () => {
      this.nonce = undefined;
    });
  }

  /** Sends a transaction and waits for its receipt; throws L1Error when it reverts. */
  send(req: SendRequest): Promise<L1Receipt> {
    return this.serial(async () => {
      const rpc = this.rpc;
      const from = addressToHex(this.address);
      this.nonce ??= parseQuantity(await rpc.call<string>("eth_getTransactionCount", [from, "pending"]));
      const block = await rpc.call<{ baseFeePerGas?: string }>("eth_getBlockByNumber", ["latest", false]);
      const baseFee = parseQuantity(block.baseFeePerGas ?? "0x0");
      const tip = 1_000_000_000n;
      const call = {
        from,
        ...(req.to === undefined ? {} : { to: addressToHex(req.to) }),
        data: bytesToHex(req.data ?? new Uint8Array(0)),
        value: `0x${(req.value ?? 0n).toString(16)}`,
      };
      let gas = req.gas;
      if (gas === undefined) {
        const estimate = parseQuantity(await rpc.call<string>("eth_estimateGas", [call]));
        gas = estimate + estimate / 4n + 30_000n;
      }
      const signed = signTransaction(
        {
          type: 2,
          chainId: this.chainId,
          nonce: this.nonce,
          gasLimit: gas,
          to: req.to,
          value: req.value ?? 0n,
          data: req.data ?? new Uint8Array(0),
          gasPrice: 0n,
          maxFeePerGas: baseFee * 2n + tip,
          maxPriorityFeePerGas: tip,
          accessList: [],
          maxFeePerBlobGas: 0n,
          blobVersionedHashes: [],
          authorizationList: [],
        },
        this.key,
      );
      let hash: string;
      try {
        hash = await rpc.call<string>("eth_sendRawTransaction", [bytesToHex(signed.raw)]);
      } catch (e) {
        this.nonce = undefined; // re-read: the L1 may have moved on (or reorged) without us
        throw e;
      }
      this.nonce++;
      const receipt = await this.receipt(hash);
      if (receipt.status !== "0x1") throw new L1Error(`L1 transaction ${hash} reverted`);
      return receipt;
    });
  }

  async receipt(hash: string, timeoutMs = 60_000): Promise<L1Receipt> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.rpc.call<L1Receipt | null>("eth_getTransactionReceipt", [hash]);
      if (r !== null) return r;
      if (Date.now() > deadline) throw new L1Error(`no receipt for ${hash} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
