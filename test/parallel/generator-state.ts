// The state side of the random-block generator (random-block.ts): the constants and types of a block's
// episodes, and GeneratorState, which tracks what sequential execution will see as transactions are placed
// in block order, picks accounts at the block's conflict rate, emits transactions and runs the agenda of
// follow-ups. Episodes (what a transfer, a swap, a delegation... is made of) are the subclass's business.

import { getForkRules } from "../../src/evm/forks.js";
import { bigIntToBytes32, concatBytes } from "../../src/primitives/hex.js";
import { floorDataGas, intrinsicGas } from "../../src/tx/intrinsic-gas.js";
import type { AccessListEntry, Authorization, Transaction, TxType } from "../../src/tx/types.js";
import { BASE_FEE, CHAIN_ID } from "../../tools/workloads/chain.js";
import { type Account, address } from "../../tools/workloads/keys.js";
import { Rng } from "../../tools/workloads/rng.js";
import type { Pool } from "../../tools/workloads/uniswap.js";
import { erc20BalanceSlot, type World } from "./world.js";

export type Fork = "Prague" | "Osaka";

export const GWEI = 1_000_000_000n;
export const MAX_FEE = 3n * GWEI;
export const BLOB_FEE_CAP = 10n * GWEI;
export const MAX_BLOBS_PER_BLOCK = 6;
export const MIN_GAS_LIMIT = 30_000_000n;
export const PRECOMPILES = [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n, 11n, 12n, 13n, 14n, 15n, 16n, 17n];
export const OSAKA_PRECOMPILES = [0x100n];

export type Kind =
  | "eth"
  | "nonce-chain"
  | "erc20"
  | "erc20-hot-sender"
  | "erc20-drain"
  | "swap"
  | "create-tx"
  | "factory-create"
  | "factory-create2"
  | "destroy-recreate"
  | "set-code"
  | "set-code-same-tx"
  | "coinbase-read"
  | "to-coinbase"
  | "from-coinbase"
  | "transfer-then-read"
  | "precompile"
  | "revert"
  | "el-request"
  | "deposit"
  | "blob"
  | "wide";

/** Relative weights; `dependent` kinds are dropped at conflict rate 0 (exported for coverage tests). */
export const KINDS: readonly { kind: Kind; weight: number; dependent: boolean }[] = [
  { kind: "eth", weight: 16, dependent: false },
  { kind: "nonce-chain", weight: 3, dependent: true },
  { kind: "erc20", weight: 12, dependent: false },
  { kind: "erc20-hot-sender", weight: 3, dependent: true },
  { kind: "erc20-drain", weight: 2, dependent: false },
  { kind: "swap", weight: 10, dependent: false },
  { kind: "create-tx", weight: 4, dependent: false },
  { kind: "factory-create", weight: 3, dependent: true },
  { kind: "factory-create2", weight: 3, dependent: true },
  { kind: "destroy-recreate", weight: 3, dependent: true },
  { kind: "set-code", weight: 5, dependent: true },
  { kind: "set-code-same-tx", weight: 2, dependent: false },
  { kind: "coinbase-read", weight: 3, dependent: true },
  { kind: "to-coinbase", weight: 2, dependent: true },
  { kind: "from-coinbase", weight: 2, dependent: true },
  { kind: "transfer-then-read", weight: 3, dependent: true },
  { kind: "precompile", weight: 4, dependent: false },
  { kind: "revert", weight: 4, dependent: false },
  { kind: "el-request", weight: 1, dependent: true },
  { kind: "deposit", weight: 1, dependent: false },
  { kind: "blob", weight: 1, dependent: false },
  { kind: "wide", weight: 1, dependent: false },
];

export interface Facts {
  /** A CREATE2 child destroyed in its creating transaction, re-created at `tx` (same address). */
  recreated: { address: bigint; tx: number }[];
  /** A call at `tx` to an EOA whose delegation (set in an earlier transaction of the block) is `target`. */
  delegatedCalls: { authority: bigint; target: bigint; tx: number }[];
  /** A call at `tx` to a contract created earlier in the block. */
  callsToNewContracts: { address: bigint; tx: number }[];
}

export interface TxFields {
  to: bigint | undefined;
  value?: bigint;
  data?: Uint8Array;
  gasLimit: bigint;
  /** Force a type (3 or 4); otherwise 0, 1 or 2 at random. */
  type?: TxType;
  authorizationList?: Authorization[];
  blobs?: number;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
}

export const words = (...values: bigint[]): Uint8Array => concatBytes(...values.map(bigIntToBytes32));

/**
 * What the generator tracks while it places transactions in block order (nonces, balance lower bounds,
 * token balances, pool reserves, code, delegations), how it picks accounts at the conflict rate, how it
 * emits a transaction, and the agenda of scheduled follow-ups. The episodes are in random-block.ts.
 */
export abstract class GeneratorState {
  readonly rng: Rng;
  readonly txs: Transaction[] = [];
  readonly kinds: Record<string, number> = {};
  readonly facts: Facts = { recreated: [], delegatedCalls: [], callsToNewContracts: [] };
  protected readonly nonces = new Map<bigint, bigint>();
  protected readonly balances = new Map<bigint, bigint>();
  protected readonly tokenSpent = new Map<string, bigint>();
  protected readonly pools: (Pool & { extra0: bigint; extra1: bigint })[];
  /** Addresses whose code the generator knows (created in this block or in the world). */
  protected readonly live = new Set<bigint>();
  /** EIP-7702 delegation target per authority address (absent: none). */
  protected readonly delegation = new Map<bigint, bigint>();
  protected readonly agenda: Scheduled[] = [];
  protected seq = 0;
  protected readonly userOrder: number[];
  protected nextUser = 1;
  protected fresh = 0;
  protected salts = 0;
  protected blobs = 0;
  protected poolCursor = 0;
  protected emptyCursor = 0;
  protected readonly emptyOffset: number;
  protected wideRanges = 0;
  protected authorityCursor = 0;
  protected readonly usedSalts: { factory: bigint; salt: bigint }[] = [];
  readonly hotUser: bigint;
  readonly hotRecipient: bigint;
  readonly coinbase: bigint;
  readonly coinbaseKind: string;
  protected readonly hotPool: number;
  protected readonly hotToken: number;
  protected readonly hotFactory: number;
  protected readonly hotAuthority: number;
  protected readonly precompiles: bigint[];
  protected readonly weights: { kind: Kind; weight: number }[];
  protected readonly totalWeight: number;

  constructor(
    readonly world: World,
    readonly seed: number,
    readonly p: number,
    readonly target: number,
    readonly fork: Fork,
  ) {
    this.rng = new Rng(seed, `parallel-evm/random-block/${p}/${target}`);
    const rng = this.rng;
    this.pools = world.pools.map((pool) => ({ ...pool, extra0: 0n, extra1: 0n }));
    this.userOrder = rng.shuffle(world.users.map((_, i) => i));
    this.hotUser = world.users[this.userOrder[0]!]!;
    this.hotPool = rng.int(this.pools.length);
    this.hotToken = rng.int(world.tokens.length);
    this.hotFactory = rng.int(world.factories.length);
    this.hotAuthority = rng.int(world.authorities.length);
    this.emptyOffset = rng.int(world.emptyAccounts.length);
    this.precompiles = fork === "Osaka" ? [...PRECOMPILES, ...OSAKA_PRECOMPILES] : PRECOMPILES;

    const funded = world.authorities.filter((_, i) => world.authorityFunded[i]);
    const c = rng.float();
    if (c < 0.3) [this.coinbase, this.coinbaseKind] = [world.fundedCoinbase, "funded EOA"];
    else if (c < 0.5) [this.coinbase, this.coinbaseKind] = [this.freshAddress(), "fresh (absent)"];
    else if (c < 0.65) [this.coinbase, this.coinbaseKind] = [this.hotUser, "the hot user"];
    else if (c < 0.8)
      [this.coinbase, this.coinbaseKind] = [funded[rng.int(funded.length)]!.address, "an authority"];
    else if (c < 0.9) [this.coinbase, this.coinbaseKind] = [world.probe, "the probe contract"];
    else [this.coinbase, this.coinbaseKind] = [this.emptyAccount(), "an empty account"];

    const r = rng.float();
    if (r < 0.4) this.hotRecipient = this.freshAddress();
    else if (r < 0.7) this.hotRecipient = this.freshUser();
    else if (r < 0.8) this.hotRecipient = this.hotUser;
    else this.hotRecipient = this.coinbase;

    for (const a of [world.probe, world.delegateA, world.delegateB, world.childTemplate, world.depositLogger])
      this.live.add(a);
    for (const f of world.factories) this.live.add(f);
    this.weights = KINDS.filter((k) => p > 0 || !k.dependent);
    this.totalWeight = this.weights.reduce((n, k) => n + k.weight, 0);
  }

  // --- tracked state -------------------------------------------------------------------------------------

  protected nonce(a: bigint): bigint {
    return this.nonces.get(a) ?? this.world.preState.getAccount(a)?.nonce ?? 0n;
  }

  /** A lower bound of `a`'s balance (credits other than the pre-state are ignored). */
  protected balance(a: bigint): bigint {
    return this.balances.get(a) ?? this.world.preState.getAccount(a)?.balance ?? 0n;
  }

  protected spend(a: bigint, amount: bigint): void {
    this.balances.set(a, this.balance(a) - amount);
  }

  protected tokenBalance(token: bigint, holder: bigint): bigint {
    const base = this.world.preState.getStorage(token, erc20BalanceSlot(holder));
    return base - (this.tokenSpent.get(`${token}:${holder}`) ?? 0n);
  }

  protected spendToken(token: bigint, holder: bigint, amount: bigint): void {
    const key = `${token}:${holder}`;
    this.tokenSpent.set(key, (this.tokenSpent.get(key) ?? 0n) + amount);
  }

  // --- choices -------------------------------------------------------------------------------------------

  protected hot(): boolean {
    return this.rng.float() < this.p;
  }

  protected freshAddress(): bigint {
    return address(this.seed, `parallel-evm/fresh/${this.p}/${this.target}`, this.fresh++);
  }

  /** A funded user no other choice of this block has returned (wraps around only in huge blocks). */
  protected freshUser(): bigint {
    const i = this.userOrder[this.nextUser % this.userOrder.length]!;
    this.nextUser++;
    return this.world.users[i]!;
  }

  protected sender(): bigint {
    return this.hot() ? this.hotUser : this.freshUser();
  }

  protected recipient(): bigint {
    if (this.hot()) return this.hotRecipient;
    const x = this.rng.float();
    if (x < 0.1) return this.emptyAccount();
    return x < 0.7 ? this.freshAddress() : this.freshUser();
  }

  /** An existing empty account not handed out before in this block (then fresh addresses). */
  protected emptyAccount(): bigint {
    const all = this.world.emptyAccounts;
    if (this.emptyCursor >= all.length) return this.freshAddress();
    return all[(this.emptyOffset + this.emptyCursor++) % all.length]!;
  }

  protected token(): bigint {
    const t = this.world.tokens;
    return this.hot() ? t[this.hotToken]! : t[this.rng.int(t.length)]!;
  }

  protected pool(): (typeof this.pools)[number] {
    if (this.hot()) return this.pools[this.hotPool]!;
    // Distinct pools while they last (pool 0 of the rotation is never the hot one at p = 0 anyway).
    const i = (this.hotPool + 1 + this.poolCursor++) % this.pools.length;
    return this.pools[i]!;
  }

  protected factory(): bigint {
    const f = this.world.factories;
    return this.hot() ? f[this.hotFactory]! : f[this.rng.int(f.length)]!;
  }

  protected authority(): Account {
    const a = this.world.authorities;
    if (this.hot()) return a[this.hotAuthority]!;
    return a[(this.hotAuthority + 1 + this.authorityCursor++) % a.length]!;
  }

  protected value(max: bigint = 10n ** 16n): bigint {
    return this.rng.float() < 0.3 ? 0n : this.rng.bigint(1n, max);
  }

  protected bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rng.int(256);
    return out;
  }

  // --- emission ------------------------------------------------------------------------------------------

  /** Appends a transaction from `from` if the tracked balance covers it; returns its index or -1. */
  protected send(kind: Kind, from: bigint, f: TxFields): number {
    const rng = this.rng;
    const value = f.value ?? 0n;
    const data = f.data ?? new Uint8Array(0);
    let type: TxType;
    if (f.type !== undefined) type = f.type;
    else {
      const t = rng.float();
      type = t < 0.15 ? 0 : t < 0.3 ? 1 : 2;
    }
    // Priority fee 0 (and gas price = base fee) for some transactions: no coinbase credit at all.
    const zeroTip = rng.float() < 0.15;
    const tip = zeroTip ? 0n : rng.bigint(1n, GWEI / 2n);
    const gasPrice = type < 2 ? BASE_FEE + tip : 0n;
    const maxFeePerGas = type < 2 ? gasPrice : zeroTip && rng.float() < 0.5 ? BASE_FEE : MAX_FEE;
    const maxPriorityFeePerGas = type < 2 ? gasPrice : tip;
    const accessList: AccessListEntry[] = [];
    if (type !== 0 && rng.float() < 0.25) {
      const warm = f.to ?? this.world.probe;
      accessList.push({ address: warm, storageKeys: rng.float() < 0.5 ? [0n, BigInt(rng.int(4))] : [] });
      if (rng.float() < 0.3) accessList.push({ address: this.coinbase, storageKeys: [] });
    }
    const blobCount = f.blobs ?? 0;
    const tx: Transaction = {
      type,
      chainId: type === 0 && rng.float() < 0.3 ? undefined : CHAIN_ID,
      nonce: this.nonce(from),
      gasLimit: f.gasLimit,
      to: f.to,
      value,
      data,
      gasPrice,
      maxFeePerGas,
      maxPriorityFeePerGas,
      accessList,
      maxFeePerBlobGas: blobCount > 0 ? BLOB_FEE_CAP : 0n,
      blobVersionedHashes: Array.from({ length: blobCount }, () =>
        concatBytes(Uint8Array.of(1), this.bytes(31)),
      ),
      authorizationList: f.authorizationList ?? [],
      sender: from,
    };
    // Enough gas for the intrinsic cost and the EIP-7623 floor, whatever the access list added.
    const rules = getForkRules(this.fork);
    const need = intrinsicGas(tx, rules);
    const floor = floorDataGas(tx);
    const min = need > floor ? need : floor;
    if (tx.gasLimit < min) tx.gasLimit = min + (f.gasLimit > 21_000n ? f.gasLimit : 0n);
    const cost =
      tx.gasLimit * (type < 2 ? gasPrice : maxFeePerGas) +
      value +
      BigInt(blobCount) * 131_072n * BLOB_FEE_CAP;
    if (this.balance(from) < cost) return -1;
    this.spend(from, cost);
    this.nonces.set(from, tx.nonce + 1n);
    this.blobs += blobCount;
    this.txs.push(tx);
    this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
    return this.txs.length - 1;
  }

  /** Runs `step` a random distance later in the block (after at least one other transaction). */
  protected later(step: () => void): void {
    const spread = Math.max(2, Math.floor(this.target / 4));
    this.agenda.push({ at: this.txs.length + 1 + this.rng.int(spread), seq: this.seq++, run: step });
  }

  generate(): void {
    let guard = 0;
    while (this.txs.length < this.target) {
      if (++guard > this.target * 50 + 1000) throw new Error(`generator stuck at ${this.txs.length} txs`);
      let best = -1;
      for (let i = 0; i < this.agenda.length; i++) {
        const a = this.agenda[i]!;
        if (a.at > this.txs.length) continue;
        const b = best < 0 ? undefined : this.agenda[best]!;
        if (!b || a.at < b.at || (a.at === b.at && a.seq < b.seq)) best = i;
      }
      if (best >= 0) {
        const [due] = this.agenda.splice(best, 1);
        due!.run();
      } else this.start(this.pickKind());
    }
    this.txs.length = this.target;
  }

  protected pickKind(): Kind {
    let x = this.rng.float() * this.totalWeight;
    for (const k of this.weights) {
      x -= k.weight;
      if (x < 0) return k.kind;
    }
    return this.weights[this.weights.length - 1]!.kind;
  }

  // --- episodes ------------------------------------------------------------------------------------------

  /** Starts an episode of `kind` (its first transaction now, follow-ups on the agenda). */
  protected abstract start(kind: Kind): void;
}
