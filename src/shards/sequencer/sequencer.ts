// The sequencer: builds superblocks over the shards (ShardEndpoint, protocol.ts) and settles them on the L1.
// One superblock k, all shards or none:
//   1. begin on every shard at once: the deliver system transaction (L1 deposits since the last superblock,
//      messages the shards sent each other in superblock k-1), then each shard's local phase, in parallel;
//   2. the cross-shard phase, one session at a time in a fixed order (shard id, then the shard's own order):
//      the origin shard runs its transaction live, and every call it makes (and every call nested in that
//      call, in either direction) is routed here and recorded in the superblock's transcript;
//   3. seal on every shard (each replays its block against the transcript, witnesses it, stores it
//      prepared: durable, invisible);
//   4. the decision, written durably (decision-log.ts), then commit on every shard. A failure before the
//      decision aborts k on every shard (nothing of it becomes visible anywhere); after the decision, a
//      shard that fails to commit commits on its restart (its prepared block is durable).
// The L1 side runs behind: commitSuperblock for each decided superblock in order, then the committee's
// attestation and finalize. An L1 failure never touches the shards: it is retried.
import { bytesToHex, hexToBytes } from "../../primitives/hex.js";
import type { HubClient } from "../l1/hub-client.js";
import type { JsonRpcClient } from "../l1/json-rpc.js";
import { genesisSuperblockHash, type SuperblockRoots, superblockHash } from "../l1/superblock-hash.js";
import type { L1Wallet } from "../l1/wallet.js";
import type { ShardCommitment, ShardEndpoint, ShardListener, ShardStatus } from "../protocol.js";
import { isWithdrawal, type ShardMessage, type SystemOp } from "../system-ops.js";
import {
  type CallOutcome,
  type CallRequest,
  calledShards,
  type SessionKey,
  TranscriptBuilder,
} from "../transcript.js";
import type { Committee } from "../verifier/committee.js";
import type { Decision, DecisionLog } from "./decision-log.js";

export interface SequencerL1 {
  rpc: JsonRpcClient;
  hub: HubClient;
  wallet: L1Wallet;
  /** The L1 block ShardHub was deployed in (deposits are scanned from there). */
  deployBlock: bigint;
  /** Attests superblocks so that ShardHub finalizes them (none: superblocks stay committed, unfinalized). */
  committee?: Committee;
  /**
   * Deposits are read only from L1 blocks this many blocks below the L1's latest (default 0: the latest).
   * A reorg no deeper than this never touches a delivered deposit.
   */
  confirmations?: number;
}

export interface SequencerOptions {
  shards: ShardEndpoint[];
  log: DecisionLog;
  l1?: SequencerL1;
  /** How often the sequencer looks for work when nobody tells it (ms, default 100). */
  intervalMs?: number;
  logLine?: (line: string) => void;
  /**
   * Crash tests only: the process kills itself (SIGKILL, as kill -9) right after sealing superblock
   * `afterSeal` (every shard holds it prepared, nothing is decided), or right after shard 0 committed
   * superblock `afterFirstCommit` (decided, the other shards not committed yet).
   */
  crash?: { afterSeal?: number; afterFirstCommit?: number };
}

export interface SuperblockReport {
  k: number;
  txCount: number;
  sessions: number;
  commitments: ShardCommitment[];
  ms: number;
  /** Wall time of each step, ms: begin (deliver + local phases), the cross-shard sessions, seal, decide, commit. */
  phases: { begin: number; cross: number; seal: number; decide: number; commit: number };
}

class SuperblockFailure extends Error {
  override name = "SuperblockFailure";
}

export class Sequencer implements ShardListener {
  private readonly shards: ShardEndpoint[];
  private builder: TranscriptBuilder | undefined;
  /** Serve transactions of the session that just ended, by shard, waiting for their end. */
  private serving = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private failure: Error | undefined;
  private failed: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private l1Loop: Promise<void> | undefined;
  private l1Wake: (() => void) | undefined;
  private lastDepositPoll = 0;
  /** A superblock failed or a shard went down: reconcile the shards before the next superblock. */
  private unsettled = false;
  /** L1 reorgs seen under the deposit scan's cursor, and ones that dropped superblock commits (tests). */
  readonly l1Reorgs = { scan: 0, commits: 0 };
  /** Listeners of every decided superblock (tests, the bench). */
  readonly decided: ((r: SuperblockReport) => void)[] = [];
  /** Listeners of every finalized superblock on the L1. */
  readonly finalized: ((k: number) => void)[] = [];
  lastError: string | undefined;

  constructor(readonly options: SequencerOptions) {
    this.shards = options.shards;
    for (const s of this.shards) s.setListener(this);
  }

  private say(line: string): void {
    this.options.logLine?.(line);
  }

  get lastDecided(): number {
    return this.options.log.lastDecided;
  }

  // ----- start and recovery -----

  /**
   * Brings every shard in line with the decision log (a shard holding a prepared block commits it if its
   * superblock was decided, drops it otherwise), records the genesis superblock hash on first start, then
   * starts the superblock loop and the L1 loop.
   */
  async start(): Promise<void> {
    await this.recover();
    this.loop = this.run();
    if (this.options.l1 !== undefined) this.l1Loop = this.runL1();
  }

  async recover(): Promise<void> {
    const log = this.options.log;
    const after = await this.reconcile(await Promise.all(this.shards.map((s) => s.status())));
    if (log.getMeta("genesisHash") === undefined) {
      if (log.lastDecided !== 0) throw new Error("the decision log has decisions but no genesis hash");
      await log.setMeta("genesisHash", genesisSuperblockHash(...genesisRoots(after)));
    }
  }

  /**
   * Brings the shards in line with the decision log: a prepared block whose superblock was decided is
   * committed (the shard crashed, or its link went, between the decision and its commit), an undecided one
   * is dropped; then every shard answers the senders of every decided superblock. Runs at start and, after
   * a shard process restarted or a superblock failed, before the next superblock. Returns the statuses after.
   */
  private async reconcile(statuses: ShardStatus[]): Promise<ShardStatus[]> {
    const log = this.options.log;
    for (const st of statuses) {
      const shard = this.shards[st.shardId]!;
      if (st.prepared !== undefined) {
        if (log.decision(st.prepared.k) !== undefined) {
          this.say(`shard ${st.shardId}: committing superblock ${st.prepared.k} (decided before a crash)`);
          await shard.commit(st.prepared.k);
        } else {
          this.say(`shard ${st.shardId}: dropping undecided superblock ${st.prepared.k}`);
          await shard.abort(st.prepared.k);
        }
      }
    }
    for (const s of this.shards) s.published(log.lastDecided);
    const after = await Promise.all(this.shards.map((s) => s.status()));
    for (const st of after) {
      if (st.headNumber !== log.lastDecided) {
        throw new Error(
          `shard ${st.shardId} is at block ${st.headNumber} but the sequencer decided superblock ${log.lastDecided}`,
        );
      }
    }
    this.unsettled = false;
    return after;
  }

  private previousHash(k: number): Uint8Array {
    if (k === 1) return this.options.log.getMeta("genesisHash") as Uint8Array;
    const d = this.options.log.decision(k - 1);
    if (d === undefined) throw new Error(`no decision for superblock ${k - 1}`);
    return d.hash;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.l1Wake?.();
    await this.loop;
    await this.l1Loop;
  }

  // ----- the superblock loop -----

  private async run(): Promise<void> {
    let backoff = 0;
    while (!this.stopped) {
      try {
        const built = await this.tick();
        backoff = 0;
        if (built) continue;
      } catch (e) {
        this.lastError = (e as Error).message;
        this.say(`superblock failed: ${(e as Error).message}`);
        backoff = Math.min(backoff * 2 + 100, 2_000);
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff || (this.options.intervalMs ?? 100));
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Builds one superblock if there is anything to put in it. */
  async tick(): Promise<boolean> {
    const k = this.lastDecided + 1;
    const prev = this.options.log.decision(k - 1);
    const relays = prev?.relays ?? [];
    let statuses = await Promise.all(this.shards.map((s) => s.status()));
    if (this.unsettled || statuses.some((s) => s.prepared !== undefined || s.headNumber !== k - 1)) {
      statuses = await this.reconcile(statuses);
    }
    const pending = statuses.some((s) => s.pending > 0);
    const scan = await this.scanDeposits(prev, pending || relays.length > 0);
    if (!pending && relays.length === 0 && scan.deposits.length === 0) return false;
    const ops: SystemOp[][] = this.shards.map(() => []);
    for (const d of scan.deposits) ops[d.shard]?.push({ type: "deposit", deposit: d });
    for (const m of relays) ops[Number(m.toShard)]?.push({ type: "message", message: m });
    await this.superblock(k, statuses, ops, scan.next, scan.block, scan.hash);
    return true;
  }

  /**
   * L1 deposits not delivered yet (polled at most every 500 ms unless there is other work), read up to the
   * L1's latest block minus the confirmation depth. The scan cursor is the last scanned block and its hash:
   * when that block's hash changed, the L1 reorged, and the scan restarts after the newest cursor of an
   * earlier decision that is still on the L1's chain (deposits already delivered are skipped by nonce).
   */
  private async scanDeposits(prev: Decision | undefined, force: boolean) {
    const next = prev?.nextDeposit ?? 0n;
    const l1 = this.options.l1;
    let from = prev?.l1ScanBlock ?? (l1 === undefined ? 0n : l1.deployBlock - 1n);
    let fromHash = prev?.l1ScanHash;
    const unchanged = { deposits: [], next, block: from, hash: fromHash };
    if (l1 === undefined) return unchanged;
    const now = Date.now();
    if (!force && now - this.lastDepositPoll < 500) return unchanged;
    this.lastDepositPoll = now;
    if (prev !== undefined && fromHash !== undefined) {
      const onChain = await this.l1BlockHash(from);
      if (onChain === undefined || bytesToHex(onChain) !== bytesToHex(fromHash)) {
        const base = await this.canonicalScanBase(prev.k);
        this.say(
          `L1 reorg: block ${from} is not the one scanned; re-reading deposits after block ${base.block}`,
        );
        this.l1Reorgs.scan++;
        from = base.block;
        fromHash = base.hash;
      }
    }
    const latest = BigInt(await l1.rpc.call<string>("eth_blockNumber", []));
    const head = latest - BigInt(this.options.l1?.confirmations ?? 0);
    if (head <= from)
      return { deposits: [], next, block: from, hash: fromHash ?? (await this.l1BlockHash(from)) };
    const headHash = await this.l1BlockHash(head);
    const found = (await l1.hub.deposits(from + 1n, head))
      .filter((d) => d.nonce >= next && d.shard < this.shards.length)
      .sort((a, b) => (a.nonce < b.nonce ? -1 : 1));
    // Deliver a gap-free run of nonces only (a missing one would be skipped for ever).
    const deposits = [];
    let expect = next;
    for (const d of found) {
      if (d.nonce !== expect) break;
      deposits.push(d);
      expect++;
    }
    const complete = deposits.length === found.length;
    return complete
      ? { deposits, next: expect, block: head, hash: headHash }
      : { deposits, next: expect, block: from, hash: fromHash ?? (await this.l1BlockHash(from)) };
  }

  private async l1BlockHash(n: bigint): Promise<Uint8Array | undefined> {
    const b = await this.options.l1!.rpc.call<{ hash: string } | null>("eth_getBlockByNumber", [
      `0x${n.toString(16)}`,
      false,
    ]);
    return b === null ? undefined : hexToBytes(b.hash);
  }

  /** The newest decision's scan cursor that is still on the L1's chain (or the block before ShardHub's). */
  private async canonicalScanBase(k: number): Promise<{ block: bigint; hash: Uint8Array | undefined }> {
    const seen = new Map<bigint, boolean>();
    for (let j = k; j >= 1; j--) {
      const d = this.options.log.decision(j);
      if (d === undefined) break;
      if (d.l1ScanHash === undefined) return { block: d.l1ScanBlock, hash: undefined };
      let ok = seen.get(d.l1ScanBlock);
      if (ok === undefined) {
        const h = await this.l1BlockHash(d.l1ScanBlock);
        ok = h !== undefined && bytesToHex(h) === bytesToHex(d.l1ScanHash);
        seen.set(d.l1ScanBlock, ok);
      }
      if (ok) return { block: d.l1ScanBlock, hash: d.l1ScanHash };
    }
    const block = this.options.l1!.deployBlock - 1n;
    return { block, hash: await this.l1BlockHash(block) };
  }

  private async superblock(
    k: number,
    statuses: ShardStatus[],
    ops: SystemOp[][],
    nextDeposit: bigint,
    l1ScanBlock: bigint,
    l1ScanHash: Uint8Array | undefined,
  ): Promise<void> {
    const started = performance.now();
    const last = statuses.reduce((m, s) => (s.headNumber > m ? s.headNumber : m), 0);
    if (last !== k - 1) throw new Error(`a shard is at block ${last}, not ${k - 1}`);
    const prevTimestamp = this.options.log.decision(k - 1)?.timestamp ?? 0n;
    const nowSec = BigInt(Math.floor(Date.now() / 1000));
    const timestamp = nowSec > prevTimestamp ? nowSec : prevTimestamp + 1n;
    this.failure = undefined;
    const failedPromise = new Promise<never>((_, reject) => {
      this.failed = () => reject(this.failure);
    });
    failedPromise.catch(() => undefined);
    const guard = <T>(p: Promise<T>) => Promise.race([p, failedPromise]);
    try {
      const begun = await guard(
        Promise.all(this.shards.map((s, i) => s.begin({ k, timestamp, ops: ops[i] ?? [] }))),
      );
      const tBegun = performance.now();
      const builder = new TranscriptBuilder();
      this.builder = builder;
      for (let s = 0; s < this.shards.length; s++) {
        for (const hash of begun[s]!.cross) {
          builder.begin(s, hexToBytes(hash));
          const reply = await guard(this.shards[s]!.session(k, hash));
          if (!reply.included) {
            if (builder.running() !== s || hadCalls(builder)) {
              throw new SuperblockFailure(
                `transaction ${hash} made cross-shard calls and was then not included`,
              );
            }
            builder.abandon();
            continue;
          }
          const ended = builder.end(reply.status);
          if (ended === undefined) continue;
          const serves = [...calledShards(ended.session)].map(
            (t) =>
              new Promise<void>((resolve, reject) => {
                this.serving.set(t, { resolve, reject });
                this.shards[t]!.end(ended.index, reply.status);
              }),
          );
          await guard(Promise.all(serves));
        }
      }
      this.builder = undefined;
      const transcript = builder.sessions;
      const tCrossed = performance.now();
      const commitments = await guard(Promise.all(this.shards.map((s) => s.seal(k, transcript))));
      const tSealed = performance.now();
      if (this.options.crash?.afterSeal === k) process.kill(process.pid, "SIGKILL");
      const roots: SuperblockRoots = {
        blockHashes: commitments.map((c) => c.blockHash),
        stateRoots: commitments.map((c) => c.stateRoot),
        messageRoots: commitments.map((c) => c.messageRoot),
        witnessHashes: commitments.map((c) => c.witnessHash),
      };
      const sent: ShardMessage[] = commitments.flatMap((c) => c.messages);
      const decision: Decision = {
        k,
        timestamp,
        shards: commitments.map((c) => ({
          blockHash: c.blockHash,
          stateRoot: c.stateRoot,
          messageRoot: c.messageRoot,
          witnessHash: c.witnessHash,
        })),
        hash: superblockHash(this.previousHash(k), k, roots),
        relays: sent.filter((m) => !isWithdrawal(m) && Number(m.toShard) < this.shards.length),
        withdrawals: sent.filter(isWithdrawal),
        nextDeposit,
        l1ScanBlock,
        ...(l1ScanHash === undefined ? {} : { l1ScanHash }),
      };
      await this.options.log.decide(decision);
      const tDecided = performance.now();
      // Decided: from here on superblock k exists; every shard commits (now, or on its restart).
      if (this.options.crash?.afterFirstCommit === k) {
        await this.shards[0]!.commit(k);
        process.kill(process.pid, "SIGKILL");
      }
      await Promise.all(this.shards.map((s) => s.commit(k)));
      for (const s of this.shards) s.published(k);
      const done = performance.now();
      const report: SuperblockReport = {
        k,
        txCount: commitments.reduce((n, c) => n + c.txCount, 0),
        sessions: transcript.length,
        commitments,
        ms: done - started,
        phases: {
          begin: tBegun - started,
          cross: tCrossed - tBegun,
          seal: tSealed - tCrossed,
          decide: tDecided - tSealed,
          commit: done - tDecided,
        },
      };
      for (const f of this.decided) f(report);
      this.l1Wake?.();
    } catch (e) {
      this.unsettled = true;
      this.builder = undefined;
      for (const [, w] of this.serving) w.reject(e as Error);
      this.serving.clear();
      if (this.lastDecided < k) {
        await Promise.allSettled(this.shards.map((s) => s.abort(k)));
      }
      throw e;
    } finally {
      this.failed = undefined;
    }
  }

  private fail(e: Error): void {
    if (this.failure !== undefined) return;
    this.failure = e;
    this.failed?.();
  }

  // ----- routing (ShardListener) -----

  call(shard: number, request: CallRequest, key: SessionKey | undefined): void {
    const b = this.builder;
    try {
      if (b === undefined)
        throw new SuperblockFailure(`shard ${shard} made a cross-shard call outside a session`);
      if (request.from !== shard)
        throw new SuperblockFailure(`shard ${shard} made a call as shard ${request.from}`);
      const target = this.shards[request.to];
      if (target === undefined) throw new SuperblockFailure(`a call to unknown shard ${request.to}`);
      b.call(request, key);
      target.inbound(b.sessions.length, request);
    } catch (e) {
      this.fail(e as Error);
    }
  }

  inret(shard: number, outcome: CallOutcome): void {
    const b = this.builder;
    try {
      if (b === undefined) throw new SuperblockFailure(`shard ${shard} answered a call outside a session`);
      const node = b.returned(shard, outcome);
      this.shards[node.request.from]!.ret(outcome);
    } catch (e) {
      this.fail(e as Error);
    }
  }

  served(shard: number, _index: number, status: 0 | 1 | undefined, error: string | undefined): void {
    const w = this.serving.get(shard);
    this.serving.delete(shard);
    if (error !== undefined || status === undefined) {
      const e = new SuperblockFailure(`shard ${shard}'s serve transaction failed: ${error ?? "no status"}`);
      w?.reject(e);
      this.fail(e);
      return;
    }
    w?.resolve();
  }

  work(_shard: number): void {
    this.wake?.();
  }

  down(shard: number, reason: string): void {
    this.unsettled = true;
    this.fail(new SuperblockFailure(`shard ${shard} is down: ${reason}`));
  }

  // ----- the L1 loop -----

  private async runL1(): Promise<void> {
    const l1 = this.options.l1!;
    const log = this.options.log;
    while (!this.stopped) {
      try {
        let committed = (log.getMeta("l1Committed") as number | undefined) ?? 0;
        // A reorg (or a replaced L1) can drop commits and finalizations we saw succeed: resubmit them.
        const onL1Committed = await l1.hub.lastCommitted();
        if (onL1Committed < committed) {
          this.say(`L1 reorg: ShardHub holds superblock ${onL1Committed}, not ${committed}; resubmitting`);
          this.l1Reorgs.commits++;
          committed = onL1Committed;
          await log.setMeta("l1Committed", committed);
          l1.wallet.resync();
        }
        const onL1Finalized = await l1.hub.lastFinalized();
        if (onL1Finalized < ((log.getMeta("l1Finalized") as number | undefined) ?? 0)) {
          await log.setMeta("l1Finalized", onL1Finalized);
        }
        while (committed < log.lastDecided && !this.stopped) {
          const k = committed + 1;
          const d = log.decision(k)!;
          const onL1 = await l1.hub.lastCommitted();
          if (onL1 < k) {
            await l1.hub.commitSuperblock(l1.wallet, k, {
              blockHashes: d.shards.map((s) => s.blockHash),
              stateRoots: d.shards.map((s) => s.stateRoot),
              messageRoots: d.shards.map((s) => s.messageRoot),
              witnessHashes: d.shards.map((s) => s.witnessHash),
            });
          }
          const onChain = await l1.hub.superblockHash(k);
          if (bytesToHex(onChain) !== bytesToHex(d.hash)) {
            throw new Error(`ShardHub's hash of superblock ${k} differs from the sequencer's`);
          }
          committed = k;
          await log.setMeta("l1Committed", k);
        }
        const finalized = (log.getMeta("l1Finalized") as number | undefined) ?? 0;
        if (l1.committee !== undefined && finalized < committed) {
          const k = committed;
          const digest = await l1.hub.digest(k);
          const att = await l1.committee.attest(k, digest);
          if (att.signature === undefined) {
            this.say(
              `superblock ${k} not attested: ${att.approved.length} approved, refused ${JSON.stringify(att.refused)}`,
            );
          } else {
            await l1.hub.finalize(l1.wallet, k, att.signature);
            await log.setMeta("l1Finalized", k);
            for (const f of this.finalized) f(k);
          }
        }
      } catch (e) {
        this.say(`L1: ${(e as Error).message}`);
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 500);
        this.l1Wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.l1Wake = undefined;
    }
  }
}

/**
 * Whether the open session routed any call: its callee shards then run serve transactions that wait for an
 * end, so a transaction that called out and was not included fails the whole superblock.
 */
function hadCalls(b: TranscriptBuilder): boolean {
  return b.openCalls() > 0;
}

function genesisRoots(statuses: ShardStatus[]): [Uint8Array[], Uint8Array[]] {
  for (const s of statuses) {
    if (s.headNumber !== 0) throw new Error(`shard ${s.shardId} is past genesis without a genesis hash`);
  }
  return [statuses.map((s) => s.headHash), statuses.map((s) => s.headStateRoot)];
}
