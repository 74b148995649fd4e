// The node side of async jobs: watches each new block for JobPosted logs of the job queue, prepares each
// job against the chain state, runs it on the backend (off the node's thread), checks the result by
// re-executing it on an independent verifier backend, and returns it through a system transaction
// (fulfill) in a later block; jobs past their deadline are refunded by a system transaction. A result the
// verifier does not reproduce is rejected: never submitted (the job is refunded at its deadline).
import type { Log } from "../../evm/log.js";
import { bytesToHex } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { JOB_QUEUE_ADDRESS } from "../addresses.js";
import {
  decodeJobPosted,
  fulfillCall,
  JOB_FULFILLED,
  JOB_POSTED,
  JOB_REFUNDED,
  jobIdOf,
  logTopic,
  type PostedJob,
  refundCall,
} from "./queue-abi.js";
import type { AsyncCoprocessor, JobBackend } from "./types.js";

/** What the service needs from the node. */
export interface JobHost {
  /** Code of an account at the head. */
  code(address: bigint): Uint8Array;
  headNumber(): bigint;
  /** Sends a system transaction (from the operator) calling the job queue with `data`. */
  submitSystemCall(data: Uint8Array): Promise<void>;
  log?(line: string): void;
}

export type JobStatus =
  | "running"
  | "submitted"
  | "fulfilled"
  | "rejected"
  | "failed"
  | "unsupported"
  | "refunding"
  | "refunded";

export interface JobRecord extends PostedJob {
  postedAt: bigint;
  status: JobStatus;
  output?: Uint8Array;
  outputCommitment?: string;
  error?: string;
}

export interface JobServiceOptions {
  coprocessors: readonly AsyncCoprocessor[];
  backend: JobBackend;
  /** Re-executes every result before it is submitted; a mismatch rejects it. */
  verifier?: JobBackend;
  queue?: bigint;
}

export interface JobVerdict {
  valid: boolean;
  expectedCommitment: string;
  actualCommitment: string;
}

export class JobService {
  private readonly jobs = new Map<bigint, JobRecord>();
  private readonly byId = new Map<bigint, AsyncCoprocessor>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly queue: bigint;

  constructor(
    private readonly host: JobHost,
    private readonly options: JobServiceOptions,
  ) {
    for (const c of options.coprocessors) this.byId.set(c.id, c);
    this.queue = options.queue ?? JOB_QUEUE_ADDRESS;
  }

  job(jobId: bigint): JobRecord | undefined {
    return this.jobs.get(jobId);
  }

  /** Called with each new head block's logs (in order). Never blocks: the work is scheduled. */
  onBlock(number: bigint, logs: readonly Log[]): void {
    for (const log of logs) {
      if (log.address !== this.queue) continue;
      const t = logTopic(log);
      if (t === JOB_POSTED) this.accept(decodeJobPosted(log), number);
      else if (t === JOB_FULFILLED) this.settle(jobIdOf(log), "fulfilled");
      else if (t === JOB_REFUNDED) this.settle(jobIdOf(log), "refunded");
    }
    this.expire(number);
  }

  /**
   * Rebuilds the service after a restart from the queue's logs in the chain, oldest block first: the chain
   * is the record of every job, so the service stores nothing of its own. Settled jobs are remembered as
   * such; jobs still open are computed again as if just posted (or refunded, past their deadline).
   */
  recover(history: Iterable<{ number: bigint; logs: readonly Log[] }>, head: bigint): void {
    const posted = new Map<bigint, { job: PostedJob; number: bigint }>();
    const settled = new Map<bigint, "fulfilled" | "refunded">();
    for (const { number, logs } of history) {
      for (const log of logs) {
        if (log.address !== this.queue) continue;
        const t = logTopic(log);
        if (t === JOB_POSTED) {
          const job = decodeJobPosted(log);
          posted.set(job.jobId, { job, number });
        } else if (t === JOB_FULFILLED) settled.set(jobIdOf(log), "fulfilled");
        else if (t === JOB_REFUNDED) settled.set(jobIdOf(log), "refunded");
      }
    }
    for (const [jobId, { job, number }] of posted) {
      const status = settled.get(jobId);
      if (status !== undefined) this.jobs.set(jobId, { ...job, postedAt: number, status });
      else this.accept(job, number);
    }
    this.expire(head);
  }

  /** Refunds every open job whose deadline the head has reached. */
  private expire(number: bigint): void {
    for (const job of this.jobs.values()) {
      const open = job.status !== "fulfilled" && job.status !== "refunded" && job.status !== "refunding";
      // A refund is valid in a block after the deadline: the next block, once the head reaches it.
      if (open && job.status !== "submitted" && number >= job.deadline) {
        job.status = "refunding";
        this.track(this.host.submitSystemCall(refundCall(job.jobId)), job);
      }
    }
  }

  private settle(jobId: bigint, status: "fulfilled" | "refunded"): void {
    const job = this.jobs.get(jobId);
    if (job !== undefined) job.status = status;
  }

  private accept(posted: PostedJob, number: bigint): void {
    const coprocessor = this.byId.get(posted.coprocessorId);
    const job: JobRecord = { ...posted, postedAt: number, status: "running" };
    this.jobs.set(job.jobId, job);
    if (coprocessor === undefined) {
      job.status = "unsupported";
      return;
    }
    let payload: unknown;
    try {
      payload = coprocessor.prepare(posted.input, (a) => this.host.code(a));
    } catch (e) {
      job.status = "failed";
      job.error = (e as Error).message;
      return;
    }
    const request = {
      jobId: job.jobId,
      coprocessorId: job.coprocessorId,
      compute: coprocessor.compute,
      payload,
    };
    this.track(
      (async () => {
        const output = await this.options.backend.run(request);
        const verifier = this.options.verifier;
        if (verifier !== undefined) {
          const expected = await verifier.run(request);
          if (bytesToHex(expected) !== bytesToHex(output)) {
            job.status = "rejected";
            job.error = "the verifier's re-execution gives a different output";
            this.host.log?.(`job ${job.jobId}: result rejected (re-execution differs)`);
            return;
          }
        }
        job.output = output;
        job.outputCommitment = bytesToHex(keccak256(output));
        if (this.host.headNumber() >= job.deadline || job.status !== "running") return; // refund instead
        job.status = "submitted";
        await this.host.submitSystemCall(fulfillCall(job.jobId, output));
      })(),
      job,
    );
  }

  private track(work: Promise<unknown>, job: JobRecord): void {
    const p = work.catch((e: unknown) => {
      if (job.status === "running" || job.status === "submitted") job.status = "failed";
      job.error = (e as Error).message;
      this.host.log?.(`job ${job.jobId}: ${job.error}`);
    });
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Resolves once every job started so far has been computed and its transaction submitted. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  /**
   * Checks `output` as the result of job `jobId` by deterministic re-execution (on the verifier backend,
   * else the main one): what any verifier does with the chain's JobPosted log and fulfill call.
   */
  async verify(jobId: bigint, output: Uint8Array): Promise<JobVerdict> {
    const job = this.jobs.get(jobId);
    if (job === undefined) throw new Error(`unknown job ${jobId}`);
    const coprocessor = this.byId.get(job.coprocessorId);
    if (coprocessor === undefined) throw new Error(`job ${jobId}: no co-processor ${job.coprocessorId}`);
    const payload = coprocessor.prepare(job.input, (a) => this.host.code(a));
    const backend = this.options.verifier ?? this.options.backend;
    const expected = await backend.run({
      jobId,
      coprocessorId: job.coprocessorId,
      compute: coprocessor.compute,
      payload,
    });
    const expectedCommitment = bytesToHex(keccak256(expected));
    const actualCommitment = bytesToHex(keccak256(output));
    return { valid: expectedCommitment === actualCommitment, expectedCommitment, actualCommitment };
  }

  async close(): Promise<void> {
    await this.options.backend.close();
    if (this.options.verifier !== undefined && this.options.verifier !== this.options.backend) {
      await this.options.verifier.close();
    }
  }
}
