// Gas schedule constants (Cancun and later); fork differences live in forks.ts.

export const G_ZERO = 0;
export const G_BASE = 2;
export const G_VERYLOW = 3;
export const G_LOW = 5;
export const G_MID = 8;
export const G_HIGH = 10;
export const G_JUMPDEST = 1;
export const G_EXP = 10;
export const G_EXP_BYTE = 50;
export const G_KECCAK = 30;
export const G_KECCAK_WORD = 6;
export const G_COPY_WORD = 3;
export const G_MEMORY = 3;
export const G_LOG = 375;
export const G_LOG_TOPIC = 375;
export const G_LOG_DATA = 8;
export const G_BLOCKHASH = 20;
export const G_CREATE = 32000;
export const G_CODE_DEPOSIT = 200;
export const G_INITCODE_WORD = 2;
export const G_CALL_VALUE = 9000;
export const G_CALL_STIPEND = 2300;
export const G_NEW_ACCOUNT = 25000;
export const G_SELFDESTRUCT = 5000;

// EIP-2929 access costs.
export const G_COLD_ACCOUNT_ACCESS = 2600;
export const G_COLD_SLOAD = 2100;
export const G_WARM_ACCESS = 100;

// EIP-2200 / EIP-3529 storage.
export const G_SSTORE_SET = 20000;
export const G_SSTORE_RESET = 5000 - G_COLD_SLOAD;
export const G_SSTORE_SENTRY = 2300;
export const R_SSTORE_CLEARS = 4800;

// Transactions.
export const G_TX = 21000;
export const G_TX_CREATE = 32000;
export const G_TX_DATA_ZERO = 4;
export const G_TX_DATA_NONZERO = 16;
export const G_ACCESS_LIST_ADDRESS = 2400;
export const G_ACCESS_LIST_STORAGE_KEY = 1900;
/** EIP-7623 cost per calldata token in the floor. */
export const G_TX_FLOOR_PER_TOKEN = 10;
/** EIP-7702 cost per authorization, and the refund when the authority already exists. */
export const G_PER_EMPTY_ACCOUNT = 25000;
export const G_PER_AUTH_BASE = 12500;
/** EIP-4844. */
export const G_PER_BLOB = 1 << 17;

export const MAX_CODE_SIZE = 24576;
export const MAX_INITCODE_SIZE = 2 * MAX_CODE_SIZE;
export const MAX_CALL_DEPTH = 1024;
export const MAX_REFUND_QUOTIENT = 5;
