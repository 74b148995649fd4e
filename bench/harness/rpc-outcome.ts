// Reading a mined block back over JSON-RPC (EDR, anvil) in the shape the cross-engine comparison reads: the
// block's gas, roots and bloom, every receipt in block order, and the post-state of the accounts Lanes' block
// changed.
import { executeBlock } from "../../src/block/execute-block.js";
import { addressToHex, bytesToHex, hexToBytes, wordToHex } from "../../src/primitives/hex.js";
import type { BlockOutcome, OutcomeReceipt } from "../../tools/workloads/outcome.js";
import { lanesBlock, type Workload } from "../../tools/workloads/types.js";

/** The EIP-4788 beacon roots and EIP-2935 history contracts: their storage depends on the chain's ancestry. */
export const HISTORY_CONTRACTS: ReadonlySet<bigint> = new Set([
  BigInt("0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02"),
  BigInt("0x0000F90827F1C53a10cb7A02335B175320002935"),
]);

export interface RpcClient {
  call<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

interface RpcLog {
  address: string;
  topics: string[];
  data: string;
}
interface RpcReceipt {
  status: string;
  gasUsed: string;
  cumulativeGasUsed: string;
  logs: RpcLog[];
  transactionHash: string;
}
interface RpcBlock {
  number: string;
  gasUsed: string;
  stateRoot: string;
  receiptsRoot: string;
  logsBloom: string;
  requestsHash?: string;
  transactions: string[];
}

/** The latest block's outcome (gas, receipts, roots, bloom) read over JSON-RPC, and ordering mismatches. */
export async function readOutcome(
  rpc: RpcClient,
  w: Workload,
  engine: string,
): Promise<{ outcome: BlockOutcome; mismatches: string[] }> {
  const block = await rpc.call<RpcBlock>("eth_getBlockByNumber", ["latest", false]);
  const mismatches: string[] = [];
  if (block.transactions.length !== w.transactions.length)
    mismatches.push(`${engine} mined ${block.transactions.length} of ${w.transactions.length} transactions`);
  const receipts: OutcomeReceipt[] = [];
  for (let i = 0; i < block.transactions.length; i++) {
    const hash = block.transactions[i]!;
    const expected = w.transactions[i] ? bytesToHex(w.transactions[i]!.hash) : undefined;
    if (hash !== expected && mismatches.length < 20)
      mismatches.push(`${engine} block position ${i} holds ${hash}, expected ${expected}`);
    const r = await rpc.call<RpcReceipt>("eth_getTransactionReceipt", [hash]);
    receipts.push({
      status: BigInt(r.status) === 1n ? 1 : 0,
      gasUsed: BigInt(r.gasUsed),
      cumulativeGasUsed: BigInt(r.cumulativeGasUsed),
      logs: r.logs.map((l) => ({
        address: BigInt(l.address),
        topics: l.topics.map((t) => BigInt(t)),
        data: hexToBytes(l.data),
      })),
    });
  }
  return {
    outcome: {
      gasUsed: BigInt(block.gasUsed),
      stateRoot: hexToBytes(block.stateRoot),
      receiptsRoot: hexToBytes(block.receiptsRoot),
      logsBloom: hexToBytes(block.logsBloom),
      requestsHash: block.requestsHash !== undefined ? hexToBytes(block.requestsHash) : undefined,
      receipts,
    },
    mismatches,
  };
}

/**
 * The post-block nonce, balance and changed storage of every account Lanes' block changed (but `skip`), read
 * over JSON-RPC and compared.
 */
export async function comparePostState(
  rpc: RpcClient,
  w: Workload,
  engine: string,
  skip: ReadonlySet<bigint>,
  limit = 20,
): Promise<{ mismatches: string[]; checked: number }> {
  const reference = executeBlock(lanesBlock(w), w.preState, w.chainConfig, w.executeOptions);
  const mismatches: string[] = [];
  let checked = 0;
  for (const [address, change] of reference.diff) {
    if (skip.has(address) || mismatches.length >= limit) continue;
    const a = addressToHex(address);
    checked++;
    if (change.account === undefined) continue;
    const nonce = BigInt(await rpc.call<string>("eth_getTransactionCount", [a, "latest"]));
    if (nonce !== change.account.nonce)
      mismatches.push(`${engine} ${a} nonce ${nonce}, Lanes ${change.account.nonce}`);
    const balance = BigInt(await rpc.call<string>("eth_getBalance", [a, "latest"]));
    if (balance !== change.account.balance)
      mismatches.push(`${engine} ${a} balance ${balance}, Lanes ${change.account.balance}`);
    for (const [slot, value] of change.storage) {
      const theirs = BigInt(await rpc.call<string>("eth_getStorageAt", [a, wordToHex(slot), "latest"]));
      if (theirs !== value)
        mismatches.push(`${engine} ${a} slot ${wordToHex(slot)} = ${theirs}, Lanes ${value}`);
    }
  }
  return { mismatches, checked };
}
