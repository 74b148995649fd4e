// The replay port: a shard's side of the superblock's transcript, for re-executing a shard block on its own
// (the shard's self-check and witness at sealing, and the verifiers' stateless re-execution). Each outbound
// call the shard's code makes must be the next one recorded, with the same request; the calls the rest of
// the network made back into this shard are run here (through the precompile's inbound handler) and must
// give the recorded outcomes; the recorded outcome is then what the call returns. Serve transactions must
// come in transcript order, one per session that touches the shard and does not start here. Any
// difference is a TranscriptError: the block is invalid. `finish` checks that nothing was left out.
import type { CrossShardPort, InboundHandler } from "./port.js";
import {
  type CallNode,
  type CallOutcome,
  type CallRequest,
  outcomesEqual,
  requestsEqual,
  type Session,
  type SessionKey,
  sessionTouches,
  type Transcript,
  TranscriptError,
} from "./transcript.js";

interface Context {
  list: CallNode[];
  cursor: number;
}

export class TranscriptPlayer implements CrossShardPort {
  /** Sessions this shard started, in order. */
  private readonly originSessions: number[] = [];
  /** Sessions this shard serves (touched, not its origin), in order. */
  private readonly servedSessions: number[] = [];
  private originNext = 0;
  private servedNext = 0;
  private stack: Context[] = [];
  private openOrigin: Context | undefined;
  /** Origin sessions in the order they were replayed (for the status check against receipts). */
  readonly replayedOrigins: Session[] = [];

  constructor(
    readonly transcript: Transcript,
    readonly shard: number,
  ) {
    transcript.forEach((s, i) => {
      if (s.origin === shard) this.originSessions.push(i);
      else if (sessionTouches(s, shard)) this.servedSessions.push(i);
    });
  }

  private fail(message: string): never {
    throw new TranscriptError(`shard ${this.shard}: ${message}`);
  }

  call(request: CallRequest, key: SessionKey | undefined, inbound: InboundHandler): CallOutcome {
    if (key !== undefined) {
      this.closeOrigin();
      const index = this.originSessions[this.originNext++];
      if (index === undefined)
        this.fail("a transaction makes a cross-shard call the transcript does not have");
      const session = this.transcript[index]!;
      if (session.sender !== key.sender || session.nonce !== key.nonce) {
        this.fail(`session ${index} belongs to another transaction`);
      }
      this.openOrigin = { list: session.calls, cursor: 0 };
      this.stack = [this.openOrigin];
      this.replayedOrigins.push(session);
    }
    const ctx = this.stack[this.stack.length - 1];
    if (ctx === undefined) this.fail("a cross-shard call outside any session");
    const node = ctx.list[ctx.cursor++];
    if (node === undefined) this.fail("more cross-shard calls than the transcript records");
    if (!requestsEqual(node.request, request)) this.fail("a cross-shard call differs from the transcript");
    this.playNested(node.children, inbound);
    return node.outcome;
  }

  /** Runs, in order, the calls into this shard nested in `nodes` (not those nested in calls run here). */
  private playNested(nodes: CallNode[], inbound: InboundHandler): void {
    for (const n of nodes) {
      if (n.request.to !== this.shard) {
        this.playNested(n.children, inbound);
        continue;
      }
      const ctx: Context = { list: n.children, cursor: 0 };
      this.stack.push(ctx);
      const outcome = inbound(n.request);
      if (this.stack.pop() !== ctx) this.fail("unbalanced cross-shard calls");
      if (ctx.cursor !== ctx.list.length) this.fail("fewer cross-shard calls than the transcript records");
      if (!outcomesEqual(outcome, n.outcome)) this.fail("a call served here differs from the transcript");
    }
  }

  serve(index: number, inbound: InboundHandler): 0 | 1 {
    this.closeOrigin();
    if (this.servedSessions[this.servedNext] !== index) {
      this.fail(`serves session ${index} out of the transcript's order`);
    }
    this.servedNext++;
    const session = this.transcript[index]!;
    this.stack = [];
    this.playNested(session.calls, inbound);
    return session.status;
  }

  private closeOrigin(): void {
    if (this.openOrigin !== undefined && this.openOrigin.cursor !== this.openOrigin.list.length) {
      this.fail("a transaction made fewer cross-shard calls than the transcript records");
    }
    this.openOrigin = undefined;
    this.stack = [];
  }

  /** After the block: every session of this shard was replayed, in full. */
  finish(): void {
    this.closeOrigin();
    if (this.originNext !== this.originSessions.length) {
      this.fail("the block lacks a transaction the transcript records");
    }
    if (this.servedNext !== this.servedSessions.length) {
      this.fail("the block does not serve every session that touches it");
    }
  }
}
