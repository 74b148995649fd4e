// The numbers that define Lanes' WebAssembly contracts: code format limits, ink price, memory pricing and
// the stack budget. One table so docs/compute-model.md, the activator and the runner agree.

export const WASM_PARAMS = {
  /** Ink per unit of gas (Stylus's default): 1 gas = 10,000 ink. */
  inkPrice: 10_000,
  /**
   * Largest module (after the 3-byte prefix). EIP-3860 already caps init code at 49,152 bytes, so a
   * creation can deposit at most that much; WASM code is exempt from EIP-170's 24,576-byte limit.
   */
  maxModuleSize: 49_152 - 3,
  /** Largest initial memory, and the ceiling memory.grow is capped at: 128 pages of 64 KiB = 8 MiB. */
  pageLimit: 128,
  /** Pages each transaction gets without charge (Stylus: 2). */
  freePages: 2,
  /** Linear gas per page beyond the free ones (Stylus: 1,000). */
  pageGas: 1_000,
  /** Defined functions, globals, table entries, exports, locals per function: anti-DoS caps. */
  maxFunctions: 4096,
  maxGlobals: 4096,
  maxTableEntries: 4096,
  maxExports: 1024,
  maxLocals: 8192,
  maxDataSegments: 1024,
  /**
   * Stack budget of one transaction, in slots (one slot per parameter, local and operand-stack entry
   * of a WebAssembly frame). All WebAssembly frames of a transaction, at every call depth, share it, so
   * the JavaScript stack they run on can never overflow: each call into a contract costs
   * `callEntrySlots`, each function frame its size. Running out fails the frame like a stack overflow.
   */
  stackBudget: 48_000,
  /** Slots charged per contract call for the host frames between two WebAssembly instances. */
  callEntrySlots: 400,
  /** Slots added to every function frame for its fixed part (return address, frame pointer, instance). */
  frameOverheadSlots: 6,
} as const;

/** Gas charged once per contract call into WebAssembly code (instantiation), beside memory pages. */
export const WASM_CALL_ENTRY_GAS = 128;
