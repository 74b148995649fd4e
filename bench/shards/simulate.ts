// The many-shards, many-machines plan as a simulation (issue 18): N shards on M machines, superblocks built
// as the sequencer builds them today (begin -> sequential cross-shard sessions -> seal -> decide -> commit),
// with the per-step costs measured on this machine (bench:shards, docs/shards.md "Simulation") and a network
// latency per cross-machine hop. Each superblock is drawn at random (which transactions are cross-shard, which
// shard each one calls) and timed event by event: the shards' local phases and seals are scheduled on their
// machine's cores (longest first), every cross-shard call travels origin -> sequencer -> callee and back,
// the sequencer sits on machine 0 with shards 0..N/M-1. Finality adds the committee (each member re-executes
// every block from its witness, then two FROST rounds) and the L1 (commitSuperblock, then finalize).
// A second figure shows the plan's next step: sessions on disjoint shard pairs run concurrently (taken
// round-robin over the origin shards, a deterministic order).
//
// Usage: npm run build && node dist/bench/shards/simulate.js [--shards 4,8,16,32,64] [--machines 1,2,4,8,16]
//   [--cross 0,10,50] [--batch 200] [--superblocks 200] [--rtt-ms 0.5] [--cores 4] [--json]
//   and the measured costs: --exec-ms --seal-fixed-ms --seal-ms --session-ms --decide-ms --commit-ms
//   --verify-ms --l1-ms --loopback-hop-ms (defaults: the figures in docs/shards.md)
import { prng } from "../../tools/prng.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const list = (name: string, fallback: string) => arg(name, fallback).split(",").map(Number);
const num = (name: string, fallback: number) => Number(arg(name, String(fallback)));

/** Costs per step (ms). Defaults: measured here, see docs/shards.md. */
export interface Costs {
  /** Execution of one local transaction on its shard's execution thread. */
  execMs: number;
  /** Sealing a shard block: fixed part and per transaction (replay against the transcript + witness). */
  sealFixedMs: number;
  sealMs: number;
  /** One cross-shard session's own work (origin and callee execution, transcript), without the network. */
  sessionMs: number;
  /** The decision record (LMDB write + flush). */
  decideMs: number;
  /** A shard's commit of its prepared block. */
  commitMs: number;
  /** A committee member's stateless re-execution of one transaction from the witness. */
  verifyMs: number;
  /** One L1 transaction's inclusion (commitSuperblock, finalize). */
  l1Ms: number;
  /** One message between processes on the same machine (the loopback shard link). */
  loopbackHopMs: number;
}

export interface Topology {
  shards: number;
  machines: number;
  cores: number;
  /** Round trip between two machines. */
  rttMs: number;
  /** Transactions per shard per superblock. */
  batch: number;
  /** Fraction of transactions that make one cross-shard call. */
  cross: number;
  /** Sessions on disjoint shard pairs overlap (the plan's next step) instead of running one at a time. */
  concurrentSessions: boolean;
}

export interface Outcome {
  superblockMs: number;
  txPerSec: number;
  /** Mean time from a transaction's arrival to its answer (half a superblock's wait plus one superblock). */
  txLatencyMs: number;
  /** Mean time from arrival to finalization on the L1. */
  finalityMs: number;
  /** Whether one committee member re-executes more slowly than the shards produce (finality falls behind). */
  committeeBound: boolean;
}

function machineOf(shard: number, t: Topology): number {
  return Math.floor((shard * t.machines) / t.shards);
}

/** One-way latency between the machines of two parties (-1: the sequencer, on machine 0). */
function leg(a: number, b: number, t: Topology, c: Costs): number {
  const ma = a < 0 ? 0 : machineOf(a, t);
  const mb = b < 0 ? 0 : machineOf(b, t);
  return ma === mb ? c.loopbackHopMs : t.rttMs / 2;
}

/** Longest-processing-time-first makespan of `jobs` on `cores` cores. */
function makespan(jobs: number[], cores: number): number {
  const free = new Array<number>(Math.max(1, cores)).fill(0);
  for (const j of [...jobs].sort((x, y) => y - x)) {
    let i = 0;
    for (let k = 1; k < free.length; k++) if (free[k]! < free[i]!) i = k;
    free[i]! += j;
  }
  return Math.max(...free);
}

/** Per machine, the makespan of its shards' jobs; the step ends with the slowest machine, plus its command. */
function parallelStep(perShard: number[], t: Topology, c: Costs): number {
  let end = 0;
  for (let m = 0; m < t.machines; m++) {
    const jobs = perShard.filter((_, s) => machineOf(s, t) === m);
    if (jobs.length === 0) continue;
    const shard = perShard.findIndex((_, s) => machineOf(s, t) === m);
    const command = 2 * leg(-1, shard, t, c);
    end = Math.max(end, makespan(jobs, t.cores) + command);
  }
  return end;
}

export function simulate(t: Topology, c: Costs, superblocks: number, seed = 1): Outcome {
  const random = prng(seed);
  let total = 0;
  for (let n = 0; n < superblocks; n++) {
    // Which transactions call another shard, and which shard.
    const sessions: { from: number; to: number }[] = [];
    const local: number[] = [];
    for (let s = 0; s < t.shards; s++) {
      let crossCount = 0;
      if (t.shards > 1) for (let i = 0; i < t.batch; i++) if (random() < t.cross) crossCount++;
      local.push(t.batch - crossCount);
      for (let i = 0; i < crossCount; i++) {
        let to = Math.floor(random() * (t.shards - 1));
        if (to >= s) to++;
        sessions.push({ from: s, to });
      }
    }
    const begin = parallelStep(
      local.map((l) => l * c.execMs),
      t,
      c,
    );
    // A session: the sequencer starts it on the origin, the call goes origin -> sequencer -> callee and
    // back, then the sequencer ends the callee's serve transaction and waits for its reply.
    const sessionTime = (x: { from: number; to: number }) =>
      c.sessionMs +
      2 * leg(-1, x.from, t, c) +
      leg(x.from, -1, t, c) +
      leg(-1, x.to, t, c) +
      leg(x.to, -1, t, c) +
      leg(-1, x.from, t, c) +
      2 * leg(-1, x.to, t, c);
    let cross = 0;
    if (!t.concurrentSessions) {
      for (const x of sessions) cross += sessionTime(x);
    } else {
      // A deterministic round-robin order over the origin shards (each shard's own order kept); each session
      // starts once both of its shards are free, so sessions on disjoint pairs overlap.
      const byOrigin: { from: number; to: number }[][] = Array.from({ length: t.shards }, () => []);
      for (const x of sessions) byOrigin[x.from]!.push(x);
      const order: { from: number; to: number }[] = [];
      for (let i = 0; order.length < sessions.length; i++) {
        for (const q of byOrigin) if (i < q.length) order.push(q[i]!);
      }
      const free = new Array<number>(t.shards).fill(0);
      for (const x of order) {
        const start = Math.max(free[x.from]!, free[x.to]!);
        const end = start + sessionTime(x);
        free[x.from] = end;
        free[x.to] = end;
        cross = Math.max(cross, end);
      }
    }
    const seal = parallelStep(
      local.map(() => c.sealFixedMs + t.batch * c.sealMs),
      t,
      c,
    );
    const commit = parallelStep(
      local.map(() => c.commitMs),
      t,
      c,
    );
    total += begin + cross + seal + c.decideMs + commit;
  }
  const superblockMs = total / superblocks;
  // Each committee member re-executes every shard block of a superblock on its own machine's cores.
  const verify = makespan(new Array<number>(t.shards).fill(t.batch * c.verifyMs), t.cores);
  const signing = 2 * t.rttMs; // two FROST rounds
  const txLatencyMs = 1.5 * superblockMs;
  return {
    superblockMs,
    txPerSec: (t.shards * t.batch * 1000) / superblockMs,
    txLatencyMs,
    finalityMs: txLatencyMs + c.l1Ms + Math.max(verify, 0) + signing + c.l1Ms,
    committeeBound: verify > superblockMs,
  };
}

async function main(): Promise<void> {
  const costs: Costs = {
    execMs: num("exec-ms", 1.2),
    sealFixedMs: num("seal-fixed-ms", 0),
    sealMs: num("seal-ms", 13.2),
    sessionMs: num("session-ms", 40),
    decideMs: num("decide-ms", 240),
    commitMs: num("commit-ms", 107),
    verifyMs: num("verify-ms", 13.2),
    l1Ms: num("l1-ms", 12_000),
    loopbackHopMs: num("loopback-hop-ms", 0.1),
  };
  const shardCounts = list("shards", "4,8,16,32,64");
  const machineCounts = list("machines", "1,2,4,8,16");
  const crossPcts = list("cross", "0,10,50");
  const batch = num("batch", 200);
  const superblocks = num("superblocks", 200);
  const rttMs = num("rtt-ms", 0.5);
  const cores = num("cores", 4);
  const rows: Record<string, unknown>[] = [];
  if (!process.argv.includes("--json")) {
    console.log(
      `simulated superblocks: ${batch} tx per shard each, ${cores} cores per machine, ${rttMs} ms RTT between machines, ${superblocks} superblocks per row`,
    );
    console.log(`costs (ms): ${JSON.stringify(costs)}`);
    console.log(
      "shards  machines  cross%  superblock ms    tx/s   tx latency ms  finality s  | concurrent sessions: superblock ms    tx/s",
    );
  }
  for (const n of shardCounts) {
    for (const m of machineCounts) {
      if (m > n) continue;
      for (const pct of crossPcts) {
        const base: Topology = {
          shards: n,
          machines: m,
          cores,
          rttMs,
          batch,
          cross: pct / 100,
          concurrentSessions: false,
        };
        const seq = simulate(base, costs, superblocks);
        const conc = simulate({ ...base, concurrentSessions: true }, costs, superblocks);
        rows.push({ shards: n, machines: m, cross: pct, sequential: seq, concurrent: conc });
        if (process.argv.includes("--json")) continue;
        console.log(
          `${String(n).padStart(6)}  ${String(m).padStart(8)}  ${String(pct).padStart(6)}  ${seq.superblockMs
            .toFixed(0)
            .padStart(
              13,
            )}  ${seq.txPerSec.toFixed(0).padStart(6)}  ${seq.txLatencyMs.toFixed(0).padStart(14)}  ${(
            seq.finalityMs / 1000
          )
            .toFixed(1)
            .padStart(10)}${seq.committeeBound ? "*" : " "} | ${conc.superblockMs
            .toFixed(0)
            .padStart(33)}  ${conc.txPerSec.toFixed(0).padStart(6)}`,
        );
      }
    }
  }
  if (process.argv.includes("--json")) console.log(JSON.stringify({ costs, rows }));
  else console.log("* the committee re-executes more slowly than the shards produce: finality falls behind");
}

if (process.argv[1]?.endsWith("simulate.js")) await main();
