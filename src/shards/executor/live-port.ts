// The live port, on a shard's execution thread: an outbound call is posted to the shard's host (which hands
// it to the sequencer), and the thread blocks (Atomics.wait on a flag the host bumps after every message)
// until the answer comes back. While it waits, calls that other shards make into this one arrive and run
// here, in the middle of the calling transaction, through the precompile's inbound handler; their outcomes
// go back the same way. An "abort" message (the superblock was given up) unwinds everything.
import { type MessagePort, receiveMessageOnPort } from "node:worker_threads";
import type { CrossShardPort, InboundHandler } from "../port.js";
import type { CallOutcome, CallRequest, SessionKey } from "../transcript.js";
import type { HostToWorker, WorkerToHost } from "./messages.js";

/** How long a blocked call waits for the network before the block is given up. */
export const CALL_TIMEOUT_MS = 60_000;

export class SuperblockAborted extends Error {
  override name = "SuperblockAborted";
}

export class LivePort implements CrossShardPort {
  /** Messages taken off the port before the code that handles them ran (the serve that an inbound starts). */
  readonly pending: HostToWorker[] = [];

  constructor(
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    private readonly post: (m: WorkerToHost) => void,
  ) {}

  /** The next message for this thread, blocking until it comes. */
  private next(): HostToWorker {
    const queued = this.pending.shift();
    if (queued !== undefined) return queued;
    const deadline = Date.now() + CALL_TIMEOUT_MS;
    for (;;) {
      const r = receiveMessageOnPort(this.port);
      if (r !== undefined) return r.message as HostToWorker;
      const seen = Atomics.load(this.flag, 0);
      const again = receiveMessageOnPort(this.port);
      if (again !== undefined) return again.message as HostToWorker;
      Atomics.wait(this.flag, 0, seen, 1_000);
      if (Date.now() > deadline) throw new SuperblockAborted("a cross-shard call got no answer in time");
    }
  }

  /** Runs an inbound call and posts its outcome. */
  private handleInbound(request: CallRequest, inbound: InboundHandler): void {
    const outcome = inbound(request);
    this.post({ type: "inret", outcome });
  }

  call(request: CallRequest, key: SessionKey | undefined, inbound: InboundHandler): CallOutcome {
    this.post(key === undefined ? { type: "call", request } : { type: "call", request, key });
    for (;;) {
      const m = this.next();
      if (m.type === "inbound") this.handleInbound(m.request, inbound);
      else if (m.type === "ret") return m.outcome;
      else if (m.type === "abort") throw new SuperblockAborted(`superblock ${m.k} was given up`);
      else throw new SuperblockAborted(`unexpected ${m.type} message during a cross-shard call`);
    }
  }

  serve(index: number, inbound: InboundHandler): 0 | 1 {
    for (;;) {
      const m = this.next();
      if (m.type === "inbound") {
        if (m.index !== index)
          throw new SuperblockAborted(`a call of session ${m.index} while serving ${index}`);
        this.handleInbound(m.request, inbound);
      } else if (m.type === "end") {
        if (m.index !== index)
          throw new SuperblockAborted(`the end of session ${m.index} while serving ${index}`);
        return m.status;
      } else if (m.type === "abort") {
        throw new SuperblockAborted(`superblock ${m.k} was given up`);
      } else {
        throw new SuperblockAborted(`unexpected ${m.type} message while serving session ${index}`);
      }
    }
  }
}
