// Decoded transactions of types 0-4, as the executor consumes them (fields are bigint words).

export type TxType = 0 | 1 | 2 | 3 | 4;

export interface AccessListEntry {
  address: bigint;
  storageKeys: bigint[];
}

/** An EIP-7702 authorization tuple with its signature. */
export interface Authorization {
  chainId: bigint;
  address: bigint;
  nonce: bigint;
  yParity: bigint;
  r: bigint;
  s: bigint;
}

export interface Transaction {
  type: TxType;
  /** Absent for a pre-EIP-155 legacy transaction. */
  chainId: bigint | undefined;
  nonce: bigint;
  gasLimit: bigint;
  /** undefined for contract creation. */
  to: bigint | undefined;
  value: bigint;
  data: Uint8Array;
  /** Types 0 and 1. */
  gasPrice: bigint;
  /** Types 2-4 (for 0 and 1, both equal gasPrice). */
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  accessList: AccessListEntry[];
  /** Type 3. */
  maxFeePerBlobGas: bigint;
  blobVersionedHashes: Uint8Array[];
  /** Type 4. */
  authorizationList: Authorization[];
  /** The recovered (or, in simulations, asserted) sender. */
  sender: bigint;
}
