// Turns BTCBridge burns into signed Bitcoin transactions: reads WithdrawalRequested events from a Lanes
// (or any EVM) JSON-RPC node, pays each request's amount minus the fee to its scriptPubKey from the
// group's deposits (oldest first, change back to the group), FROST-signs every input under the Taproot
// key, and hands the raw transaction to an optional broadcaster (the bitcoind adapter). Requests are
// processed once: the caller keeps `processed` (ids) and the spent outpoints across calls.
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { keccak256 } from "../../primitives/keccak.js";
import { buildWithdrawalPsbt, type DepositUtxo, signWithdrawal } from "../bitcoin/withdrawal.js";
import { CustodyError } from "../errors.js";
import type { BitcoinNetworkName } from "../frost/taproot.js";

export const WITHDRAWAL_REQUESTED_TOPIC = `0x${bytesToHex(keccak256(new TextEncoder().encode("WithdrawalRequested(uint256,address,uint256,bytes)")))}`;

export interface WithdrawalEvent {
  id: bigint;
  from: string;
  amount: bigint;
  script: Uint8Array;
  txHash: string;
}

export interface ProcessedWithdrawal extends WithdrawalEvent {
  rawTx: string;
  txid: string;
  fee: bigint;
  broadcast?: string;
}

async function rpc<T>(url: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new CustodyError(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Decodes WithdrawalRequested(uint256 indexed id, address indexed from, uint256 amount, bytes btcScript). */
export function decodeWithdrawalLog(log: {
  topics: string[];
  data: string;
  transactionHash: string;
}): WithdrawalEvent {
  if (log.topics[0] !== WITHDRAWAL_REQUESTED_TOPIC || log.topics.length !== 3)
    throw new CustodyError("not a WithdrawalRequested log");
  const data = hexToBytes(log.data.slice(2));
  const word = (at: number) => BigInt(`0x${bytesToHex(data.subarray(at, at + 32)) || "0"}`);
  const amount = word(0);
  const offset = Number(word(32));
  const length = Number(word(offset));
  if (offset + 32 + length > data.length || length > 64)
    throw new CustodyError("malformed WithdrawalRequested data");
  return {
    id: BigInt(log.topics[1]!),
    from: `0x${log.topics[2]!.slice(26)}`,
    amount,
    script: data.slice(offset + 32, offset + 32 + length),
    txHash: log.transactionHash,
  };
}

export interface WithdrawalServiceOptions {
  rpcUrl: string;
  bridge: string;
  groupKey: Uint8Array;
  network: BitcoinNetworkName;
  /** Satoshis per withdrawal left to miners (deducted from the burned amount). */
  fee: bigint;
  /** FROST signing under the Taproot output key (a coordinator session). */
  signTaproot: (sighash: Uint8Array) => Promise<Uint8Array>;
  broadcast?: (rawTx: string) => Promise<string>;
}

export class WithdrawalService {
  readonly processed = new Set<bigint>();
  private readonly spent = new Set<string>();

  constructor(private readonly options: WithdrawalServiceOptions) {}

  async pendingRequests(fromBlock = 0n): Promise<WithdrawalEvent[]> {
    const logs = await rpc<{ topics: string[]; data: string; transactionHash: string }[]>(
      this.options.rpcUrl,
      "eth_getLogs",
      [
        {
          address: this.options.bridge,
          fromBlock: `0x${fromBlock.toString(16)}`,
          toBlock: "latest",
          topics: [WITHDRAWAL_REQUESTED_TOPIC],
        },
      ],
    );
    return logs.map(decodeWithdrawalLog).filter((e) => !this.processed.has(e.id));
  }

  /** Processes every new request with the given deposits (the group's unspent outputs). */
  async processAll(deposits: DepositUtxo[], fromBlock = 0n): Promise<ProcessedWithdrawal[]> {
    const out: ProcessedWithdrawal[] = [];
    for (const req of await this.pendingRequests(fromBlock)) {
      const value = req.amount - this.options.fee;
      const available = deposits.filter((d) => !this.spent.has(`${d.txid}:${d.vout}`));
      const chosen: DepositUtxo[] = [];
      let total = 0n;
      for (const d of available) {
        if (total >= req.amount) break;
        chosen.push(d);
        total += d.amount;
      }
      if (total < req.amount)
        throw new CustodyError(`withdrawal ${req.id}: deposits hold ${total} sats, ${req.amount} needed`);
      const psbt = buildWithdrawalPsbt(this.options.groupKey, {
        utxos: chosen,
        to: { script: req.script },
        amount: value,
        fee: this.options.fee,
        network: this.options.network,
      });
      const signed = await signWithdrawal(psbt, this.options.signTaproot);
      for (const d of chosen) this.spent.add(`${d.txid}:${d.vout}`);
      this.processed.add(req.id);
      const done: ProcessedWithdrawal = {
        ...req,
        rawTx: signed.rawTx,
        txid: signed.txid,
        fee: this.options.fee,
      };
      if (this.options.broadcast !== undefined) done.broadcast = await this.options.broadcast(signed.rawTx);
      out.push(done);
    }
    return out;
  }
}
