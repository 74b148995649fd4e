// The synchronous state interface the EVM reads through, and the diff a transaction or block produces.
// Synchronous on purpose: the parallel executor serves reads from shared memory on worker threads, and an
// async read (a microtask per SLOAD) would make that impossible and slow.

export interface Account {
  nonce: bigint;
  balance: bigint;
  /** keccak256 of the code; EMPTY_CODE_HASH for accounts without code. */
  codeHash: Uint8Array;
}

export interface StateReader {
  /** The account, or undefined when it does not exist. */
  getAccount(address: bigint): Account | undefined;
  /** The account's code; empty when it has none or does not exist. */
  getCode(address: bigint): Uint8Array;
  /** A storage slot; 0n when unset. */
  getStorage(address: bigint, slot: bigint): bigint;
  /** Whether the account has any non-zero storage slot (EIP-7610 create collision). */
  hasStorage(address: bigint): boolean;
  /**
   * Optional: the account's code hash alone (EMPTY_CODE_HASH when it is absent or has no code), for readers
   * that track reads per field (the parallel executor): a plain value transfer learns that its recipient has
   * no code without reading the recipient's balance (see ApplyOptions.deferValueTransfer).
   */
  getCodeHash?(address: bigint): Uint8Array;
}

/** What one account became. `account: undefined` means deleted (or never created and left empty). */
export interface AccountDiff {
  account: Account | undefined;
  /** Present when the code changed (creation or EIP-7702 delegation). */
  code?: Uint8Array;
  /** When true, every storage slot not listed in `storage` is zero (account was destroyed or re-created). */
  storageCleared: boolean;
  /** Changed slots; a value of 0n deletes the slot. */
  storage: Map<bigint, bigint>;
}

export type StateDiff = Map<bigint, AccountDiff>;

/**
 * A block's pre-state when it is not an InMemoryState: a state backed by an execution witness (stateless
 * verification), or a recorder of what a block reads (witness generation). The block's overlay
 * (OverlayState) reads through it and asks it two more things.
 */
export interface BlockPreState extends StateReader {
  /**
   * Whether the account has a non-zero slot other than those in `written` (the slots the block has written
   * so far, whatever their values): EIP-7610's storage check with the block's writes on top.
   */
  hasStorageBeyond(address: bigint, written: ReadonlyMap<bigint, bigint>): boolean;
  /** The state root of this state with `diff` (a block's merged change, as OverlayState.toDiff gives) applied. */
  stateRootAfter(diff: StateDiff): Uint8Array;
}
