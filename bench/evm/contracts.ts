// The benchmark contracts: hand-assembled, compute-heavy loops, each stressing one part of an EVM
// (the arithmetic dispatch loop, KECCAK256, memory copies, storage, and a realistic token mix).
// Iteration counts come in through calldata, so the code is fixed and only the workload scales; the
// defaults are sized for roughly 50-300 ms per run in Lanes on a 2-core cloud VM.
//
// Stack comments list the stack bottom-to-top (top on the right). Every contract either returns a value
// that depends on all of its work or leaves it in storage, so the two engines can be checked to agree.
import { keccak_256 } from "@noble/hashes/sha3.js";
import { asm, concat, word } from "../../tools/asm.js";

export interface BenchContract {
  name: string;
  /** What the contract stresses (printed in --list and documented in docs/benchmarks.md). */
  exercises: string;
  code: Uint8Array;
  calldata: Uint8Array;
  gasLimit: bigint;
  /** Contract storage before the transaction. */
  storage: Map<bigint, bigint>;
  /** Slots compared between the engines after the run, besides every slot Lanes reports as written. */
  probeSlots: bigint[];
}

/** The transaction sender (also CALLER in the contracts) and the contract under test. */
export const SENDER = 0x5e4de40000000000000000000000000000000001n;
export const CONTRACT = 0xbe4c000000000000000000000000000000000001n;

const GAS_LIMIT = 500_000_000n;

// (1) Arithmetic: an xorshift/multiply mixing loop over one 256-bit accumulator. Nearly every opcode is a
// cheap stack operation, so this measures raw dispatch and 256-bit bigint arithmetic (MUL, DIV, MOD, MULMOD
// on full-width words). ~118 gas per iteration.
const ARITHMETIC = asm(`
        PUSH8 0x0123456789abcdef      ; [acc]
        PUSH0 CALLDATALOAD            ; [acc, i]   i = iterations (calldata word 0)
  loop: JUMPDEST
        SWAP1                         ; [i, x]
        PUSH32 0x9e3779b97f4a7c15f39cc0605cedc8341082276bf3a27251f86c6a11d0c18e95
        MUL                           ; x = x * K1 (mod 2^256)
        PUSH8 0x632be59bd9b4e019 ADD  ; x = x + K2
        DUP1 PUSH1 29 SHR XOR         ; x ^= x >> 29
        DUP1 PUSH1 17 SHL XOR         ; x ^= x << 17
        PUSH16 0xfffffffffffffffffffffffffffffff1 DUP2 MOD   ; [i, x, x % M]
        PUSH4 0x7fffffff DUP3 DIV     ; [i, x, x % M, x / D]
        SUB ADD                       ; x = x + (x / D - x % M)
        PUSH32 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffff
        DUP2 DUP3 MULMOD XOR          ; x ^= x * x mod P (512-bit intermediate)
        SWAP1                         ; [x, i]
        PUSH1 1 SWAP1 SUB             ; i = i - 1
        DUP1 PUSH @loop JUMPI
        POP PUSH0 MSTORE              ; mem[0..32) = x
        PUSH1 32 PUSH0 RETURN
`);

// (2) Keccak: h = keccak256(i . h) over a 64-byte memory window, feeding each hash into the next.
// Measures the KECCAK256 path (memory read, hashing, word conversion). ~87 gas per iteration.
const KECCAK = asm(`
        PUSH32 0x1111111111111111111111111111111111111111111111111111111111111111
        PUSH1 32 MSTORE               ; mem[32..64) = seed
        PUSH0 CALLDATALOAD            ; [i]
  loop: JUMPDEST
        DUP1 PUSH0 MSTORE             ; mem[0..32) = i
        PUSH1 64 PUSH0 KECCAK256      ; [i, h]
        PUSH1 32 MSTORE               ; mem[32..64) = h
        PUSH1 1 SWAP1 SUB
        DUP1 PUSH @loop JUMPI
        POP PUSH1 32 PUSH1 32 RETURN  ; return the last hash
`);

// (3) Memory copy: per iteration, CALLDATACOPY 4 KiB of calldata to a sliding offset, MCOPY it up past 4 KiB,
// then MCOPY it back down shifted by one byte. Measures bulk copies and per-word gas metering (~1.2 kgas and
// 12 KiB moved per iteration). The result is keccak256 of the final memory, so every byte is checked.
const MEMCOPY = asm(`
        PUSH0 CALLDATALOAD            ; [i]
  loop: JUMPDEST
        PUSH2 4096 PUSH1 32           ; [i, 4096, 32]
        DUP3 PUSH1 0xff AND           ; [i, 4096, 32, i & 0xff]
        CALLDATACOPY                  ; mem[i & 0xff ..+4096) = calldata[32..4128)
        PUSH2 4096 PUSH0 PUSH2 4200
        MCOPY                         ; mem[4200..8296) = mem[0..4096)
        PUSH2 4096 PUSH2 4201 PUSH1 1
        MCOPY                         ; mem[1..4097) = mem[4201..8297)
        PUSH1 1 SWAP1 SUB
        DUP1 PUSH @loop JUMPI
        POP
        MSIZE PUSH0 KECCAK256         ; keccak256(all of memory)
        PUSH0 MSTORE PUSH1 32 PUSH0 RETURN
`);

// (4) Storage: SSTORE slots 1..n with fresh non-zero values (cold, 22.1 kgas each), then r rounds of
// read-modify-write (SLOAD, +1, SSTORE) over all of them (warm and dirty, ~230 gas each). Measures the
// storage journal, warm/cold tracking and the EIP-2200/3529 SSTORE gas rules. No refunds arise.
const STORAGE = asm(`
        PUSH0 CALLDATALOAD            ; [n]
        DUP1                          ; [n, i]
  fill: JUMPDEST
        DUP1 DUP1 SSTORE              ; slot[i] = i
        PUSH1 1 SWAP1 SUB
        DUP1 PUSH @fill JUMPI
        POP                           ; [n]
        PUSH1 32 CALLDATALOAD         ; [n, r]   r = rounds (calldata word 1)
 round: JUMPDEST
        DUP2                          ; [n, r, i = n]
  over: JUMPDEST
        DUP1 SLOAD PUSH1 1 ADD        ; [n, r, i, slot[i] + 1]
        DUP2 SSTORE                   ; slot[i] = slot[i] + 1
        PUSH1 1 SWAP1 SUB
        DUP1 PUSH @over JUMPI
        POP                           ; [n, r]
        PUSH1 1 SWAP1 SUB
        DUP1 PUSH @round JUMPI
        STOP
`);

/** keccak256(Transfer(address,address,uint256)): the ERC-20 Transfer event topic. */
const TRANSFER_TOPIC = 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3efn;
const TOKEN_AMOUNT = 3n;
const TOKEN_RECIPIENT_BASE = 0x1000n;

// (5) ERC-20-like: n transfers of 3 units from CALLER to recipient 0x1000 + i % m, with balances in a
// Solidity-layout mapping at slot 0 (slot = keccak256(address . 0)), a balance check that reverts, and a
// Transfer LOG3 per transfer. Measures the mix a token contract sees: keccak slot derivation, SLOAD/SSTORE
// on warm and cold slots, and logs.
const ERC20 = asm(`
        PUSH0 PUSH1 32 MSTORE         ; mem[32..64) = 0, the mapping's slot number
        PUSH0 CALLDATALOAD            ; [i]   i = transfers (calldata word 0)
  loop: JUMPDEST
        CALLER PUSH0 MSTORE
        PUSH1 64 PUSH0 KECCAK256      ; [i, sFrom]
        DUP1 SLOAD                    ; [i, sFrom, bal]
        PUSH1 ${TOKEN_AMOUNT} DUP2 LT PUSH @fail JUMPI   ; revert if bal < amount
        PUSH1 ${TOKEN_AMOUNT} SWAP1 SUB                  ; [i, sFrom, bal - amount]
        SWAP1 SSTORE                  ; balances[caller] -= amount
        PUSH1 32 CALLDATALOAD DUP2 MOD                   ; [i, i % m]   m = recipients (calldata word 1)
        PUSH2 ${TOKEN_RECIPIENT_BASE} ADD                ; [i, to]
        DUP1 PUSH0 MSTORE
        PUSH1 64 PUSH0 KECCAK256      ; [i, to, sTo]
        DUP1 SLOAD PUSH1 ${TOKEN_AMOUNT} ADD             ; [i, to, sTo, bal + amount]
        SWAP1 SSTORE                  ; balances[to] += amount
        PUSH1 ${TOKEN_AMOUNT} PUSH0 MSTORE               ; event data: the amount
        CALLER PUSH32 ${TRANSFER_TOPIC}                  ; [i, to, caller, topic]
        PUSH1 32 PUSH0 LOG3           ; Transfer(caller, to, amount)
        PUSH1 1 SWAP1 SUB
        DUP1 PUSH @loop JUMPI
        STOP
  fail: JUMPDEST PUSH0 PUSH0 REVERT
`);

/** The storage slot of `balances[holder]` for a mapping at slot 0. */
function balanceSlot(holder: bigint): bigint {
  const h = keccak_256(concat(word(holder), word(0n)));
  return BigInt(`0x${Buffer.from(h).toString("hex")}`);
}

/** Calldata bytes that are neither all zero nor trivially repetitive, for the copy loop. */
function pseudoRandomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const range = (from: bigint, to: bigint): bigint[] => {
  const out: bigint[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
};

/** The benchmark set; `scale` multiplies every iteration count (1 = the documented defaults). */
export function benchContracts(scale = 1): BenchContract[] {
  const n = (base: number): bigint => BigInt(Math.max(1, Math.round(base * scale)));

  const storageSlots = n(7_000);
  const tokenTransfers = n(10_000);
  const tokenRecipients = n(500);
  const holderBalance = 10n ** 30n;

  return [
    {
      name: "arithmetic",
      exercises: "ADD/MUL/SUB/DIV/MOD/MULMOD/XOR/SHL/SHR mixing loop on a 256-bit accumulator",
      code: ARITHMETIC,
      calldata: word(n(80_000)),
      gasLimit: GAS_LIMIT,
      storage: new Map(),
      probeSlots: [],
    },
    {
      name: "keccak",
      exercises: "KECCAK256 of a 64-byte memory window, each hash fed into the next",
      code: KECCAK,
      calldata: word(n(50_000)),
      gasLimit: GAS_LIMIT,
      storage: new Map(),
      probeSlots: [],
    },
    {
      name: "memcopy",
      exercises: "CALLDATACOPY of 4 KiB plus two 4 KiB MCOPYs per iteration, result hashed",
      code: MEMCOPY,
      calldata: concat(word(n(60_000)), pseudoRandomBytes(4096)),
      gasLimit: GAS_LIMIT,
      storage: new Map(),
      probeSlots: [],
    },
    {
      name: "storage",
      exercises: "SSTORE to n fresh slots, then 10 rounds of SLOAD+SSTORE over them",
      code: STORAGE,
      calldata: concat(word(storageSlots), word(10n)),
      gasLimit: GAS_LIMIT,
      storage: new Map(),
      probeSlots: range(0n, storageSlots + 1n),
    },
    {
      name: "erc20",
      exercises: "token transfers: keccak mapping slots, SLOAD/SSTORE, balance check, LOG3",
      code: ERC20,
      calldata: concat(word(tokenTransfers), word(tokenRecipients)),
      gasLimit: GAS_LIMIT,
      storage: new Map([[balanceSlot(SENDER), holderBalance]]),
      probeSlots: [
        balanceSlot(SENDER),
        ...range(TOKEN_RECIPIENT_BASE, TOKEN_RECIPIENT_BASE + tokenRecipients).map(balanceSlot),
      ],
    },
  ];
}
