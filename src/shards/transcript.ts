// The transcript of a superblock's cross-shard calls: for each transaction that made atomic cross-shard calls
// (a session), the tree of those calls with what each one asked and got back. Every shard block of the
// superblock commits to the same transcript (keccak of its RLP, in the header's extraData), and each shard
// replays its own side of it (player.ts): the calls it made must be the recorded requests, the calls it
// served must give the recorded outcomes. So each shard block is verifiable on its own from its witness,
// and all of them agree with each other because they check one shared record.
import { bytesEqual, bytesToBigInt } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { type RlpDecoded, type RlpInput, rlpDecode, rlpEncode } from "../primitives/rlp.js";

/** One cross-shard call as the calling shard made it. */
export interface CallRequest {
  /** The calling shard. */
  from: number;
  /** The shard the call runs on. */
  to: number;
  /** The calling account on `from` (msg.sender on `to` is its alias). */
  caller: bigint;
  /** The called account on `to`. */
  target: bigint;
  value: bigint;
  data: Uint8Array;
  /** Gas the call may use on `to`. */
  gas: number;
  isStatic: boolean;
  /** Call depth of the called frame (depth counts across shards). */
  depth: number;
}

/** What a cross-shard call returned: output (or revert data) and the gas left of `request.gas`. */
export interface CallOutcome {
  success: boolean;
  output: Uint8Array;
  gasLeft: number;
  /** Why it failed ("revert", "out of gas", ...). */
  error?: string;
}

export interface CallNode {
  request: CallRequest;
  outcome: CallOutcome;
  /** The cross-shard calls the callee shard made while running this call, in order. */
  children: CallNode[];
}

/** The origin transaction's identity as the precompile sees it at its first cross-shard call. */
export interface SessionKey {
  sender: bigint;
  /** The sender's nonce at that moment (its transaction's nonce + 1, as the nonce is already bumped). */
  nonce: bigint;
}

export interface Session extends SessionKey {
  /** The shard whose transaction this is. */
  origin: number;
  txHash: Uint8Array;
  /** The origin transaction's receipt status: 0 rolls back the session's effects on every shard. */
  status: 0 | 1;
  /** The calls the transaction's frames on the origin shard made, in order. */
  calls: CallNode[];
}

export type Transcript = Session[];

export class TranscriptError extends Error {
  override name = "TranscriptError";
}

// ----- equality -----

export function requestsEqual(a: CallRequest, b: CallRequest): boolean {
  return (
    a.from === b.from &&
    a.to === b.to &&
    a.caller === b.caller &&
    a.target === b.target &&
    a.value === b.value &&
    a.gas === b.gas &&
    a.isStatic === b.isStatic &&
    a.depth === b.depth &&
    bytesEqual(a.data, b.data)
  );
}

export function outcomesEqual(a: CallOutcome, b: CallOutcome): boolean {
  return (
    a.success === b.success &&
    a.gasLeft === b.gasLeft &&
    (a.error ?? "") === (b.error ?? "") &&
    bytesEqual(a.output, b.output)
  );
}

/** Whether `shard` takes part in `session` (as origin, or as the callee of some call). */
export function sessionTouches(session: Session, shard: number): boolean {
  if (session.origin === shard) return true;
  const walk = (nodes: CallNode[]): boolean => nodes.some((n) => n.request.to === shard || walk(n.children));
  return walk(session.calls);
}

/** Every shard the session ran calls on, except its origin. */
export function calledShards(session: Session): Set<number> {
  const out = new Set<number>();
  const walk = (nodes: CallNode[]) => {
    for (const n of nodes) {
      out.add(n.request.to);
      walk(n.children);
    }
  };
  walk(session.calls);
  out.delete(session.origin);
  return out;
}

// ----- RLP form -----

const enc = new TextEncoder();
const dec = new TextDecoder();

function requestRlp(r: CallRequest): RlpInput {
  return [r.from, r.to, r.caller, r.target, r.value, r.data, r.gas, r.isStatic ? 1 : 0, r.depth];
}

function nodeRlp(n: CallNode): RlpInput {
  const o = n.outcome;
  return [
    requestRlp(n.request),
    [o.success ? 1 : 0, o.output, o.gasLeft, enc.encode(o.error ?? "")],
    n.children.map(nodeRlp),
  ];
}

function sessionRlp(s: Session): RlpInput {
  return [s.origin, s.sender, s.nonce, s.txHash, s.status, s.calls.map(nodeRlp)];
}

export function encodeTranscript(t: Transcript): Uint8Array {
  return rlpEncode(t.map(sessionRlp));
}

/** keccak256 of the transcript's RLP: what every shard block of the superblock carries in extraData. */
export function transcriptHash(t: Transcript): Uint8Array {
  return keccak256(encodeTranscript(t));
}

function list(item: RlpDecoded | undefined, what: string, length?: number): RlpDecoded[] {
  if (!Array.isArray(item) || (length !== undefined && item.length !== length)) {
    throw new TranscriptError(
      `transcript: ${what} is not a list${length === undefined ? "" : ` of ${length}`}`,
    );
  }
  return item;
}

function bytes(item: RlpDecoded | undefined, what: string): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new TranscriptError(`transcript: ${what} is not a byte string`);
  return item;
}

function int(item: RlpDecoded | undefined, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const b = bytes(item, what);
  if (b.length > 8 || (b.length > 0 && b[0] === 0))
    throw new TranscriptError(`transcript: ${what} is not canonical`);
  const v = bytesToBigInt(b);
  if (v > BigInt(max)) throw new TranscriptError(`transcript: ${what} out of range`);
  return Number(v);
}

function word(item: RlpDecoded | undefined, what: string, maxBytes = 32): bigint {
  const b = bytes(item, what);
  if (b.length > maxBytes || (b.length > 0 && b[0] === 0))
    throw new TranscriptError(`transcript: bad ${what}`);
  return bytesToBigInt(b);
}

function flag(item: RlpDecoded | undefined, what: string): boolean {
  const v = int(item, what, 1);
  return v === 1;
}

const MAX_NESTING = 1100; // above the EVM's 1,024 call depth

function decodeNode(item: RlpDecoded, depth: number): CallNode {
  if (depth > MAX_NESTING) throw new TranscriptError("transcript: calls nested too deeply");
  const [req, out, children] = list(item, "call", 3);
  const r = list(req, "request", 9);
  const o = list(out, "outcome", 4);
  const error = dec.decode(bytes(o[3], "error"));
  const outcome: CallOutcome = {
    success: flag(o[0], "success"),
    output: bytes(o[1], "output"),
    gasLeft: int(o[2], "gasLeft"),
  };
  if (error !== "") outcome.error = error;
  return {
    request: {
      from: int(r[0], "from"),
      to: int(r[1], "to"),
      caller: word(r[2], "caller", 20),
      target: word(r[3], "target", 20),
      value: word(r[4], "value"),
      data: bytes(r[5], "data"),
      gas: int(r[6], "gas"),
      isStatic: flag(r[7], "isStatic"),
      depth: int(r[8], "depth"),
    },
    outcome,
    children: list(children, "children").map((c) => decodeNode(c, depth + 1)),
  };
}

export function decodeTranscript(data: Uint8Array): Transcript {
  let top: RlpDecoded;
  try {
    top = rlpDecode(data);
  } catch (e) {
    throw new TranscriptError(`transcript: ${(e as Error).message}`);
  }
  return list(top, "transcript").map((item) => {
    const [origin, sender, nonce, txHash, status, calls] = list(item, "session", 6);
    const hash = bytes(txHash, "txHash");
    if (hash.length !== 32) throw new TranscriptError("transcript: txHash is not 32 bytes");
    return {
      origin: int(origin, "origin"),
      sender: word(sender, "sender", 20),
      nonce: word(nonce, "nonce", 8),
      txHash: hash,
      status: int(status, "status", 1) as 0 | 1,
      calls: list(calls, "calls").map((c) => decodeNode(c, 0)),
    };
  });
}

// ----- building, as the calls happen -----

/**
 * Records sessions as the sequencer routes their calls (or as an in-process router does): `call` when a
 * shard makes a call, `returned` when the callee shard answers, `end` when the origin transaction is done.
 * It checks the protocol as it goes: only the shard currently running may call or return.
 */
export class TranscriptBuilder {
  readonly sessions: Transcript = [];
  private open: { session: Session; stack: CallNode[] } | undefined;

  /** The origin transaction `txHash` on `origin` starts (its calls, if any, belong to one session). */
  begin(origin: number, txHash: Uint8Array): void {
    if (this.open !== undefined) throw new TranscriptError("a session is already open");
    this.open = {
      session: { origin, sender: 0n, nonce: 0n, txHash, status: 0, calls: [] },
      stack: [],
    };
  }

  /** The shard now running: the callee of the innermost open call, or the origin. */
  running(): number | undefined {
    const o = this.open;
    if (o === undefined) return undefined;
    return o.stack.length === 0 ? o.session.origin : o.stack[o.stack.length - 1]!.request.to;
  }

  /** Shard `request.from` makes a call (`key` on the transaction's first call). Returns its node. */
  call(request: CallRequest, key: SessionKey | undefined): CallNode {
    const o = this.open;
    if (o === undefined) throw new TranscriptError("a cross-shard call outside any session");
    if (request.from !== this.running()) {
      throw new TranscriptError(`shard ${request.from} made a call while shard ${this.running()} is running`);
    }
    if (request.to === request.from) throw new TranscriptError("a cross-shard call to the calling shard");
    const first = o.session.calls.length === 0;
    if (first !== (key !== undefined) || (first && o.stack.length > 0)) {
      throw new TranscriptError("the session key comes with the transaction's first call, and only then");
    }
    if (key !== undefined) {
      o.session.sender = key.sender;
      o.session.nonce = key.nonce;
    }
    const node: CallNode = {
      request,
      outcome: { success: false, output: new Uint8Array(0), gasLeft: 0 },
      children: [],
    };
    const parent = o.stack[o.stack.length - 1];
    (parent === undefined ? o.session.calls : parent.children).push(node);
    o.stack.push(node);
    return node;
  }

  /** Shard `from` answers the innermost open call. Returns that call's node. */
  returned(from: number, outcome: CallOutcome): CallNode {
    const node = this.open?.stack.pop();
    if (node === undefined) throw new TranscriptError("a cross-shard return without an open call");
    if (node.request.to !== from) {
      throw new TranscriptError(`shard ${from} answered a call made to shard ${node.request.to}`);
    }
    if (outcome.gasLeft > node.request.gas || outcome.gasLeft < 0) {
      throw new TranscriptError("a cross-shard call returned more gas than it was given");
    }
    node.outcome = outcome;
    return node;
  }

  /** The origin transaction finished with `status`; its session index, or undefined if it made no calls. */
  end(status: 0 | 1): { index: number; session: Session } | undefined {
    const o = this.open;
    if (o === undefined) throw new TranscriptError("no session is open");
    if (o.stack.length > 0)
      throw new TranscriptError("the origin transaction ended inside a cross-shard call");
    this.open = undefined;
    if (o.session.calls.length === 0) return undefined;
    o.session.status = status;
    this.sessions.push(o.session);
    return { index: this.sessions.length - 1, session: o.session };
  }

  /** How many top-level calls the open session has made so far (0 when none is open). */
  openCalls(): number {
    return this.open?.session.calls.length ?? 0;
  }

  /** Drops the open session (its transaction was not executed). */
  abandon(): void {
    this.open = undefined;
  }
}
