// The block's dependency graph as Block-STM measured it: transactions weighted by the VM time of their
// committed execution, and an edge from i to j (i < j) when j's committed execution read a value i wrote,
// labelled with every location it read from i. On it: the critical path (the longest chain in measured time),
// the work/span speedup bound, a list schedule on N threads, and the same with some dependencies removed
// (what-if simulations behind the advice: "without this location's conflicts the path would be ...").
import { type SpeedupTable, THREAD_COUNTS } from "./types.js";

/** Keeps edge `e` in a simulation (by index into the graph's edges). */
export type EdgeFilter = (edge: number) => boolean;

export interface PathResult {
  ms: number;
  txs: number[];
}

export class DependencyGraph {
  readonly n: number;
  readonly edgeFrom: number[] = [];
  readonly edgeTo: number[] = [];
  /** Per edge, the location indexes read through it (ascending). */
  readonly edgeLocations: number[][] = [];
  /** Per transaction, the indexes of its incoming and outgoing edges. */
  readonly incoming: number[][];
  readonly outgoing: number[][];
  /** Per location, the edges through it. */
  readonly locationEdges = new Map<number, number[]>();
  readonly workMs: number;

  /** `reader[k]` read location `location[k]` written by `writer[k]` (< reader[k]). */
  constructor(
    readonly execMs: readonly number[],
    reader: readonly number[],
    writer: readonly number[],
    location: readonly number[],
  ) {
    const n = execMs.length;
    this.n = n;
    this.incoming = Array.from({ length: n }, () => []);
    this.outgoing = Array.from({ length: n }, () => []);
    const byPair = new Map<number, number>();
    for (let k = 0; k < reader.length; k++) {
      const from = writer[k]!;
      const to = reader[k]!;
      if (!(from >= 0 && from < to && to < n)) throw new RangeError(`bad dependency ${from} -> ${to}`);
      const pair = to * n + from;
      let e = byPair.get(pair);
      if (e === undefined) {
        e = this.edgeFrom.length;
        byPair.set(pair, e);
        this.edgeFrom.push(from);
        this.edgeTo.push(to);
        this.edgeLocations.push([]);
      }
      const locs = this.edgeLocations[e]!;
      if (!locs.includes(location[k]!)) locs.push(location[k]!);
    }
    // Edges in (to, from) order: deterministic whatever order the read sets were walked in.
    const order = this.edgeFrom.map((_, e) => e);
    order.sort((a, b) => this.edgeTo[a]! - this.edgeTo[b]! || this.edgeFrom[a]! - this.edgeFrom[b]!);
    const from = order.map((e) => this.edgeFrom[e]!);
    const to = order.map((e) => this.edgeTo[e]!);
    const locs = order.map((e) => this.edgeLocations[e]!.sort((a, b) => a - b));
    this.edgeFrom.splice(0, Infinity, ...from);
    this.edgeTo.splice(0, Infinity, ...to);
    this.edgeLocations.splice(0, Infinity, ...locs);
    for (let e = 0; e < this.edgeFrom.length; e++) {
      this.incoming[this.edgeTo[e]!]!.push(e);
      this.outgoing[this.edgeFrom[e]!]!.push(e);
      for (const loc of this.edgeLocations[e]!) {
        let list = this.locationEdges.get(loc);
        if (list === undefined) {
          list = [];
          this.locationEdges.set(loc, list);
        }
        list.push(e);
      }
    }
    let work = 0;
    for (const ms of execMs) work += ms;
    this.workMs = work;
  }

  get edgeCount(): number {
    return this.edgeFrom.length;
  }

  /**
   * The longest chain in measured time over the kept edges (all by default): its transactions in order and
   * their summed VM time. Ties go to the chain ending at the lowest index, then the lowest predecessors.
   */
  criticalPath(keep?: EdgeFilter): PathResult {
    const n = this.n;
    const longest = new Float64Array(n);
    const previous = new Int32Array(n).fill(-1);
    let best = -1;
    for (let i = 0; i < n; i++) {
      let before = 0;
      for (const e of this.incoming[i]!) {
        if (keep !== undefined && !keep(e)) continue;
        const from = this.edgeFrom[e]!;
        if (longest[from]! > before) {
          before = longest[from]!;
          previous[i] = from;
        }
      }
      longest[i] = before + this.execMs[i]!;
      if (best < 0 || longest[i]! > longest[best]!) best = i;
    }
    if (best < 0) return { ms: 0, txs: [] };
    const txs: number[] = [];
    for (let i = best; i >= 0; i = previous[i]!) txs.push(i);
    return { ms: longest[best]!, txs: txs.reverse() };
  }

  /**
   * Makespan (ms) of the list schedule Block-STM approximates with perfect dependency knowledge: whenever a
   * thread is free it starts the lowest-index transaction whose dependencies have all finished.
   */
  makespan(threads: number, keep?: EdgeFilter): number {
    const n = this.n;
    const waiting = new Int32Array(n);
    for (let e = 0; e < this.edgeFrom.length; e++)
      if (keep === undefined || keep(e)) waiting[this.edgeTo[e]!]!++;
    const ready = new MinHeap();
    for (let i = 0; i < n; i++) if (waiting[i] === 0) ready.push(i, i);
    const running = new MinHeap(); // keyed by finish time
    let free = Math.max(1, threads);
    let now = 0;
    let end = 0;
    for (;;) {
      while (free > 0 && ready.size > 0) {
        const tx = ready.pop();
        const finish = now + this.execMs[tx]!;
        running.push(tx, finish);
        if (finish > end) end = finish;
        free--;
      }
      if (running.size === 0) break;
      now = running.peekKey();
      while (running.size > 0 && running.peekKey() <= now) {
        const done = running.pop();
        free++;
        for (const e of this.outgoing[done]!) {
          if (keep !== undefined && !keep(e)) continue;
          const to = this.edgeTo[e]!;
          if (--waiting[to]! === 0) ready.push(to, to);
        }
      }
    }
    return end;
  }

  /** min(N, work / critical path) per thread count. */
  speedupBound(criticalPathMs: number): SpeedupTable {
    const out: SpeedupTable = {};
    for (const t of THREAD_COUNTS) out[String(t)] = round(boundAt(t, this.workMs, criticalPathMs));
    return out;
  }

  /** work / makespan(N) per thread count. */
  speedupSimulated(keep?: EdgeFilter): SpeedupTable {
    const out: SpeedupTable = {};
    for (const t of THREAD_COUNTS) {
      const span = this.makespan(t, keep);
      out[String(t)] = round(span > 0 ? this.workMs / span : 1);
    }
    return out;
  }
}

export function boundAt(threads: number, workMs: number, criticalPathMs: number): number {
  if (criticalPathMs <= 0) return threads;
  return Math.min(threads, workMs / criticalPathMs);
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A binary min-heap of (value, key), ties broken by the smaller value. */
class MinHeap {
  private readonly values: number[] = [];
  private readonly keys: number[] = [];

  get size(): number {
    return this.values.length;
  }

  peekKey(): number {
    return this.keys[0]!;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.values[a]! < this.values[b]!);
  }

  private swap(a: number, b: number): void {
    const v = this.values[a]!;
    this.values[a] = this.values[b]!;
    this.values[b] = v;
    const k = this.keys[a]!;
    this.keys[a] = this.keys[b]!;
    this.keys[b] = k;
  }

  push(value: number, key: number): void {
    this.values.push(value);
    this.keys.push(key);
    let i = this.values.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): number {
    const top = this.values[0]!;
    const last = this.values.length - 1;
    this.swap(0, last);
    this.values.pop();
    this.keys.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.values.length && this.less(l, m)) m = l;
      if (r < this.values.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
