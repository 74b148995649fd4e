// A workload as a block file in `lanes run`'s input format ({"env", "pre", "txs"}), the reverse of
// block-file.ts: so a generated block can be replayed with `lanes run` or `lanes bench --block`, and tests
// can check that a block file runs exactly like the workload it came from. Signed transactions keep their
// signatures (v/r/s); `unsigned: true` writes them with `from` instead (impersonated).
import { addressToHex, bytesToHex, quantityToHex, wordToHex } from "../../src/primitives/hex.js";
import type { Workload } from "./types.js";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function workloadToBlockJson(w: Workload, options: { unsigned?: boolean } = {}): Json {
  const h = w.header;
  const env: { [key: string]: Json } = {
    currentCoinbase: addressToHex(h.coinbase),
    currentGasLimit: quantityToHex(h.gasLimit),
    currentNumber: quantityToHex(h.number),
    currentTimestamp: quantityToHex(h.timestamp),
    currentRandom: bytesToHex(h.mixHash),
    currentBaseFee: quantityToHex(h.baseFeePerGas ?? 0n),
    currentExcessBlobGas: quantityToHex(h.excessBlobGas ?? 0n),
    parentHash: bytesToHex(h.parentHash),
    withdrawals: [],
    chainId: quantityToHex(w.chainConfig.chainId),
  };
  if (h.parentBeaconBlockRoot !== undefined) env.parentBeaconBlockRoot = bytesToHex(h.parentBeaconBlockRoot);
  const pre: { [key: string]: Json } = {};
  for (const [address, a] of w.preState.accounts) {
    const storage: { [key: string]: Json } = {};
    for (const [slot, value] of a.storage) storage[wordToHex(slot)] = wordToHex(value);
    pre[addressToHex(address)] = {
      balance: quantityToHex(a.balance),
      nonce: quantityToHex(a.nonce),
      code: bytesToHex(a.code),
      storage,
    };
  }
  const txs = w.transactions.map(({ tx, v, r, s }) => {
    const json: { [key: string]: Json } = {
      type: quantityToHex(BigInt(tx.type)),
      chainId: quantityToHex(tx.chainId ?? w.chainConfig.chainId),
      nonce: quantityToHex(tx.nonce),
      gas: quantityToHex(tx.gasLimit),
      value: quantityToHex(tx.value),
      input: bytesToHex(tx.data),
      accessList: tx.accessList.map((e) => ({
        address: addressToHex(e.address),
        storageKeys: e.storageKeys.map(wordToHex),
      })),
    };
    if (tx.to !== undefined) json.to = addressToHex(tx.to);
    if (tx.type < 2) json.gasPrice = quantityToHex(tx.gasPrice);
    else {
      json.maxFeePerGas = quantityToHex(tx.maxFeePerGas);
      json.maxPriorityFeePerGas = quantityToHex(tx.maxPriorityFeePerGas);
    }
    if (tx.type === 3 || tx.type === 4)
      throw new Error("workloadToBlockJson: blob and set-code transactions");
    if (options.unsigned) json.from = addressToHex(tx.sender);
    else {
      json.v = quantityToHex(v);
      json.r = quantityToHex(r);
      json.s = quantityToHex(s);
    }
    return json;
  });
  return { env, pre, txs };
}
