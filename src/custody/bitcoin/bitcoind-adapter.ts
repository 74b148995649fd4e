// bitcoind JSON-RPC adapter (npm bitcoin-core client): broadcasts signed withdrawals and finds deposits
// at the group's Taproot address. Deposits are read with `scantxoutset` (no wallet needed), their depth
// from `getblockcount`. No Bitcoin node runs in this project's environment: the tests replay bitcoind
// responses over a loopback HTTP server (test/custody/bitcoind.test.ts).
import Client from "bitcoin-core";
import { CustodyError } from "../errors.js";
import type { DepositUtxo } from "./withdrawal.js";

export interface BitcoindOptions {
  /** http://127.0.0.1:18443 for regtest. */
  url: string;
  username?: string;
  password?: string;
  timeoutMs?: number;
}

export interface Deposit extends DepositUtxo {
  height: number;
  confirmations: number;
}

// The client logs requests through its logger; give it one that drops everything (credentials and raw
// transactions stay out of logs).
const SILENT = { debug() {}, info() {}, warn() {}, error() {}, trace() {}, fatal() {}, child: () => SILENT };

/** BTC amounts as bitcoind prints them (JSON numbers with up to 8 decimals) -> satoshis, exactly. */
export function btcToSats(value: number | string): bigint {
  const s = typeof value === "number" ? value.toFixed(8) : value;
  const m = /^(\d+)(?:\.(\d{1,8}))?$/.exec(s);
  if (m === null) throw new CustodyError(`bad BTC amount ${s}`);
  return BigInt(m[1]!) * 100_000_000n + BigInt((m[2] ?? "").padEnd(8, "0"));
}

export class BitcoindAdapter {
  private readonly client: { command<T>(...args: unknown[]): Promise<T> };

  constructor(options: BitcoindOptions) {
    this.client = new Client({
      host: options.url,
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      timeout: options.timeoutMs ?? 30_000,
      logger: SILENT,
    }) as unknown as { command<T>(...args: unknown[]): Promise<T> };
  }

  private async call<T>(method: string, ...params: unknown[]): Promise<T> {
    try {
      return await this.client.command<T>(method, ...params);
    } catch (e) {
      throw new CustodyError(`bitcoind ${method}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async blockCount(): Promise<number> {
    return this.call<number>("getblockcount");
  }

  /** Unspent outputs paying `address`, with at least `minConfirmations`. */
  async deposits(address: string, minConfirmations = 1): Promise<Deposit[]> {
    const scan = await this.call<{
      success: boolean;
      height: number;
      unspents: { txid: string; vout: number; amount: number; height: number }[];
    }>("scantxoutset", "start", [`addr(${address})`]);
    if (!scan.success) throw new CustodyError("bitcoind scantxoutset did not complete");
    const tip = await this.blockCount();
    return scan.unspents
      .map((u) => ({
        txid: u.txid,
        vout: u.vout,
        amount: btcToSats(u.amount),
        height: u.height,
        confirmations: u.height > 0 ? tip - u.height + 1 : 0,
      }))
      .filter((d) => d.confirmations >= minConfirmations)
      .sort((a, b) => a.height - b.height || (a.txid < b.txid ? -1 : 1));
  }

  /** Broadcasts a signed transaction; returns its txid. */
  async broadcast(rawTxHex: string): Promise<string> {
    if (!/^[0-9a-f]+$/.test(rawTxHex)) throw new CustodyError("raw transaction must be lowercase hex");
    return this.call<string>("sendrawtransaction", rawTxHex);
  }

  /** Confirmations of a wallet-independent transaction (needs -txindex or a mempool/UTXO hit). */
  async confirmations(txid: string): Promise<number> {
    const tx = await this.call<{ confirmations?: number }>("getrawtransaction", txid, true);
    return tx.confirmations ?? 0;
  }
}
