// Seeded random blocks for the parallel-vs-sequential differential tests: `randomBlock(seed, { txs,
// conflictRate })` is a pure function of its arguments (and of the shared world in ./world.ts).
//
// A block is built from "episodes" (a transfer, a swap, "create a contract, then call it later", "set an
// EIP-7702 delegation, then use it later", ...). An episode's first transaction is placed when it starts;
// its follow-ups are scheduled a random distance later, so dependent transactions end up interleaved with
// everything else. Transactions are materialized in final block order, which lets the generator track what
// sequential execution will see: nonces, lower bounds of ETH and token balances, Uniswap reserves, factory
// nonces, which addresses hold code, and the EIP-7702 delegation of every authority. Every transaction is
// therefore valid (the block executes sequentially without throwing); reverts, failed creations, CREATE2
// collisions and invalid authorization tuples are deliberate and only change receipts and state.
//
// The conflict rate p controls sharing: each choice of sender, recipient, token, pool, factory or authority
// takes the block's "hot" one with probability p, otherwise one no other transaction of the block uses. At
// p = 0 the dependent episodes (follow-ups, coinbase reads, transfers from the coinbase, nonce chains,
// factory calls, request-queue calls) are left out, so transactions share nothing but the fee recipient's
// credit and read-only code; at p = 1 everything goes through the same sender, recipient, pool and token.
//
// This file holds the episodes and randomBlock; generator-state.ts holds the tracked state, the account
// pickers, transaction emission and the agenda they build on.

import { fixedForkConfig } from "../../src/block/chain-config.js";
import { WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS } from "../../src/block/system-calls/eip7002.js";
import { CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS } from "../../src/block/system-calls/eip7251.js";
import type { Block, ChainConfig, Withdrawal } from "../../src/block/types.js";
import { bigIntToBytes, concatBytes } from "../../src/primitives/hex.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import { signAuthorization } from "../../src/tx/codec/signing.js";
import type { Authorization } from "../../src/tx/types.js";
import { blockHeader, CHAIN_ID } from "../../tools/workloads/chain.js";
import type { Account } from "../../tools/workloads/keys.js";
import { createAddress } from "../../tools/workloads/setup.js";
import { getAmountOut } from "../../tools/workloads/uniswap.js";
import {
  CHILD_INIT,
  create2Address,
  DELEGATE_B_REVERT_WORD,
  depositEventData,
  FACTORY_OP,
  PROBE_FLAG,
  REVERTING_INIT,
} from "./contracts.js";
import {
  type Facts,
  type Fork,
  GeneratorState,
  GWEI,
  type Kind,
  MAX_BLOBS_PER_BLOCK,
  MAX_FEE,
  MIN_GAS_LIMIT,
  words,
} from "./generator-state.js";
import { getWorld } from "./world.js";

export { type Facts, type Fork, KINDS, type Kind } from "./generator-state.js";

export interface RandomBlockOptions {
  txs: number;
  /** 0: independent transactions; 1: everything on the same accounts and pools. */
  conflictRate: number;
  /** Default: Prague for even seeds, Osaka for odd ones. */
  fork?: Fork;
}

export interface RandomBlock {
  block: Block;
  preState: InMemoryState;
  chainConfig: ChainConfig;
  /** How the block was made, for failure messages and coverage checks. */
  info: {
    seed: number;
    conflictRate: number;
    fork: Fork;
    coinbase: string;
    /** Transactions per kind (a kind may emit several transactions, e.g. a swap is two). */
    kinds: Record<string, number>;
    /** Hard cases the block contains, with the index of the transaction that completes each. */
    facts: Facts;
  };
}

class Generator extends GeneratorState {
  protected start(kind: Kind): void {
    switch (kind) {
      case "eth":
        this.ethTransfer(kind, this.sender(), this.recipient());
        break;
      case "nonce-chain": {
        const from = this.sender();
        const link = (left: number) => {
          this.ethTransfer(kind, from, this.recipient());
          if (left > 1) this.later(() => link(left - 1));
        };
        link(2 + this.rng.int(4));
        break;
      }
      case "erc20":
        this.erc20(kind, this.sender());
        break;
      case "erc20-hot-sender":
        this.erc20(kind, this.hotUser);
        break;
      case "erc20-drain":
        this.erc20Drain();
        break;
      case "swap":
        this.swap();
        break;
      case "create-tx":
        this.createTx();
        break;
      case "factory-create":
      case "factory-create2":
        this.factoryCreate(kind);
        break;
      case "destroy-recreate":
        this.destroyRecreate();
        break;
      case "set-code":
        this.setCode(true);
        break;
      case "set-code-same-tx":
        this.setCode(false);
        break;
      case "coinbase-read": {
        // Sometimes the probe also calls the target (with value at times): a transfer to the coinbase
        // between two reads of its balance.
        const target = this.rng.float() < 0.5 ? this.coinbase : this.recipient();
        this.probe(kind, this.sender(), target, { coinbase: true, call: this.rng.float() < 0.3 });
        break;
      }
      case "to-coinbase":
        this.ethTransfer(kind, this.sender(), this.coinbase);
        break;
      case "from-coinbase":
        this.fromCoinbase();
        break;
      case "transfer-then-read":
        this.transferThenRead();
        break;
      case "precompile":
        this.precompile();
        break;
      case "revert":
        this.revert();
        break;
      case "el-request":
        this.elRequest();
        break;
      case "deposit":
        this.deposit();
        break;
      case "blob":
        this.blob();
        break;
      case "wide":
        this.wide();
        break;
    }
  }

  /** A plain value transfer (more gas than 21,000 when the recipient may run code). */
  private ethTransfer(kind: Kind, from: bigint, to: bigint, value = this.value()): void {
    const plain = !this.live.has(to) && !this.delegation.has(to) && to !== this.coinbase;
    const gasLimit = plain && this.rng.float() < 0.5 ? 21_000n : 120_000n;
    this.send(kind, from, { to, value, gasLimit });
  }

  private erc20(kind: Kind, from: bigint): void {
    const token = this.token();
    const to = this.recipient();
    const failing = this.rng.float() < 0.05;
    let amount = failing ? 10n ** 32n : this.rng.bigint(1n, 10n ** 21n);
    if (!failing && this.tokenBalance(token, from) < amount) amount = 10n ** 32n;
    const data = concatBytes(this.world.selectors.transfer, words(to, amount));
    if (this.send(kind, from, { to: token, data, gasLimit: 90_000n }) >= 0 && amount < 10n ** 32n)
      this.spendToken(token, from, amount);
  }

  /** A user sends its whole balance of a token (its balance slot is cleared: a refund). */
  private erc20Drain(): void {
    const from = this.freshUser();
    const token = this.token();
    const amount = this.tokenBalance(token, from);
    const data = concatBytes(this.world.selectors.transfer, words(this.recipient(), amount));
    if (this.send("erc20-drain", from, { to: token, data, gasLimit: 90_000n }) >= 0)
      this.spendToken(token, from, amount);
  }

  /**
   * A Uniswap V2 swap: two adjacent transactions from the trader (input token to the pair, then
   * `pair.swap`), the output computed from the tracked reserves. 5% ask one unit too much and revert
   * ("UniswapV2: K"), leaving the input in the pair for the next swap of that pool.
   */
  private swap(): void {
    const pool = this.pool();
    const trader = this.sender();
    const zeroForOne = this.rng.int(2) === 0;
    const reserveIn = zeroForOne ? pool.reserve0 : pool.reserve1;
    const reserveOut = zeroForOne ? pool.reserve1 : pool.reserve0;
    const amountIn = (reserveIn * this.rng.bigint(1n, 50n)) / 10_000n;
    const amountOut = getAmountOut(amountIn, reserveIn, reserveOut);
    const tokenIn = zeroForOne ? pool.token0 : pool.token1;
    if (amountOut === 0n || this.tokenBalance(tokenIn, trader) < amountIn) return;
    // Both transactions must fit the trader's balance, or neither is sent.
    if (this.balance(trader) < 2n * 300_000n * MAX_FEE) return;
    const fail = this.rng.float() < 0.05;
    const transfer = concatBytes(this.world.selectors.transfer, words(pool.pair, amountIn));
    if (this.send("swap", trader, { to: tokenIn, data: transfer, gasLimit: 90_000n }) < 0) return;
    this.spendToken(tokenIn, trader, amountIn);
    const out = fail ? amountOut + 1n : amountOut;
    const [out0, out1] = zeroForOne ? [0n, out] : [out, 0n];
    const swapData = concatBytes(this.world.selectors.swap, words(out0, out1, trader, 128n, 0n));
    this.send("swap", trader, { to: pool.pair, data: swapData, gasLimit: 200_000n });
    if (zeroForOne) pool.extra0 += amountIn;
    else pool.extra1 += amountIn;
    if (fail) return;
    // The pair syncs its reserves to its balances: all input so far (including stranded input) minus out.
    pool.reserve0 += pool.extra0 - out0;
    pool.reserve1 += pool.extra1 - out1;
    pool.extra0 = 0n;
    pool.extra1 = 0n;
  }

  /** Calls an in-block contract: directly (counter, sometimes SELFDESTRUCT) or through the probe. */
  private callChild(kind: Kind, child: bigint): void {
    const from = this.sender();
    let at: number;
    if (this.rng.float() < 0.6) {
      const destroy = this.rng.float() < 0.1 ? 1n : 0n;
      at = this.send(kind, from, {
        to: child,
        value: this.value(),
        data: words(destroy),
        gasLimit: 200_000n,
      });
    } else at = this.probe(kind, from, child, { call: true, callData: words(0n) });
    if (at >= 0 && this.live.has(child)) this.facts.callsToNewContracts.push({ address: child, tx: at });
  }

  private followUps(kind: Kind, n: number, step: () => void): void {
    if (this.p === 0 || n <= 0) return;
    this.later(() => {
      step();
      this.followUps(kind, n - 1, step);
    });
  }

  /** A creation transaction, sometimes pre-funded, then calls to the new address. */
  private createTx(): void {
    // Sometimes (p > 0) an earlier transaction sends value to the address the contract will get.
    if (this.p > 0 && this.rng.float() < 0.3) {
      const creator = this.freshUser();
      const future = createAddress(creator, this.nonce(creator));
      this.ethTransfer("create-tx", this.sender(), future, this.rng.bigint(1n, 10n ** 15n));
      this.later(() => this.create(creator));
    } else this.create(this.sender());
  }

  /** A creation transaction (10% with reverting initcode), then calls to the new address. */
  private create(from: bigint): void {
    const reverting = this.rng.float() < 0.1;
    const nonce = this.nonce(from);
    const at = this.send("create-tx", from, {
      to: undefined,
      value: this.value(),
      data: reverting ? REVERTING_INIT : CHILD_INIT,
      gasLimit: 300_000n,
    });
    if (at < 0) return;
    const child = createAddress(from, nonce);
    if (!reverting) this.live.add(child);
    this.followUps("create-tx", 1 + this.rng.int(3), () => this.callChild("create-tx", child));
  }

  /** CREATE or CREATE2 through a factory (sometimes on a used salt: a collision), then calls. */
  private factoryCreate(kind: "factory-create" | "factory-create2"): void {
    let factory = this.factory();
    const from = this.sender();
    let child: bigint;
    let data: Uint8Array;
    if (kind === "factory-create") {
      child = createAddress(factory, this.nonce(factory));
      data = words(FACTORY_OP.create, 0n);
    } else if (this.rng.float() < 0.15) {
      // EIP-7610: the address has storage (but no code or nonce) in the pre-state: a collision.
      factory = this.world.factories[0]!;
      child = this.world.storageCollision.address;
      data = words(
        this.rng.float() < 0.5 ? FACTORY_OP.create2 : FACTORY_OP.create2AndDestroy,
        this.world.storageCollision.salt,
      );
    } else {
      const reuse = this.usedSalts.filter((s) => s.factory === factory);
      const salt =
        reuse.length > 0 && this.hot() ? reuse[this.rng.int(reuse.length)]!.salt : this.newSalt(factory);
      child = create2Address(factory, salt);
      data = words(FACTORY_OP.create2, salt);
    }
    if (this.send(kind, from, { to: factory, value: this.value(), data, gasLimit: 400_000n }) < 0) return;
    this.nonces.set(factory, this.nonce(factory) + 1n);
    if (child !== this.world.storageCollision.address) this.live.add(child);
    this.followUps(kind, 1 + this.rng.int(3), () => this.callChild(kind, child));
  }

  private newSalt(factory: bigint): bigint {
    const salt = BigInt(this.seed) * 1_000_000n + BigInt(this.salts++);
    this.usedSalts.push({ factory, salt });
    return salt;
  }

  /**
   * CREATE2 + SELFDESTRUCT in one transaction (the child is gone at its end), later CREATE2 again at the
   * same address (re-created, fresh storage), later a call to it, sometimes a third CREATE2 (collision).
   */
  private destroyRecreate(): void {
    const kind = "destroy-recreate";
    const factory = this.factory();
    const salt = this.newSalt(factory);
    const child = create2Address(factory, salt);
    const viaFactory = (op: bigint) => {
      const at = this.send(kind, this.sender(), {
        to: factory,
        value: this.value(),
        data: words(op, salt),
        gasLimit: 500_000n,
      });
      if (at >= 0) this.nonces.set(factory, this.nonce(factory) + 1n);
      return at;
    };
    const steps: (() => void)[] = [];
    // Value sent to the address before anything is created there (CREATE2 keeps a prior balance).
    if (this.rng.float() < 0.4) steps.push(() => this.ethTransfer(kind, this.sender(), child, this.value()));
    steps.push(() => viaFactory(FACTORY_OP.create2AndDestroy));
    // Observed while gone: no code, no account.
    if (this.rng.float() < 0.4) steps.push(() => this.probe(kind, this.sender(), child, {}));
    steps.push(() => {
      const at = viaFactory(FACTORY_OP.create2);
      if (at < 0) return;
      this.facts.recreated.push({ address: child, tx: at });
      this.live.add(child);
    });
    steps.push(() => this.callChild(kind, child));
    // A third CREATE2 on the live address: a collision (returns 0, the factory's nonce still moves).
    if (this.rng.float() < 0.3) steps.push(() => viaFactory(FACTORY_OP.create2AndDestroy));
    this.chain(steps);
  }

  /** Runs the first step now and each next one later than the previous. */
  private chain(steps: readonly (() => void)[]): void {
    const [first, ...rest] = steps;
    if (!first) return;
    first();
    if (rest.length > 0) this.later(() => this.chain(rest));
  }

  /** Calldata for a call to an authority, chosen by the delegation the generator tracks for it. */
  private authorityCall(authority: bigint): { data: Uint8Array; note: string } {
    const target = this.delegation.get(authority);
    const w = this.world;
    if (target === w.delegateA) {
      // Send ETH out of the delegated EOA (to a fresh address) when its tracked balance allows.
      const amount = this.rng.float() < 0.5 ? this.rng.bigint(1n, 10n ** 15n) : 0n;
      if (amount > 0n && this.balance(authority) >= amount) {
        this.spend(authority, amount);
        return { data: words(this.freshAddress(), amount), note: "send" };
      }
      return { data: words(0n, 0n), note: "count" };
    }
    if (target === w.delegateB) {
      const revert = this.rng.float() < 0.2;
      return { data: words(revert ? DELEGATE_B_REVERT_WORD : this.world.probe), note: "write" };
    }
    if (target === w.childTemplate) {
      if (this.rng.float() < 0.3) {
        // SELFDESTRUCT in a delegated EOA: not created in this transaction, so only its balance moves.
        this.balances.set(authority, 0n);
        return { data: words(1n), note: "selfdestruct" };
      }
      return { data: words(0n), note: "count" };
    }
    return { data: new Uint8Array(0), note: "plain" };
  }

  /** Signs authorizations and applies, in order, what sequential execution will accept. */
  private authorizations(sender: bigint, entries: { authority: Account; target: bigint; valid: boolean }[]) {
    // The sender's nonce is bumped before the list is processed.
    const nonces = new Map<bigint, bigint>();
    const nonceOf = (a: bigint) => nonces.get(a) ?? (a === sender ? this.nonce(a) + 1n : this.nonce(a));
    const list: Authorization[] = [];
    const applied: { authority: bigint; target: bigint; nonce: bigint }[] = [];
    for (const e of entries) {
      const a = e.authority.address;
      const current = nonceOf(a);
      const wrongChain = !e.valid && this.rng.float() < 0.5;
      const nonce = e.valid || wrongChain ? current : current + 1n + BigInt(this.rng.int(3));
      const chainId = wrongChain ? 5n : this.rng.float() < 0.3 ? 0n : CHAIN_ID;
      list.push(signAuthorization({ chainId, address: e.target, nonce }, e.authority.privateKey));
      if (e.valid) {
        nonces.set(a, current + 1n);
        applied.push({ authority: a, target: e.target, nonce: current + 1n });
      }
    }
    return { list, applied };
  }

  private delegationTarget(authority: bigint): bigint {
    const w = this.world;
    const x = this.rng.float();
    if (x < 0.42) return w.delegateA;
    if (x < 0.64) return w.delegateB;
    if (x < 0.76) return w.childTemplate;
    if (x < 0.82) return 4n; // a precompile: calls to the EOA run no code
    // Another EOA (maybe delegated itself): designators are not followed, its code is run as is.
    if (x < 0.88) return w.authorities[this.rng.int(w.authorities.length)]!.address;
    return this.delegation.has(authority) ? 0n : w.delegateA; // 0: clear the delegation
  }

  /**
   * An EIP-7702 set-code transaction (sponsored, or self-sponsored by a funded authority), with sometimes
   * an invalid tuple or a second tuple for the same authority; `to` is the authority itself (its new code
   * runs in the same transaction), the probe (reads its code hash and size) or a fresh address. With
   * `useLater`, later transactions call the delegated EOA, probe it, send from it, or re-delegate it.
   */
  private setCode(useLater: boolean): void {
    const w = this.world;
    const auth = this.authority();
    const index = w.authorities.indexOf(auth);
    const a = auth.address;
    const selfSponsor = w.authorityFunded[index]! && this.balance(a) > 10n ** 17n && this.rng.float() < 0.3;
    const sponsor = selfSponsor ? a : this.sender();
    const entries = [{ authority: auth, target: this.delegationTarget(a), valid: this.rng.float() < 0.9 }];
    if (this.rng.float() < 0.2)
      entries.push({ authority: auth, target: this.delegationTarget(a), valid: true });
    if (this.rng.float() < 0.2) {
      const other =
        w.authorities[(index + 1 + this.rng.int(w.authorities.length - 1)) % w.authorities.length]!;
      entries.push({ authority: other, target: w.delegateA, valid: useLater && this.rng.float() < 0.5 });
    }
    const { list, applied } = this.authorizations(sponsor, entries);
    // Where the transaction goes, and its calldata, given the delegations as they will be during it.
    const before = new Map(this.delegation);
    for (const x of applied) {
      if (x.target === 0n) this.delegation.delete(x.authority);
      else this.delegation.set(x.authority, x.target);
    }
    const r = this.rng.float();
    let to: bigint;
    let data: Uint8Array;
    if (r < 0.45) {
      to = a;
      data = this.authorityCall(a).data;
    } else if (r < 0.75) {
      to = w.probe;
      data = words(a, PROBE_FLAG.call, 0n);
    } else {
      to = this.freshAddress();
      data = new Uint8Array(0);
    }
    const at = this.send(useLater ? "set-code" : "set-code-same-tx", sponsor, {
      to,
      value: this.value(10n ** 15n),
      data,
      gasLimit: 300_000n,
      type: 4,
      authorizationList: list,
    });
    if (at < 0) {
      this.delegation.clear();
      for (const [k, v] of before) this.delegation.set(k, v);
      return;
    }
    for (const x of applied) this.nonces.set(x.authority, x.nonce);
    if (!useLater) return;
    this.followUps("set-code", 1 + this.rng.int(3), () => this.useAuthority(auth));
  }

  private useAuthority(auth: Account): void {
    const a = auth.address;
    const x = this.rng.float();
    const target = this.delegation.get(a);
    const note = (at: number) => {
      if (at >= 0 && target !== undefined) this.facts.delegatedCalls.push({ authority: a, target, tx: at });
    };
    if (x < 0.4) {
      const { data } = this.authorityCall(a);
      note(this.send("set-code", this.sender(), { to: a, value: this.value(), data, gasLimit: 200_000n }));
    } else if (x < 0.65) {
      const call = this.rng.float() < 0.5;
      const at = this.probe("set-code", this.sender(), a, { call, coinbase: false });
      if (call) note(at);
    } else if (x < 0.85 && this.balance(a) > 10n ** 17n) {
      // The delegated EOA sends a transaction of its own (EIP-3607 allows a delegation designator).
      this.ethTransfer("set-code", a, this.recipient());
    } else this.setCode(false);
  }

  /** A call to the probe: reads balances and code of `target` (and the coinbase), optionally calls it. */
  private probe(
    kind: Kind,
    from: bigint,
    target: bigint,
    o: { call?: boolean; coinbase?: boolean; revert?: boolean; invalid?: boolean; callData?: Uint8Array },
  ): number {
    let flags = 0n;
    if (o.call) flags |= PROBE_FLAG.call;
    if (o.coinbase) flags |= PROBE_FLAG.coinbase;
    if (o.revert) flags |= PROBE_FLAG.revert;
    if (o.invalid) flags |= PROBE_FLAG.invalid;
    if (this.rng.float() < 0.4) flags |= PROBE_FLAG.store;
    const data = concatBytes(words(target, flags), o.callData ?? new Uint8Array(0));
    const value = o.call && this.rng.float() < 0.3 ? this.value(10n ** 15n) : 0n;
    return this.send(kind, from, { to: this.world.probe, value, data, gasLimit: 250_000n });
  }

  private fromCoinbase(): void {
    const cb = this.coinbase;
    if (this.world.preState.getAccount(cb) === undefined || cb === this.world.probe) {
      // Nothing to send from: read the coinbase instead.
      this.probe("from-coinbase", this.sender(), cb, { coinbase: true });
      return;
    }
    if (this.rng.float() < 0.6) this.ethTransfer("from-coinbase", cb, this.recipient());
    else this.probe("from-coinbase", cb, cb, { coinbase: true, call: this.rng.float() < 0.3 });
  }

  /** Value to an account, then later a read of its balance (the probe) or a transaction from it. */
  private transferThenRead(): void {
    const kind = "transfer-then-read";
    const to = this.rng.float() < 0.5 ? this.freshUser() : this.recipient();
    this.ethTransfer(kind, this.sender(), to, this.rng.bigint(1n, 10n ** 16n));
    this.later(() => {
      if (this.rng.float() < 0.6 || this.balance(to) < 10n ** 17n)
        this.probe(kind, this.sender(), to, { coinbase: this.rng.float() < 0.3 });
      else this.ethTransfer(kind, to, this.recipient());
    });
  }

  private precompileInput(p: bigint): Uint8Array {
    if (p === 5n) {
      // modexp with small lengths (base, exponent, modulus of 1..8 bytes).
      const [b, e, m] = [1 + this.rng.int(8), 1 + this.rng.int(8), 1 + this.rng.int(8)];
      return concatBytes(words(BigInt(b), BigInt(e), BigInt(m)), this.bytes(b + e + m));
    }
    if (p === 9n) return concatBytes(bigIntToBytes(BigInt(this.rng.int(24)), 4), this.bytes(209));
    return this.bytes(this.rng.int(8) * 32 + this.rng.int(2) * 16);
  }

  private precompile(): void {
    const pc = this.precompiles[this.rng.int(this.precompiles.length)]!;
    const input = this.precompileInput(pc);
    const from = this.sender();
    if (this.rng.float() < 0.6)
      this.send("precompile", from, {
        to: pc,
        value: this.value(10n ** 12n),
        data: input,
        gasLimit: 200_000n,
      });
    else this.probe("precompile", from, pc, { call: true, callData: input });
  }

  private revert(): void {
    const from = this.sender();
    const x = this.rng.float();
    if (x < 0.35) {
      // Sometimes forwarding value to the recipient first: the transfer must vanish with the revert.
      const call = this.rng.float() < 0.5;
      this.probe("revert", from, this.recipient(), { revert: true, call, coinbase: this.p > 0 });
    } else if (x < 0.55) this.probe("revert", from, this.recipient(), { invalid: true });
    else if (x < 0.75) {
      // Value to a token: OpenZeppelin's ERC-20 has no receive function.
      this.send("revert", from, {
        to: this.token(),
        value: this.rng.bigint(1n, 10n ** 15n),
        gasLimit: 60_000n,
      });
    } else {
      // A deposit event inside a call that then reverts: the log (and so the request) must vanish.
      const data = this.depositData();
      this.probe("revert", from, this.world.depositLogger, { call: true, revert: true, callData: data });
    }
  }

  /** An EIP-7002 withdrawal request or EIP-7251 consolidation request (fee 1 wei at zero excess). */
  private elRequest(): void {
    const withdrawal = this.rng.float() < 0.6;
    const to = withdrawal ? WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS : CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS;
    const data = this.bytes(withdrawal ? 56 : 96);
    const value = BigInt(1 + this.rng.int(3));
    this.send("el-request", this.sender(), { to, value, data, gasLimit: 300_000n });
  }

  private depositData(): Uint8Array {
    return depositEventData({
      pubkey: this.bytes(48),
      credentials: this.bytes(32),
      amount: this.bytes(8),
      signature: this.bytes(96),
      index: this.bytes(8),
    });
  }

  private deposit(): void {
    this.send("deposit", this.sender(), {
      to: this.world.depositLogger,
      data: this.depositData(),
      gasLimit: 200_000n,
    });
  }

  private blob(): void {
    const n = 1 + this.rng.int(2);
    if (this.blobs + n > MAX_BLOBS_PER_BLOCK) {
      this.ethTransfer("eth", this.sender(), this.recipient());
      return;
    }
    this.send("blob", this.sender(), {
      to: this.recipient(),
      value: this.value(),
      gasLimit: 60_000n,
      type: 3,
      blobs: n,
    });
  }

  /** Hundreds of storage slots and accounts in one transaction: shared ranges when hot. */
  private wide(): void {
    const start = this.hot()
      ? 1n << 64n
      : (1n << 64n) + BigInt(this.seed) * 1_000_000n + BigInt(this.wideRanges++) * 1000n;
    const count = BigInt(50 + this.rng.int(200));
    this.send("wide", this.sender(), {
      to: this.world.wide,
      data: words(start, count),
      gasLimit: 7_000_000n,
    });
  }

  // --- block ---------------------------------------------------------------------------------------------

  withdrawals(): Withdrawal[] {
    if (this.rng.float() >= 0.3) return [];
    const targets = [
      this.hotRecipient,
      this.coinbase,
      this.freshUser(),
      this.freshAddress(),
      this.world.probe,
    ];
    const n = 1 + this.rng.int(3);
    return Array.from({ length: n }, (_, i) => ({
      index: BigInt(this.seed) * 10n + BigInt(i),
      validatorIndex: BigInt(this.rng.int(1000)),
      address: targets[this.rng.int(targets.length)]!,
      amount: this.rng.float() < 0.2 ? 0n : this.rng.bigint(1n, GWEI),
    }));
  }
}

/** The block of `seed`, built over the shared world. Deterministic: same arguments, same block. */
export async function randomBlock(seed: number, options: RandomBlockOptions): Promise<RandomBlock> {
  if (!Number.isInteger(options.txs) || options.txs < 0) throw new RangeError(`bad tx count ${options.txs}`);
  if (!(options.conflictRate >= 0 && options.conflictRate <= 1))
    throw new RangeError(`conflict rate ${options.conflictRate} not in [0, 1]`);
  const world = await getWorld();
  const fork = options.fork ?? (seed % 2 === 0 ? "Prague" : "Osaka");
  const g = new Generator(world, seed, options.conflictRate, options.txs, fork);
  g.generate();
  const withdrawals = g.withdrawals();
  let gas = 0n;
  for (const tx of g.txs) gas += tx.gasLimit;
  const header = blockHeader(
    seed,
    world.nextNumber + BigInt(seed % 1000),
    gas > MIN_GAS_LIMIT ? gas : MIN_GAS_LIMIT,
  );
  header.coinbase = g.coinbase;
  return {
    block: { header, transactions: g.txs, withdrawals },
    preState: world.preState,
    chainConfig: fixedForkConfig(CHAIN_ID, fork, { depositContractAddress: world.depositLogger }),
    info: {
      seed,
      conflictRate: options.conflictRate,
      fork,
      coinbase: g.coinbaseKind,
      kinds: g.kinds,
      facts: {
        recreated: g.facts.recreated.filter((f) => f.tx < options.txs),
        delegatedCalls: g.facts.delegatedCalls.filter((f) => f.tx < options.txs),
        callsToNewContracts: g.facts.callsToNewContracts.filter((f) => f.tx < options.txs),
      },
    },
  };
}
