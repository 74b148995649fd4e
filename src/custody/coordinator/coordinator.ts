// The coordinator: drives DKG, signing, refresh and reshare rounds among signers and relays their signed
// messages. It holds no secret of the group: it sees commitments, signed envelopes and point-to-point
// ciphertexts it cannot open. It checks what it can (signature shares against verifying shares, the
// final signature, that every signer derived the same group transcript) and on any failure aborts the
// session at every participant. A signer's complaint about a share is resolved by asking the accused
// sender to reveal that one ciphertext's ephemeral key: the opened share is checked publicly, blaming
// the sender if it is bad (or if it will not reveal) and the complainer otherwise.
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { canonicalJson } from "../crypto/canonical-json.js";
import { openRevealed, type SealedShare } from "../crypto/p2p.js";
import { AbortError, BlameError, CustodyError } from "../errors.js";
import { decodeRound1, dkgShareValid, type Round1Message, round1PackageValid } from "../frost/dkg.js";
import { type GroupKey, identifierOf } from "../frost/keys.js";
import { evaluateCommitment, scalarBase } from "../frost/polynomial.js";
import { refreshShareValid } from "../frost/refresh.js";
import { reshareConstantValid } from "../frost/reshare.js";
import { aggregateSignature, type SignMode, signingKey, signingPublic } from "../frost/signing.js";
import { Fn, type NonceCommitments, Point } from "../frost/suite.js";
import {
  type ResponseBody,
  retireDigest,
  type ShareProtocol,
  type SignedResponse,
  shareContext,
} from "../protocol.js";
import type { Roster } from "../store/signer-store.js";
import { newSessionId, SignerClient, type SignerEndpoint, UnresponsiveError } from "./client.js";

export interface CoordinatorOptions {
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SignatureResult {
  signature: Uint8Array;
  /** x-only key the signature verifies under. */
  publicKey: Uint8Array;
  quorum: number[];
}

type Checker = (sender: number, receiver: number, share: Uint8Array) => boolean;

export class Coordinator {
  private readonly clients = new Map<number, SignerClient>();

  constructor(
    private readonly identityKey: Uint8Array,
    endpoints: readonly SignerEndpoint[],
    private readonly options: CoordinatorOptions = {},
  ) {
    for (const e of endpoints) this.addSigner(e);
  }

  get publicKey(): string {
    return bytesToHex(schnorr.getPublicKey(this.identityKey));
  }

  addSigner(endpoint: SignerEndpoint): void {
    this.clients.set(endpoint.index, new SignerClient(endpoint, this.identityKey, this.options.timeoutMs));
  }

  private client(index: number): SignerClient {
    const c = this.clients.get(index);
    if (c === undefined) throw new CustodyError(`signer ${index} is not known to the coordinator`);
    return c;
  }

  roster(indices: readonly number[]): Roster {
    const out: Roster = {};
    for (const i of indices) out[String(i)] = this.client(i).endpoint.publicKey;
    return out;
  }

  /** Calls every listed signer in parallel; any failure aborts the round with a clear error. */
  private async round(
    indices: readonly number[],
    method: string,
    session: string,
    params: (i: number) => Record<string, unknown>,
  ): Promise<Map<number, SignedResponse>> {
    const settled = await Promise.allSettled(
      indices.map((i) => this.client(i).call(method, session, params(i))),
    );
    const out = new Map<number, SignedResponse>();
    const unresponsive: number[] = [];
    const errors: string[] = [];
    const complaints = new Map<number, number[]>();
    settled.forEach((s, k) => {
      const i = indices[k]!;
      if (s.status === "rejected") {
        if (s.reason instanceof UnresponsiveError) unresponsive.push(i);
        else errors.push(`signer ${i}: ${String(s.reason)}`);
        return;
      }
      const body = s.value.body as ResponseBody;
      if (!body.ok) {
        if (body.complaints !== undefined && body.complaints.length > 0) complaints.set(i, body.complaints);
        else errors.push(`signer ${i}: ${body.error ?? "failed"}`);
        return;
      }
      out.set(i, s.value);
    });
    if (complaints.size > 0) {
      const e = new ComplaintSet(complaints);
      throw e;
    }
    if (unresponsive.length > 0) {
      throw new AbortError(
        `${method}: signer${unresponsive.length === 1 ? "" : "s"} ${unresponsive.join(", ")} did not answer`,
        unresponsive,
      );
    }
    if (errors.length > 0) throw new AbortError(`${method} failed: ${errors.join("; ")}`);
    return out;
  }

  private async abortAll(indices: readonly number[], method: string, session: string): Promise<void> {
    await Promise.allSettled(indices.map((i) => this.client(i).call(method, session, {})));
  }

  /**
   * Resolves complaints: for each (receiver, accused sender) the sender reveals its ephemeral key for
   * that ciphertext and the share is checked publicly.
   */
  private async resolve(
    protocol: ShareProtocol,
    session: string,
    complaints: Map<number, number[]>,
    sent: Map<number, SignedResponse>,
    roster: Roster,
    check: Checker,
  ): Promise<never> {
    const guilty = new Set<number>();
    for (const [receiver, accused] of complaints) {
      for (const sender of accused) {
        let senderGuilty = true;
        try {
          const reply = await this.client(sender).call("share.reveal", session, { to: receiver });
          const body = reply.body as ResponseBody;
          if (body.ok) {
            const e = Fn.fromBytes(hexToBytes(String(body.result!.ephemeralSecret)));
            const sealed = (
              (sent.get(sender)!.body as ResponseBody).result!.shares as Record<string, SealedShare>
            )[String(receiver)]!;
            const plain = openRevealed(
              sealed,
              e,
              roster[String(receiver)]!,
              shareContext(protocol, session, sender, receiver),
            );
            senderGuilty = !(plain.length === 32 && check(sender, receiver, plain));
          }
        } catch {
          senderGuilty = true;
        }
        guilty.add(senderGuilty ? sender : receiver);
      }
    }
    const culprits = [...guilty].sort((a, b) => a - b);
    this.options.log?.(`${protocol} ${session.slice(0, 8)}: blamed ${culprits.join(", ")}`);
    throw new BlameError(`${protocol} aborted, misbehaving`, culprits);
  }

  // ---- DKG -------------------------------------------------------------------------------------------

  async keygen(threshold: number, indices: readonly number[]): Promise<{ group: GroupKey; roster: Roster }> {
    const session = newSessionId();
    const roster = this.roster(indices);
    const all = [...indices];
    try {
      const r1 = await this.round(all, "dkg.round1", session, () => ({ threshold, roster }));
      const others = (i: number, m: Map<number, SignedResponse>) =>
        [...m].filter(([j]) => j !== i).map(([, e]) => e);
      let r2: Map<number, SignedResponse>;
      try {
        r2 = await this.round(all, "dkg.round2", session, (i) => ({ round1: others(i, r1) }));
      } catch (e) {
        // A complaint in round 2 is about a public round-1 package: check it here and blame directly.
        // A complaint in round 2 is about a public, signed round-1 package: check it here.
        if (e instanceof ComplaintSet) {
          const guilty = new Set<number>();
          for (const [receiver, accused] of e.complaints) {
            for (const sender of accused) {
              const m = (r1.get(sender)!.body as ResponseBody).result!.round1 as unknown as Round1Message;
              guilty.add(round1PackageValid(decodeRound1(m), threshold) ? receiver : sender);
            }
          }
          throw new BlameError(
            "invalid DKG commitment or proof of possession",
            [...guilty].sort((a, b) => a - b),
          );
        }
        throw e;
      }
      let r3: Map<number, SignedResponse>;
      try {
        r3 = await this.round(all, "dkg.round3", session, (i) => ({
          round1: others(i, r1),
          round2: others(i, r2),
        }));
      } catch (e) {
        if (e instanceof ComplaintSet) {
          const commitments = new Map<number, Uint8Array[]>();
          for (const [i, env] of r1) {
            const m = (env.body as ResponseBody).result!.round1 as unknown as Round1Message;
            commitments.set(
              i,
              m.commitment.map((c) => hexToBytes(c)),
            );
          }
          await this.resolve("dkg", session, e.complaints, r2, roster, (sender, receiver, share) =>
            dkgShareValid(receiver, share, commitments.get(sender)!, all.length),
          );
        }
        throw e;
      }
      const group = await this.agree(r3, all, session);
      // Sanity: the group key is the sum of the round-1 constant commitments (all public).
      let sum = Point.ZERO;
      for (const env of r1.values()) {
        sum = sum.add(
          Point.fromHex(
            ((env.body as ResponseBody).result!.round1 as unknown as Round1Message).commitment[0]!,
          ),
        );
      }
      if (!sum.equals(Point.fromHex(group.commitments[0]!)))
        throw new AbortError("group key is not the sum of the dealt keys");
      return { group, roster };
    } catch (e) {
      await this.abortAll(all, "share.abort", session);
      throw e;
    }
  }

  /** Checks that every signer reached the same group and transcript, then tells them all to commit. */
  private async agree(
    results: Map<number, SignedResponse>,
    indices: readonly number[],
    session: string,
  ): Promise<GroupKey> {
    let group: GroupKey | undefined;
    let transcript: string | undefined;
    for (const [i, env] of results) {
      const r = (env.body as ResponseBody).result!;
      if (group === undefined) {
        group = r.group as unknown as GroupKey;
        transcript = String(r.transcript);
      } else if (canonicalJson(r.group) !== canonicalJson(group) || r.transcript !== transcript) {
        throw new AbortError(`signer ${i} derived a different group or transcript (equivocation?)`);
      }
    }
    await this.round(indices, "share.commit", session, () => ({ transcript }));
    return group!;
  }

  // ---- signing ---------------------------------------------------------------------------------------

  /** Two-round FROST signing by exactly `quorum`. */
  async sign(
    group: GroupKey,
    quorum: readonly number[],
    message: Uint8Array,
    mode: SignMode,
  ): Promise<SignatureResult> {
    if (message.length !== 32) throw new CustodyError("message must be 32 bytes");
    const q = [...new Set(quorum)].sort((a, b) => a - b);
    if (q.length < group.threshold) {
      throw new CustodyError(
        `need at least ${group.threshold} signers (threshold ${group.threshold} of ${group.signers.length}), got ${q.length}: ${q.join(",")}`,
      );
    }
    for (const i of q)
      if (!group.signers.includes(i)) throw new CustodyError(`signer ${i} is not in the group`);
    const session = newSessionId();
    const msgHex = bytesToHex(message);
    try {
      const r1 = await this.round(q, "sign.commit", session, () => ({ message: msgHex, mode, quorum: q }));
      const commitments: Record<string, { hiding: string; binding: string }> = {};
      for (const [i, env] of r1) {
        const r = (env.body as ResponseBody).result!;
        if (r.epoch !== group.epoch)
          throw new AbortError(`signer ${i} holds a share of epoch ${String(r.epoch)}, not ${group.epoch}`);
        commitments[String(i)] = r.commitments as { hiding: string; binding: string };
      }
      const r2 = await this.round(q, "sign.share", session, () => ({ commitments }));
      const list: NonceCommitments[] = q.map(
        (i) =>
          ({
            identifier: identifierOf(i),
            hiding: hexToBytes(commitments[String(i)]!.hiding),
            binding: hexToBytes(commitments[String(i)]!.binding),
          }) as NonceCommitments,
      );
      const shares = new Map<number, Uint8Array>();
      for (const [i, env] of r2) shares.set(i, hexToBytes(String((env.body as ResponseBody).result!.share)));
      const signature = aggregateSignature(signingPublic(group, mode), list, message, shares);
      return { signature, publicKey: signingKey(group, mode), quorum: q };
    } catch (e) {
      await this.abortAll(q, "sign.abort", session);
      throw e;
    }
  }

  /**
   * Signs with some quorum of `candidates`: on a clean abort (a signer stopped answering), retries with
   * the signers that are left, as long as enough remain. Blame is final (no retry with a cheater).
   */
  async signWithRetry(
    group: GroupKey,
    candidates: readonly number[],
    message: Uint8Array,
    mode: SignMode,
  ): Promise<SignatureResult> {
    let pool = [...candidates].sort((a, b) => a - b);
    let lastError: unknown;
    for (let attempt = 0; attempt < 4 && pool.length >= group.threshold; attempt++) {
      const quorum = pool.slice(0, group.threshold);
      try {
        return await this.sign(group, quorum, message, mode);
      } catch (e) {
        lastError = e;
        if (e instanceof AbortError && e.unresponsive.length > 0) {
          this.options.log?.(`signing aborted (${e.message}); retrying without ${e.unresponsive.join(", ")}`);
          pool = pool.filter((i) => !e.unresponsive.includes(i));
          continue;
        }
        if (e instanceof BlameError) {
          pool = pool.filter((i) => !e.culprits.includes(i));
        }
        throw e;
      }
    }
    throw lastError instanceof Error
      ? lastError
      : new AbortError(`fewer than ${group.threshold} signers answer`);
  }

  // ---- refresh ---------------------------------------------------------------------------------------

  async refresh(group: GroupKey): Promise<GroupKey> {
    const session = newSessionId();
    const all = [...group.signers];
    const roster = this.roster(all);
    try {
      const deals = await this.round(all, "refresh.deal", session, () => ({}));
      const dealList = [...deals.values()];
      let results: Map<number, SignedResponse>;
      try {
        results = await this.round(all, "refresh.apply", session, () => ({ deals: dealList }));
      } catch (e) {
        if (e instanceof ComplaintSet) {
          await this.resolve("refresh", session, e.complaints, deals, roster, (sender, receiver, share) => {
            const cs = ((deals.get(sender)!.body as ResponseBody).result!.commitments as string[]).map((c) =>
              Point.fromHex(c),
            );
            return refreshShareValid(receiver, Fn.fromBytes(share), cs);
          });
        }
        throw e;
      }
      const next = await this.agree(results, all, session);
      if (next.commitments[0] !== group.commitments[0]) throw new AbortError("refresh changed the group key");
      return next;
    } catch (e) {
      await this.abortAll(all, "share.abort", session);
      throw e;
    }
  }

  // ---- reshare ---------------------------------------------------------------------------------------

  /** Moves the key from `quorum` (current signers) to `newSigners` with `newThreshold`. */
  async reshare(
    group: GroupKey,
    oldRoster: Roster,
    quorum: readonly number[],
    newSigners: readonly number[],
    newThreshold: number,
  ): Promise<{ group: GroupKey; roster: Roster }> {
    const session = newSessionId();
    const q = [...quorum].sort((a, b) => a - b);
    const newRoster = this.roster(newSigners);
    const params = { quorum: q, newThreshold, newRoster };
    const participants = [...new Set([...q, ...newSigners])];
    try {
      const deals = await this.round(q, "reshare.deal", session, () => params);
      const dealList = [...deals.values()];
      let results: Map<number, SignedResponse>;
      try {
        results = await this.round(newSigners, "reshare.receive", session, () => ({
          ...params,
          oldGroup: group,
          oldRoster,
          deals: dealList,
        }));
      } catch (e) {
        if (e instanceof ComplaintSet) {
          await this.resolve(
            "reshare",
            session,
            e.complaints,
            deals,
            newRoster,
            (sender, receiver, share) => {
              const cs = ((deals.get(sender)!.body as ResponseBody).result!.commitments as string[]).map(
                (c) => Point.fromHex(c),
              );
              return (
                cs.length === newThreshold &&
                reshareConstantValid(group, q, sender, cs[0]!) &&
                scalarBase(Fn.fromBytes(share)).equals(evaluateCommitment(cs, BigInt(receiver)))
              );
            },
          );
        }
        throw e;
      }
      let next: GroupKey | undefined;
      let transcript: string | undefined;
      for (const [i, env] of results) {
        const r = (env.body as ResponseBody).result!;
        if (next === undefined) {
          next = r.group as unknown as GroupKey;
          transcript = String(r.transcript);
        } else if (canonicalJson(r.group) !== canonicalJson(next) || r.transcript !== transcript) {
          throw new AbortError(`signer ${i} derived a different group`);
        }
      }
      if (next!.commitments[0] !== group.commitments[0])
        throw new AbortError("reshare changed the group key");
      await this.round(participants, "share.commit", session, () => ({ transcript }));
      // Old signers outside the new set still hold shares of the old polynomial. The new group signs the
      // retire message (proving its shares work), and each old signer deletes its share on seeing it (best
      // effort: one that is offline must be retired later with the same signature).
      const leaving = group.signers.filter((i) => !newSigners.includes(i) && this.clients.has(i));
      if (leaving.length > 0) {
        const digest = retireDigest(group.commitments[0]!, next!.epoch);
        const proof = await this.signWithRetry(next!, [...newSigners], digest, "plain");
        const params = {
          groupKey: group.commitments[0],
          epoch: next!.epoch,
          signature: bytesToHex(proof.signature),
        };
        await Promise.allSettled(
          leaving.map((i) => this.client(i).call("share.retire", newSessionId(), params)),
        );
      }
      return { group: next!, roster: newRoster };
    } catch (e) {
      await this.abortAll(participants, "share.abort", session);
      throw e;
    }
  }
}

/** Internal: one or more signers complained about shares they received (resolved by the caller). */
class ComplaintSet extends Error {
  constructor(readonly complaints: Map<number, number[]>) {
    super("complaints");
  }

  accused(): number[] {
    return [...new Set([...this.complaints.values()].flat())].sort((a, b) => a - b);
  }
}
