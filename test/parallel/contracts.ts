// Hand-written contracts for the randomized differential blocks (tools/asm.ts syntax; stack comments
// list the top of the stack last). Each one exists to make a hard case for the parallel executor reachable:
// - CHILD: a counter created in-block by CREATE, CREATE2 or a creation transaction, then called; calling it
//   with word0 = 1 SELFDESTRUCTs it (deletes it when created in the same transaction, EIP-6780).
// - FACTORY: CREATE / CREATE2 of CHILD, and "CREATE2 then SELFDESTRUCT in the same transaction".
// - PROBE: reads BALANCE(COINBASE), BALANCE / EXTCODEHASH / EXTCODESIZE of an address, SELFBALANCE, optionally
//   calls that address (forwarding value and calldata), logs everything it saw, and can store it, revert
//   or burn all gas.
// - DELEGATE_A / DELEGATE_B: EIP-7702 delegation targets (a counter that can send ETH out of the EOA; a
//   writer that reads its own code hash and size and can revert).
// - DEPOSIT_LOGGER: emits its calldata as an EIP-6110 DepositEvent (the chain config points at it).

import { DEPOSIT_EVENT_SIGNATURE_HASH } from "../../src/block/deposits.js";
import { bigIntToBytes, bytesToBigInt, concatBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { asm, concat } from "../../tools/asm.js";

/** Runtime of the in-block child: slot0 += 1, LOG1(caller) [counter, selfbalance], returns the counter. */
export const CHILD_RUNTIME = asm(`
  PUSH0 SLOAD PUSH1 1 ADD        ; [n]
  DUP1 PUSH0 SSTORE              ; slot0 = n
  PUSH0 MSTORE                   ; mem[0] = n
  SELFBALANCE PUSH1 32 MSTORE    ; mem[32] = balance
  CALLER PUSH1 64 PUSH0 LOG1
  PUSH0 CALLDATALOAD PUSH1 1 EQ PUSH @kill JUMPI
  PUSH1 32 PUSH0 RETURN
kill:
  JUMPDEST CALLER SELFDESTRUCT
`);

/** Initcode `prefix || runtime` where the prefix copies the runtime (placed right after it) and returns it. */
function deployer(prologue: string, runtime: Uint8Array): Uint8Array {
  const prefix = (offset: number) =>
    asm(`${prologue}
      PUSH2 ${runtime.length} PUSH2 ${offset} PUSH0 CODECOPY
      PUSH2 ${runtime.length} PUSH0 RETURN`);
  const length = prefix(0).length;
  return concat(prefix(length), runtime);
}

/** CHILD's initcode: slot1 = CALLER (the creator), then deploy CHILD_RUNTIME. */
export const CHILD_INIT = deployer("CALLER PUSH1 1 SSTORE", CHILD_RUNTIME);
export const CHILD_INIT_HASH = keccak256(CHILD_INIT);

/** Initcode that writes a slot, logs and then reverts: a failed creation. */
export const REVERTING_INIT = asm(`
  PUSH1 7 PUSH0 SSTORE
  PUSH1 32 PUSH0 LOG0
  PUSH1 32 PUSH0 REVERT
`);

export const FACTORY_OP = { create: 0n, create2: 1n, create2AndDestroy: 2n } as const;

function factoryRuntime(initOffset: number): Uint8Array {
  const n = CHILD_INIT.length;
  return asm(`
    PUSH2 ${n} PUSH2 ${initOffset} PUSH0 CODECOPY    ; mem[0..n] = CHILD_INIT
    PUSH0 CALLDATALOAD                                ; [op]
    DUP1 ISZERO PUSH @create JUMPI
    DUP1 PUSH1 1 EQ PUSH @create2 JUMPI
    DUP1 PUSH1 2 EQ PUSH @kill JUMPI
    PUSH0 PUSH0 REVERT
  create:
    JUMPDEST POP
    PUSH2 ${n} PUSH0 CALLVALUE CREATE                  ; [addr]
    PUSH @done JUMP
  create2:
    JUMPDEST POP
    PUSH1 32 CALLDATALOAD PUSH2 ${n} PUSH0 CALLVALUE CREATE2
    PUSH @done JUMP
  kill:
    JUMPDEST POP
    PUSH1 32 CALLDATALOAD PUSH2 ${n} PUSH0 CALLVALUE CREATE2   ; [addr]
    PUSH1 1 PUSH0 MSTORE                                      ; calldata word0 = 1: selfdestruct
    PUSH0 PUSH0 PUSH1 32 PUSH0 PUSH0 DUP6 GAS CALL POP        ; addr.call(1)
  done:
    JUMPDEST                                          ; [addr]
    DUP1 PUSH1 1 SWAP1 SSTORE                         ; registry[addr] = 1
    DUP1 PUSH0 MSTORE
    PUSH1 32 PUSH0 LOG1                               ; LOG1(topic addr) [addr]
    PUSH1 32 PUSH0 RETURN
  `);
}

/** FACTORY: calldata word0 = op (FACTORY_OP), word1 = salt; forwards CALLVALUE to the child. */
export const FACTORY_CODE = (() => {
  const length = factoryRuntime(0).length;
  return concat(factoryRuntime(length), CHILD_INIT);
})();

export const PROBE_FLAG = { call: 1n, revert: 2n, coinbase: 4n, invalid: 8n, store: 16n } as const;

/**
 * PROBE: calldata word0 = address A, word1 = flags (PROBE_FLAG), bytes 64.. = calldata for the call to A.
 * Memory (logged as LOG1(A), 256 bytes): [0] BALANCE(COINBASE) (flag coinbase), [32] BALANCE(A),
 * [64] EXTCODEHASH(A), [96] EXTCODESIZE(A), [128] SELFBALANCE, then after the call (flag call): [160] its
 * success, [192] BALANCE(A), [224] BALANCE(COINBASE) (flag coinbase). Flag store: storage[CALLER] =
 * BALANCE(A), storage[CALLER + 1] = word 0. Flag revert / invalid: REVERT / INVALID after logging.
 */
export const PROBE_CODE = asm(`
  PUSH1 32 CALLDATALOAD PUSH1 4 AND ISZERO PUSH @nocb JUMPI
  COINBASE BALANCE PUSH0 MSTORE
nocb:
  JUMPDEST
  PUSH0 CALLDATALOAD BALANCE PUSH1 32 MSTORE
  PUSH0 CALLDATALOAD EXTCODEHASH PUSH1 64 MSTORE
  PUSH0 CALLDATALOAD EXTCODESIZE PUSH1 96 MSTORE
  SELFBALANCE PUSH1 128 MSTORE
  PUSH1 32 CALLDATALOAD PUSH1 1 AND ISZERO PUSH @nocall JUMPI
  PUSH1 64 CALLDATASIZE SUB PUSH1 64 PUSH2 256 CALLDATACOPY        ; mem[256..] = calldata[64..]
  PUSH0 PUSH0 PUSH1 64 CALLDATASIZE SUB PUSH2 256 CALLVALUE PUSH0 CALLDATALOAD GAS CALL
  PUSH1 160 MSTORE
  PUSH0 CALLDATALOAD BALANCE PUSH1 192 MSTORE
  PUSH1 32 CALLDATALOAD PUSH1 4 AND ISZERO PUSH @nocall JUMPI
  COINBASE BALANCE PUSH1 224 MSTORE
nocall:
  JUMPDEST
  PUSH1 32 CALLDATALOAD PUSH1 16 AND ISZERO PUSH @nostore JUMPI
  PUSH1 32 MLOAD CALLER SSTORE
  PUSH0 MLOAD PUSH1 1 CALLER ADD SSTORE
nostore:
  JUMPDEST
  PUSH0 CALLDATALOAD PUSH2 256 PUSH0 LOG1
  PUSH1 32 CALLDATALOAD PUSH1 2 AND PUSH @rev JUMPI
  PUSH1 32 CALLDATALOAD PUSH1 8 AND PUSH @bad JUMPI
  STOP
rev:
  JUMPDEST PUSH1 32 PUSH0 REVERT
bad:
  JUMPDEST INVALID
`);

/**
 * DELEGATE_A (runs as the delegating EOA): slot0 += 1, LOG2(ADDRESS, CALLER) [SELFBALANCE]; when word0 is
 * non-zero, sends word1 wei from the EOA to address word0.
 */
export const DELEGATE_A_CODE = asm(`
  PUSH0 SLOAD PUSH1 1 ADD PUSH0 SSTORE
  SELFBALANCE PUSH0 MSTORE
  CALLER ADDRESS PUSH1 32 PUSH0 LOG2
  PUSH0 CALLDATALOAD ISZERO PUSH @end JUMPI
  PUSH0 PUSH0 PUSH0 PUSH0 PUSH1 32 CALLDATALOAD PUSH0 CALLDATALOAD GAS CALL POP
end:
  JUMPDEST STOP
`);

export const DELEGATE_B_REVERT_WORD = 0xdeadn;

/**
 * DELEGATE_B: slot1 = CALLVALUE + NUMBER, logs [EXTCODEHASH(word0), own EXTCODEHASH, own EXTCODESIZE,
 * BLOCKHASH(NUMBER - 1), BLOCKHASH(NUMBER - 256), BLOCKHASH(NUMBER - 257)], and reverts when word0 = 0xdead.
 */
export const DELEGATE_B_CODE = asm(`
  CALLVALUE NUMBER ADD PUSH1 1 SSTORE
  PUSH0 CALLDATALOAD EXTCODEHASH PUSH0 MSTORE
  ADDRESS EXTCODEHASH PUSH1 32 MSTORE
  ADDRESS EXTCODESIZE PUSH1 64 MSTORE
  PUSH1 1 NUMBER SUB BLOCKHASH PUSH1 96 MSTORE
  PUSH2 256 NUMBER SUB BLOCKHASH PUSH1 128 MSTORE
  PUSH2 257 NUMBER SUB BLOCKHASH PUSH1 160 MSTORE
  PUSH1 192 PUSH0 LOG0
  PUSH0 CALLDATALOAD PUSH2 0xdead EQ PUSH @rev JUMPI
  STOP
rev:
  JUMPDEST PUSH0 PUSH0 REVERT
`);

/**
 * WIDE: for i in 0..count-1 (word1): storage[start + i] += 1 and BALANCE(start + i) (word0 = start), so one
 * transaction reads and writes hundreds of locations (Block-STM read/write-set capacity).
 */
export const WIDE_CODE = asm(`
  PUSH0 CALLDATALOAD PUSH1 32 CALLDATALOAD PUSH0     ; [start, count, i]
loop:
  JUMPDEST
  DUP2 DUP2 LT ISZERO PUSH @end JUMPI              ; while i < count
  DUP1 DUP4 ADD                                     ; [start, count, i, k]
  DUP1 SLOAD PUSH1 1 ADD DUP2 SSTORE                ; storage[k] += 1
  BALANCE POP                                       ; touch account k
  PUSH1 1 ADD
  PUSH @loop JUMP
end:
  JUMPDEST STOP
`);

/** DEPOSIT_LOGGER: LOG1(DepositEvent) with the calldata as the event data. */
export const DEPOSIT_LOGGER_CODE = asm(`
  CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY
  PUSH32 ${DEPOSIT_EVENT_SIGNATURE_HASH} CALLDATASIZE PUSH0 LOG1
`);

/** A well-formed DepositEvent body (576 bytes): five offsets, then each field's length word and padded body. */
export function depositEventData(fields: {
  pubkey: Uint8Array;
  credentials: Uint8Array;
  amount: Uint8Array;
  signature: Uint8Array;
  index: Uint8Array;
}): Uint8Array {
  const out = new Uint8Array(576);
  const layout: [number, Uint8Array, number][] = [
    [160, fields.pubkey, 48],
    [256, fields.credentials, 32],
    [320, fields.amount, 8],
    [384, fields.signature, 96],
    [512, fields.index, 8],
  ];
  layout.forEach(([offset, body, size], i) => {
    if (body.length !== size) throw new RangeError(`deposit field ${i}: ${body.length} bytes, want ${size}`);
    out.set(bigIntToBytes(BigInt(offset), 32), i * 32);
    out.set(bigIntToBytes(BigInt(size), 32), offset);
    out.set(body, offset + 32);
  });
  return out;
}

/** CREATE2 address: keccak256(0xff || creator || salt || keccak256(initcode))[12:]. */
export function create2Address(
  creator: bigint,
  salt: bigint,
  initHash: Uint8Array = CHILD_INIT_HASH,
): bigint {
  const preimage = concatBytes(
    Uint8Array.of(0xff),
    bigIntToBytes(creator, 20),
    bigIntToBytes(salt, 32),
    initHash,
  );
  return bytesToBigInt(keccak256(preimage).subarray(12));
}
