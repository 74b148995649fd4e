// A FROST signer: answers the coordinator's signed requests for DKG, signing, refresh and reshare rounds,
// independent of the transport (signer/http.ts serves it over loopback HTTP; tests may call it directly).
// Invariants: the signing share and identity key never leave this object unencrypted (only point-to-point
// ciphertexts to other signers' identity keys do); nonces are written sealed to disk before their
// commitments are released and deleted before a signature share is released (used at most once, across
// restarts too); at most `maxOpenSessions` signing sessions are open at once (ROS-style attacks need
// many concurrent sessions); every request must be signed by the pinned coordinator key.
import { schnorr } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { canonicalJson } from "../crypto/canonical-json.js";
import { type Envelope, openEnvelope, sealEnvelope } from "../crypto/envelope.js";
import { openShare, type SealedShare, sealShare } from "../crypto/p2p.js";
import { BlameError } from "../errors.js";
import { DkgParticipant, decodeRound1, encodeRound1, type Round1Message } from "../frost/dkg.js";
import { checkShare, type GroupKey, identifierOf, type SecretShare } from "../frost/keys.js";
import { applyRefresh, dealRefresh } from "../frost/refresh.js";
import { completeReshare, dealReshare, type ReshareTarget } from "../frost/reshare.js";
import { type SignMode, signingPublic, signingSecret } from "../frost/signing.js";
import { Fn, type NonceCommitments, Point, SIGN_SUITE } from "../frost/suite.js";
import {
  isRecord,
  REQUEST_MAX_AGE_MS,
  type RequestBody,
  type ResponseBody,
  requireHex,
  requireIndexList,
  requireInt,
  requireRoster,
  retireDigest,
  type ShareProtocol,
  shareContext,
} from "../protocol.js";
import { checkSessionId, type KeyRecord, type Roster, type SignerStore } from "../store/signer-store.js";

export interface SignerOptions {
  /** Open signing sessions allowed at once (default 8). */
  maxOpenSessions?: number;
  /** Seconds after which an unfinished signing session's nonces are discarded (default 300). */
  sessionTtlSeconds?: number;
  /** One line per request, never with secret material. */
  log?: (line: string) => void;
  /**
   * Test hook for misbehaving signers (test/custody only): may replace a result before it is signed.
   * Never set by the CLI.
   */
  tamper?: (method: string, result: Record<string, unknown>) => Record<string, unknown>;
}

interface ShareSession {
  protocol: ShareProtocol;
  /** Ephemeral secrets of the shares this signer sent, by recipient (revealed only for blame). */
  ephemerals: Map<number, bigint>;
  dkg?: DkgParticipant;
  threshold?: number;
  roster?: Roster;
  transcript?: string;
  leave?: boolean;
}

class RequestError extends Error {
  complaints?: number[];
}

export class SignerService {
  private readonly sessions = new Map<string, ShareSession>();
  private readonly maxOpen: number;
  private readonly ttlMs: number;

  constructor(
    readonly store: SignerStore,
    private readonly options: SignerOptions = {},
  ) {
    this.maxOpen = options.maxOpenSessions ?? 8;
    this.ttlMs = (options.sessionTtlSeconds ?? 300) * 1000;
  }

  get index(): number {
    return this.store.index;
  }

  get publicKey(): string {
    return this.store.publicKey;
  }

  /** Handles one signed request; always returns a signed response (errors included). */
  handle(request: unknown): Envelope<ResponseBody> {
    let method = "?";
    let session = "";
    let response: ResponseBody;
    try {
      const pinned = this.store.coordinatorKey();
      const env = openEnvelope("request", request, pinned);
      const body = env.body as unknown as RequestBody;
      method = typeof body.method === "string" ? body.method.slice(0, 40) : "?";
      session = checkSessionId(body.session);
      if (body.to !== this.index) throw new Error(`request addressed to signer ${String(body.to)}`);
      requireInt(body.time, "time");
      if (Math.abs(Date.now() - body.time) > REQUEST_MAX_AGE_MS)
        throw new Error("request too old or from the future");
      if (!isRecord(body.params)) throw new Error("params must be an object");
      if (
        pinned === undefined &&
        method !== "dkg.round1" &&
        method !== "reshare.receive" &&
        method !== "status"
      ) {
        throw new Error("no coordinator pinned yet: the first request must start a key generation");
      }
      this.expireSessions();
      let result = this.dispatch(method, session, body.params);
      // Trust on first use: the coordinator whose key generation (or reshare to this signer) this signer
      // first takes part in is pinned, once that request has been accepted.
      if (pinned === undefined && method !== "status") this.store.pinCoordinator(env.from);
      if (this.options.tamper) result = this.options.tamper(method, result);
      response = { method, session, index: this.index, ok: true, result };
      this.options.log?.(`${method} ${session.slice(0, 8)} ok`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      response = { method, session, index: this.index, ok: false, error: message.slice(0, 500) };
      if (e instanceof RequestError && e.complaints) response.complaints = e.complaints;
      this.options.log?.(`${method} ${session.slice(0, 8)} error: ${message.slice(0, 200)}`);
    }
    return sealEnvelope("response", response, this.store.identityKey);
  }

  private dispatch(method: string, session: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "status":
        return this.status();
      case "dkg.round1":
        return this.dkgRound1(session, p);
      case "dkg.round2":
        return this.dkgRound2(session, p);
      case "dkg.round3":
        return this.dkgRound3(session, p);
      case "sign.commit":
        return this.signCommit(session, p);
      case "sign.share":
        return this.signShare(session, p);
      case "sign.abort":
        if (this.store.nonceExists(session)) this.store.dropNonce(session);
        return {};
      case "refresh.deal":
        return this.refreshDeal(session);
      case "refresh.apply":
        return this.refreshApply(session, p);
      case "reshare.deal":
        return this.reshareDeal(session, p);
      case "reshare.receive":
        return this.reshareReceive(session, p);
      case "reshare.leave":
        return this.reshareLeave(session);
      case "share.reveal":
        return this.reveal(session, p);
      case "share.commit":
        return this.commit(session, p);
      case "share.abort":
        return this.abort(session);
      case "share.retire":
        return this.retire(p);
      default:
        throw new Error(`unknown method ${method}`);
    }
  }

  private status(): Record<string, unknown> {
    const key = this.store.publicKeyRecord();
    return {
      publicKey: this.publicKey,
      group: key?.group ?? null,
      openSessions: this.store.openNonces().length,
    };
  }

  private expireSessions(): void {
    const now = Date.now();
    for (const s of this.store.openNonces())
      if (now - s.createdAt > this.ttlMs) this.store.dropNonce(s.session);
  }

  private requireKey(): KeyRecord {
    const key = this.store.key();
    if (key === undefined) throw new Error(`signer ${this.index} holds no key share`);
    checkShare(key.group, key.share);
    return key;
  }

  // ---- forwarded envelopes -------------------------------------------------------------------------

  /** Opens the other signers' signed responses to `method` in this session, one per expected index. */
  private forwarded(
    value: unknown,
    method: string,
    session: string,
    roster: Roster,
    expected: number[],
  ): Map<number, ResponseBody> {
    if (!Array.isArray(value)) throw new Error(`${method} messages must be a list`);
    const out = new Map<number, ResponseBody>();
    for (const item of value) {
      const env = openEnvelope("response", item);
      const body = env.body as unknown as ResponseBody;
      const index = requireInt(body.index, "index", 1, 0xffff);
      if (roster[String(index)] !== env.from)
        throw new Error(`${method} message not signed by signer ${index}`);
      if (body.method !== method || body.session !== session || body.ok !== true || !isRecord(body.result)) {
        throw new Error(`signer ${index}'s message is not a ${method} result of this session`);
      }
      if (out.has(index)) throw new Error(`two ${method} messages from signer ${index}`);
      out.set(index, body);
    }
    const got = [...out.keys()].sort((a, b) => a - b).join(",");
    if (got !== [...expected].sort((a, b) => a - b).join(","))
      throw new Error(`${method} messages from ${got}, expected ${expected.join(",")}`);
    return out;
  }

  private sealFor(
    protocol: ShareProtocol,
    session: string,
    roster: Roster,
    shares: Map<number, bigint | Uint8Array>,
    state: ShareSession,
  ): Record<string, SealedShare> {
    const out: Record<string, SealedShare> = {};
    for (const [to, share] of shares) {
      const key = roster[String(to)];
      if (key === undefined) throw new Error(`no identity key for signer ${to}`);
      const bytes = typeof share === "bigint" ? Fn.toBytes(share) : share;
      const { sealed, ephemeralSecret } = sealShare(
        bytes,
        key,
        shareContext(protocol, session, this.index, to),
      );
      state.ephemerals.set(to, ephemeralSecret);
      out[String(to)] = sealed;
    }
    return out;
  }

  /** Decrypts the share each sender addressed to this signer; undecryptable ones become complaints. */
  private openShares(
    protocol: ShareProtocol,
    session: string,
    bodies: Map<number, ResponseBody>,
  ): { shares: Map<number, Uint8Array>; bad: number[] } {
    const shares = new Map<number, Uint8Array>();
    const bad: number[] = [];
    for (const [from, body] of bodies) {
      const sealed = (body.result!.shares as Record<string, SealedShare> | undefined)?.[String(this.index)];
      try {
        if (sealed === undefined) throw new Error("missing");
        const plain = openShare(
          sealed,
          this.store.identityKey,
          shareContext(protocol, session, from, this.index),
        );
        if (plain.length !== 32) throw new Error("bad length");
        shares.set(from, plain);
      } catch {
        bad.push(from);
      }
    }
    return { shares, bad };
  }

  private complain(what: string, against: number[]): never {
    const e = new RequestError(`${what} from signer${against.length === 1 ? "" : "s"} ${against.join(", ")}`);
    e.complaints = against;
    throw e;
  }

  private transcriptOf(value: unknown): string {
    return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
  }

  // ---- DKG -------------------------------------------------------------------------------------------

  private dkgRound1(session: string, p: Record<string, unknown>): Record<string, unknown> {
    if (this.store.key() !== undefined)
      throw new Error(`signer ${this.index} already holds a key; refresh or reshare instead`);
    if (this.sessions.has(session)) throw new Error("session already started");
    const roster = requireRoster(p.roster, "roster");
    if (roster[String(this.index)] !== this.publicKey)
      throw new Error("roster does not list this signer's identity key");
    const signers = Object.keys(roster)
      .map(Number)
      .sort((a, b) => a - b);
    const threshold = requireInt(p.threshold, "threshold", 2, signers.length);
    const dkg = new DkgParticipant(this.index, threshold, signers);
    this.sessions.set(session, { protocol: "dkg", ephemerals: new Map(), dkg, threshold, roster });
    return { round1: encodeRound1(dkg.round1) as unknown as Record<string, unknown> };
  }

  private session(session: string, protocol: ShareProtocol): ShareSession {
    const s = this.sessions.get(session);
    if (s === undefined || s.protocol !== protocol) throw new Error(`no ${protocol} session ${session} here`);
    return s;
  }

  private round1Messages(session: string, s: ShareSession, value: unknown): Map<number, Round1Message> {
    const others = Object.keys(s.roster!)
      .map(Number)
      .filter((i) => i !== this.index);
    const bodies = this.forwarded(value, "dkg.round1", session, s.roster!, others);
    const out = new Map<number, Round1Message>();
    for (const [i, b] of bodies) {
      const m = b.result!.round1 as unknown as Round1Message;
      if (
        !isRecord(m) ||
        m.index !== i ||
        !Array.isArray(m.commitment) ||
        typeof m.proofOfKnowledge !== "string"
      ) {
        throw new Error(`signer ${i}'s round 1 package is malformed`);
      }
      for (const c of m.commitment) requireHex(c, "commitment", 33);
      requireHex(m.proofOfKnowledge, "proof of possession");
      out.set(i, m);
    }
    return out;
  }

  private dkgRound2(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const s = this.session(session, "dkg");
    const r1 = this.round1Messages(session, s, p.round1);
    let shares: Map<number, Uint8Array>;
    try {
      shares = s.dkg!.round2([...r1.values()].map(decodeRound1));
    } catch (e) {
      if (e instanceof BlameError) this.complain("invalid DKG commitments", e.culprits);
      throw e;
    }
    return { shares: this.sealFor("dkg", session, s.roster!, shares, s) };
  }

  private dkgRound3(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const s = this.session(session, "dkg");
    const r1 = this.round1Messages(session, s, p.round1);
    const others = [...r1.keys()];
    const bodies = this.forwarded(p.round2, "dkg.round2", session, s.roster!, others);
    const { shares, bad } = this.openShares("dkg", session, bodies);
    if (bad.length > 0) this.complain("undecryptable DKG share", bad);
    let out: { group: GroupKey; share: SecretShare };
    try {
      out = s.dkg!.round3(shares);
    } catch (e) {
      if (e instanceof BlameError) this.complain("DKG share off its sender's polynomial", e.culprits);
      throw e;
    }
    const transcript = this.transcriptOf({
      protocol: "dkg",
      session,
      group: out.group,
      roster: s.roster,
      round1: [...r1.values(), encodeRound1(s.dkg!.round1)].sort((a, b) => a.index - b.index),
    });
    s.transcript = transcript;
    this.store.setPending({ group: out.group, roster: s.roster!, share: out.share }, session);
    return { group: out.group as unknown as Record<string, unknown>, transcript };
  }

  private reveal(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const s = this.sessions.get(session);
    if (s === undefined) throw new Error(`no session ${session} here`);
    const to = requireInt(p.to, "to", 1, 0xffff);
    const e = s.ephemerals.get(to);
    if (e === undefined) throw new Error(`sent no share to signer ${to} in this session`);
    // Revealing e opens exactly one share of a session that is being aborted: it is never committed.
    this.sessions.delete(session);
    this.store.dropPending();
    return { ephemeralSecret: bytesToHex(Fn.toBytes(e)) };
  }

  private commit(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const s = this.sessions.get(session);
    if (s === undefined) throw new Error(`no session ${session} here`);
    if (s.leave === true) {
      // A dealer leaving the group keeps its share until the new group proves itself (share.retire).
      this.sessions.delete(session);
      return { left: true };
    }
    if (p.transcript !== s.transcript)
      throw new Error("transcript differs from this signer's: not committing");
    const record = this.store.commitPending(session);
    this.sessions.delete(session);
    return { epoch: record.group.epoch };
  }

  /** Deletes this signer's share of a key that was reshared away from it (same key, older epoch). */
  private retire(p: Record<string, unknown>): Record<string, unknown> {
    const own = this.store.publicKeyRecord();
    const epoch = requireInt(p.epoch, "epoch");
    const signature = requireHex(p.signature, "signature", 64);
    if (own === undefined || own.group.commitments[0] !== p.groupKey || own.group.epoch >= epoch)
      return { retired: false };
    const key = Point.fromHex(own.group.commitments[0]!).toBytes(true).subarray(1);
    if (!schnorr.verify(hexToBytes(signature), retireDigest(own.group.commitments[0]!, epoch), key)) {
      throw new Error("retire request not signed by the group");
    }
    this.store.removeKey();
    return { retired: true };
  }

  private abort(session: string): Record<string, unknown> {
    this.sessions.delete(session);
    if (this.store.pendingSession() === session) this.store.dropPending();
    return {};
  }

  // ---- signing ---------------------------------------------------------------------------------------

  private signCommit(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const key = this.requireKey();
    const message = requireHex(p.message, "message", 32);
    const mode = p.mode === "taproot" ? "taproot" : p.mode === "plain" ? "plain" : undefined;
    if (mode === undefined) throw new Error('mode must be "plain" or "taproot"');
    const quorum = requireIndexList(p.quorum, "quorum").sort((a, b) => a - b);
    if (!quorum.includes(this.index)) throw new Error("this signer is not in the quorum");
    for (const i of quorum)
      if (!key.group.signers.includes(i)) throw new Error(`signer ${i} is not in the group`);
    if (quorum.length < key.group.threshold) {
      throw new Error(`quorum of ${quorum.length} is below the threshold ${key.group.threshold}`);
    }
    if (this.store.nonceExists(session)) throw new Error("session already committed");
    if (this.store.openNonces().length >= this.maxOpen) {
      throw new Error(`too many open signing sessions (${this.maxOpen}); finish or abort some first`);
    }
    const secret = signingSecret(key.group, key.share, mode);
    const nonce = SIGN_SUITE.commit(secret);
    const commitments = {
      hiding: bytesToHex(nonce.commitments.hiding),
      binding: bytesToHex(nonce.commitments.binding),
    };
    this.store.saveNonce({
      session,
      message,
      mode,
      quorum,
      createdAt: Date.now(),
      hiding: bytesToHex(nonce.nonces.hiding),
      binding: bytesToHex(nonce.nonces.binding),
      commitments,
    });
    nonce.nonces.hiding.fill(0);
    nonce.nonces.binding.fill(0);
    return { commitments, epoch: key.group.epoch };
  }

  private signShare(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const key = this.requireKey();
    // Deleted from disk here, before anything can fail or be released: never usable twice.
    const record = this.store.takeNonce(session);
    if (!isRecord(p.commitments)) throw new Error("commitments must be an object");
    const list: NonceCommitments[] = [];
    for (const [k, c] of Object.entries(p.commitments)) {
      if (!isRecord(c)) throw new Error("bad commitment");
      list.push({
        identifier: identifierOf(requireInt(Number(k), "index", 1, 0xffff)),
        hiding: hexToBytes(requireHex(c.hiding, "hiding", 33)),
        binding: hexToBytes(requireHex(c.binding, "binding", 33)),
      } as NonceCommitments);
    }
    const indices = Object.keys(p.commitments)
      .map(Number)
      .sort((a, b) => a - b);
    if (indices.join(",") !== record.quorum.join(","))
      throw new Error("commitments are not from the announced quorum");
    const mine = (p.commitments as Record<string, { hiding: string; binding: string }>)[String(this.index)]!;
    if (mine.hiding !== record.commitments.hiding || mine.binding !== record.commitments.binding) {
      throw new Error("the coordinator changed this signer's commitment");
    }
    const mode: SignMode = record.mode;
    const nonces = { hiding: hexToBytes(record.hiding), binding: hexToBytes(record.binding) };
    const share = SIGN_SUITE.signShare(
      signingSecret(key.group, key.share, mode),
      signingPublic(key.group, mode),
      nonces as never,
      list,
      hexToBytes(record.message),
    );
    return { share: bytesToHex(share) };
  }

  // ---- refresh ---------------------------------------------------------------------------------------

  private refreshDeal(session: string): Record<string, unknown> {
    const key = this.requireKey();
    if (this.sessions.has(session)) throw new Error("session already started");
    const state: ShareSession = { protocol: "refresh", ephemerals: new Map(), roster: key.roster };
    const dealing = dealRefresh(key.group);
    const shares = this.sealFor("refresh", session, key.roster, dealing.shares, state);
    dealing.shares.clear();
    this.sessions.set(session, state);
    return {
      epoch: key.group.epoch,
      commitments: dealing.commitments.map((c) => bytesToHex(c.toBytes(true))),
      shares,
    };
  }

  private refreshApply(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const key = this.requireKey();
    const s = this.session(session, "refresh");
    const bodies = this.forwarded(p.deals, "refresh.deal", session, key.roster, key.group.signers);
    const { shares, bad } = this.openShares("refresh", session, bodies);
    if (bad.length > 0) this.complain("undecryptable refresh share", bad);
    const dealings = new Map<number, { commitments: Point[]; share: bigint }>();
    for (const [i, b] of bodies) {
      const cs = b.result!.commitments;
      if (!Array.isArray(cs) || b.result!.epoch !== key.group.epoch)
        throw new Error(`signer ${i}'s dealing is for another epoch`);
      dealings.set(i, {
        commitments: cs.map((c) => Point.fromHex(requireHex(c, "commitment", 33))),
        share: Fn.fromBytes(shares.get(i)!),
      });
    }
    let out: KeyRecord;
    try {
      const r = applyRefresh(key.group, key.share, dealings);
      out = { group: r.group, roster: key.roster, share: r.share };
    } catch (e) {
      if (e instanceof BlameError) this.complain("refresh share off its dealer's polynomial", e.culprits);
      throw e;
    }
    s.transcript = this.transcriptOf({ protocol: "refresh", session, group: out.group });
    this.store.setPending(out, session);
    return { group: out.group as unknown as Record<string, unknown>, transcript: s.transcript };
  }

  // ---- reshare ---------------------------------------------------------------------------------------

  private target(p: Record<string, unknown>): { target: ReshareTarget; roster: Roster; quorum: number[] } {
    const roster = requireRoster(p.newRoster, "newRoster");
    const signers = Object.keys(roster)
      .map(Number)
      .sort((a, b) => a - b);
    const threshold = requireInt(p.newThreshold, "newThreshold", 2, signers.length);
    const quorum = requireIndexList(p.quorum, "quorum").sort((a, b) => a - b);
    return { target: { threshold, signers }, roster, quorum };
  }

  private reshareDeal(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const key = this.requireKey();
    if (this.sessions.has(session)) throw new Error("session already started");
    const { target, roster, quorum } = this.target(p);
    if (!quorum.includes(this.index)) throw new Error("this signer is not in the resharing quorum");
    const state: ShareSession = { protocol: "reshare", ephemerals: new Map(), roster };
    const dealing = dealReshare(key.group, key.share, quorum, target);
    const shares = this.sealFor("reshare", session, roster, dealing.shares, state);
    dealing.shares.clear();
    // A dealer that is not in the new set leaves the group once the reshare commits.
    if (!target.signers.includes(this.index)) state.leave = true;
    this.sessions.set(session, state);
    return {
      epoch: key.group.epoch,
      commitments: dealing.commitments.map((c) => bytesToHex(c.toBytes(true))),
      shares,
    };
  }

  private reshareReceive(session: string, p: Record<string, unknown>): Record<string, unknown> {
    const { target, roster, quorum } = this.target(p);
    if (roster[String(this.index)] !== this.publicKey)
      throw new Error("new roster does not list this signer's identity key");
    const own = this.store.publicKeyRecord();
    const oldGroup = (own?.group ?? p.oldGroup) as GroupKey;
    const oldRoster = (own?.roster ?? requireRoster(p.oldRoster, "oldRoster")) as Roster;
    if (!isRecord(oldGroup) || !Array.isArray(oldGroup.commitments)) throw new Error("oldGroup missing");
    if (own !== undefined && canonicalJson(own.group) !== canonicalJson(p.oldGroup)) {
      throw new Error("the coordinator's old group differs from this signer's");
    }
    const state = this.sessions.get(session) ?? {
      protocol: "reshare" as const,
      ephemerals: new Map<number, bigint>(),
    };
    if (state.protocol !== "reshare") throw new Error("session is not a reshare");
    const bodies = this.forwarded(p.deals, "reshare.deal", session, oldRoster, quorum);
    const { shares, bad } = this.openShares("reshare", session, bodies);
    if (bad.length > 0) this.complain("undecryptable reshare share", bad);
    const dealings = new Map<number, { commitments: Point[]; share: bigint }>();
    for (const [i, b] of bodies) {
      const cs = b.result!.commitments;
      if (!Array.isArray(cs) || b.result!.epoch !== oldGroup.epoch)
        throw new Error(`signer ${i}'s dealing is for another epoch`);
      dealings.set(i, {
        commitments: cs.map((c) => Point.fromHex(requireHex(c, "commitment", 33))),
        share: Fn.fromBytes(shares.get(i)!),
      });
    }
    let out: { group: GroupKey; share: SecretShare };
    try {
      out = completeReshare(oldGroup, quorum, target, this.index, dealings);
    } catch (e) {
      if (e instanceof BlameError) this.complain("invalid reshare dealing", e.culprits);
      throw e;
    }
    state.leave = false;
    state.transcript = this.transcriptOf({ protocol: "reshare", session, group: out.group, roster });
    this.sessions.set(session, state);
    this.store.setPending({ group: out.group, roster, share: out.share }, session);
    return { group: out.group as unknown as Record<string, unknown>, transcript: state.transcript };
  }

  private reshareLeave(session: string): Record<string, unknown> {
    const s = this.session(session, "reshare");
    if (s.leave !== true) throw new Error("this signer is in the new set");
    return {};
  }
}
