// Intrinsic gas of a transaction (charged before execution) and the EIP-7623 calldata floor.
import type { ForkRules } from "../evm/forks.js";
import {
  G_ACCESS_LIST_ADDRESS,
  G_ACCESS_LIST_STORAGE_KEY,
  G_INITCODE_WORD,
  G_PER_EMPTY_ACCOUNT,
  G_TX,
  G_TX_CREATE,
  G_TX_DATA_ZERO,
  G_TX_FLOOR_PER_TOKEN,
} from "../evm/gas-constants.js";
import type { Transaction } from "./types.js";

function zeroBytes(data: Uint8Array): number {
  let zeros = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === 0) zeros++;
  return zeros;
}

export function intrinsicGas(tx: Transaction, rules: ForkRules): bigint {
  const zeros = zeroBytes(tx.data);
  let gas = G_TX + zeros * G_TX_DATA_ZERO + (tx.data.length - zeros) * rules.gas.txDataNonZero;
  if (tx.to === undefined) {
    // EIP-2 (Homestead) prices creation; EIP-3860 (Shanghai) charges for initcode words.
    if (rules.eip2) gas += G_TX_CREATE;
    if (rules.eip3860) gas += G_INITCODE_WORD * Math.ceil(tx.data.length / 32);
  }
  for (const entry of tx.accessList) {
    gas += G_ACCESS_LIST_ADDRESS + G_ACCESS_LIST_STORAGE_KEY * entry.storageKeys.length;
  }
  gas += G_PER_EMPTY_ACCOUNT * tx.authorizationList.length;
  return BigInt(gas);
}

/** EIP-7623: the least a transaction pays, 10 gas per calldata token (a zero byte is 1 token, others 4). */
export function floorDataGas(tx: Transaction): bigint {
  const zeros = zeroBytes(tx.data);
  const tokens = zeros + (tx.data.length - zeros) * 4;
  return BigInt(G_TX + G_TX_FLOOR_PER_TOKEN * tokens);
}
