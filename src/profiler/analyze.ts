// From a profiled block's raw measurements (src/parallel/profile-data.ts) to the report (types.ts): the
// conflict graph with labelled edges, the critical path and speedup bounds, hot locations and contracts
// ranked by how much of the block they serialize, what-if simulations for each, and the timelines.
//
// Ranking: a hot spot's `chainMs` is the longest chain of dependencies through it alone (in measured VM
// time): what it would serialize if nothing else did. `criticalPathMs` is how much shorter the block's
// critical path gets without its dependencies (other locations may carry the same edges: a swap reads the
// pool's reserves and the pool's token balances, so removing one of them alone gains nothing).
import type { Block, BlockResult } from "../block/types.js";
import {
  EVENT_DEPENDENCY,
  EVENT_EXECUTE,
  EVENT_IDLE,
  EVENT_VALIDATE,
  EVENT_VALIDATE_ABORT,
  TIMELINE_FIELDS,
} from "../block-stm/timeline.js";
import type { BlockProfileData } from "../parallel/profile-data.js";
import type { ParallelBlockStats } from "../parallel/stats.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { writeAdvice } from "./advice.js";
import type { ContractBook } from "./contracts.js";
import { addressHex, Namer, selectorOf } from "./describe.js";
import { DependencyGraph, type EdgeFilter, round } from "./graph.js";
import { mappingPath, PreimageIndex } from "./preimages.js";
import {
  type AdviceJson,
  type BlockProfile,
  type ContractJson,
  type EdgeJson,
  type GainJson,
  type HotContractJson,
  type HotLocationJson,
  PROFILE_SCHEMA,
  type ThreadJson,
  type TimelineEventJson,
  type TimelineKind,
} from "./types.js";

export const MAX_HOT_LOCATIONS = 20;
export const MAX_HOT_CONTRACTS = 10;
/** Instances a hot contract's traffic is spread over in the "route across instances" simulation. */
export const SPLIT_INSTANCES = 4;

export interface ProfileInput {
  data: BlockProfileData;
  block: Block;
  result: BlockResult;
  stats: ParallelBlockStats;
  fork?: string;
  /** Runtime code hash (0x-hex) of an account that has code (before or after the block). */
  codeHashOf: (address: bigint) => string | undefined;
}

const KIND_NAMES: Record<number, TimelineKind> = {
  [EVENT_EXECUTE]: "execute",
  [EVENT_DEPENDENCY]: "dependency",
  [EVENT_VALIDATE]: "validate",
  [EVENT_VALIDATE_ABORT]: "abort",
  [EVENT_IDLE]: "idle",
};

function threadsJson(data: BlockProfileData): ThreadJson[] {
  const threads = data.timeline?.threads ?? [];
  return threads.map((events) => {
    const out: TimelineEventJson[] = [];
    let executions = 0;
    let reExecutions = 0;
    let validations = 0;
    for (let p = 0; p + TIMELINE_FIELDS <= events.length; p += TIMELINE_FIELDS) {
      const kind = KIND_NAMES[events[p]!] ?? "idle";
      const e: TimelineEventJson = {
        kind,
        tx: events[p + 1]!,
        incarnation: events[p + 2]!,
        start: round(events[p + 3]!, 4),
        end: round(events[p + 4]!, 4),
      };
      if (kind === "dependency") e.blocker = events[p + 5]!;
      if (kind === "execute" || kind === "dependency") {
        executions++;
        if (e.incarnation > 0) reExecutions++;
      }
      if (kind === "validate" || kind === "abort") validations++;
      out.push(e);
    }
    return { executions, reExecutions, validations, events: out };
  });
}

/** Longest chain (ms) through the given edges alone (indexes in ascending order = ascending target). */
function chainThrough(graph: DependencyGraph, edges: readonly number[]): number {
  const best = new Map<number, number>();
  let longest = 0;
  for (const e of edges) {
    const from = graph.edgeFrom[e]!;
    const to = graph.edgeTo[e]!;
    const value = (best.get(from) ?? graph.execMs[from]!) + graph.execMs[to]!;
    if (value > (best.get(to) ?? 0)) best.set(to, value);
    if (value > longest) longest = value;
  }
  return longest;
}

function endpoints(graph: DependencyGraph, edges: readonly number[]): number {
  const txs = new Set<number>();
  for (const e of edges) {
    txs.add(graph.edgeFrom[e]!);
    txs.add(graph.edgeTo[e]!);
  }
  return txs.size;
}

/** Keeps the edges that have a location outside `removed`. */
function without(graph: DependencyGraph, removed: (loc: number) => boolean): EdgeFilter {
  return (e) => graph.edgeLocations[e]!.some((loc) => !removed(loc));
}

function union(lists: Iterable<readonly number[]>): number[] {
  const set = new Set<number>();
  for (const list of lists) for (const e of list) set.add(e);
  return [...set].sort((a, b) => a - b);
}

export function analyzeProfile(input: ProfileInput, book?: ContractBook): BlockProfile {
  const { data, block, result, stats } = input;
  const txs = block.transactions;
  const n = txs.length;
  const deps = data.dependencies;
  const graph = new DependencyGraph(data.execMs, deps.reader, deps.writer, deps.location);
  const preimages = PreimageIndex.fromRecorded(data.preimages);
  const codeHashes = new Map<string, string | undefined>();
  const codeHashOf = (address: string): string | undefined => {
    if (!codeHashes.has(address)) codeHashes.set(address, input.codeHashOf(BigInt(address)));
    return codeHashes.get(address);
  };
  const coinbase = addressHex(block.header.coinbase);
  const namer = new Namer(book, preimages, codeHashOf, coinbase);
  const describe = (loc: number) => namer.describe(data.locations[loc]!);
  const cp = graph.criticalPath();
  const boundOf = (keep?: EdgeFilter): { ms: number; bound: ReturnType<DependencyGraph["speedupBound"]> } => {
    const ms = keep === undefined ? cp.ms : graph.criticalPath(keep).ms;
    return { ms, bound: graph.speedupBound(ms) };
  };
  const gain = (what: string, keep: EdgeFilter): GainJson => {
    const { ms, bound } = boundOf(keep);
    return { what, criticalPathMs: round(ms, 4), speedupBound: bound };
  };
  /** The gain on a rebuilt graph (same transactions and times, other dependencies). */
  const graphGain = (what: string, g: DependencyGraph): GainJson => {
    const ms = g.criticalPath().ms;
    return { what, criticalPathMs: round(ms, 4), speedupBound: graph.speedupBound(ms) };
  };

  // ----- edges -----
  const edgeCountOf = (loc: number) => graph.locationEdges.get(loc)?.length ?? 0;
  const edges: EdgeJson[] = [];
  for (let e = 0; e < graph.edgeCount; e++) {
    const locs = [...graph.edgeLocations[e]!].sort((a, b) => edgeCountOf(b) - edgeCountOf(a) || a - b);
    edges.push({
      from: graph.edgeFrom[e]!,
      to: graph.edgeTo[e]!,
      location: describe(locs[0]!),
      locations: locs.map(describe),
    });
  }

  /** The address a storage location is a mapping entry of (its outermost key), when it is one. */
  const keyedBy = (l: number): bigint | undefined => {
    const o = data.locations[l]!;
    if (o.kind !== "storage") return undefined;
    const key = mappingPath(o.slot, preimages)?.keys[0];
    return key !== undefined && key.length === 32 ? bytesToBigInt(key) : undefined;
  };

  // ----- hot contracts (accounts with code, by their own state) -----
  const byAddress = new Map<bigint, number[]>();
  for (const loc of graph.locationEdges.keys()) {
    const a = data.locations[loc]!.address;
    const list = byAddress.get(a);
    if (list === undefined) byAddress.set(a, [loc]);
    else list.push(loc);
  }
  const contractRanks = [...byAddress.entries()]
    .filter(([a]) => codeHashOf(addressHex(a)) !== undefined)
    .map(([address, locs]) => {
      const list = union(locs.map((l) => graph.locationEdges.get(l)!));
      return { address, locs, list, chainMs: chainThrough(graph, list) };
    })
    .sort(
      (a, b) => b.chainMs - a.chainMs || b.list.length - a.list.length || (a.address < b.address ? -1 : 1),
    );
  const hotContracts: HotContractJson[] = contractRanks.slice(0, MAX_HOT_CONTRACTS).map((c) => {
    const address = addressHex(c.address);
    const own = new Set(c.locs);
    const removedCp = graph.criticalPath(without(graph, (l) => own.has(l))).ms;
    // Related state: the contract's own locations and mapping entries keyed by its address elsewhere (a pool's
    // balances in its tokens), which would also be per instance.
    const related = (l: number) => own.has(l) || keyedBy(l) === c.address;
    const routed = routedGraph(graph, related, (tx) => txs[tx]!.sender);
    // Mostly entries keyed by another hot contract (a token's balances of a pool): that contract's traffic.
    const hotAddresses = new Set(contractRanks.slice(0, MAX_HOT_CONTRACTS).map((r) => r.address));
    let keyedEdges = 0;
    const owners = new Map<bigint, number>();
    for (const e of c.list) {
      const keys = graph.edgeLocations[e]!.filter((l) => own.has(l)).map(keyedBy);
      const k = keys[0];
      if (k !== undefined && k !== c.address && hotAddresses.has(k) && keys.every((x) => x === k)) {
        keyedEdges++;
        owners.set(k, (owners.get(k) ?? 0) + 1);
      }
    }
    const busiest = [...owners].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
    const follows = busiest !== undefined && keyedEdges * 2 > c.list.length ? busiest : undefined;
    const hot: HotContractJson = {
      address,
      edges: c.list.length,
      txs: endpoints(graph, c.list),
      locations: c.locs.length,
      chainMs: round(c.chainMs, 4),
      criticalPathMs: round(cp.ms - removedCp, 4),
      advice: {
        pattern: follows === undefined ? "hot-contract" : "follows-contract",
        text: "",
        ...(follows === undefined
          ? {
              gain: graphGain(
                `its users routed across ${SPLIT_INSTANCES} instances (round-robin by sender)`,
                routed,
              ),
            }
          : {}),
      },
    };
    if (follows !== undefined) hot.advice.related = addressHex(follows);
    const name = namer.contractName(address);
    if (name !== undefined) hot.name = name;
    return hot;
  });
  const hotContractSet = new Set(hotContracts.map((h) => BigInt(h.address)));

  // ----- hot locations -----
  const byChain = [...graph.locationEdges.entries()]
    .map(([loc, list]) => ({ loc, list, chainMs: chainThrough(graph, list) }))
    .sort((a, b) => b.chainMs - a.chainMs || b.list.length - a.list.length || a.loc - b.loc);
  const hotLocations: HotLocationJson[] = byChain
    .slice(0, MAX_HOT_LOCATIONS)
    .map(({ loc, list, chainMs }) => {
      const raw = data.locations[loc]!;
      const writers = data.writers[loc]?.length ?? 0;
      const removedCp = graph.criticalPath(without(graph, (l) => l === loc)).ms;
      let advice: AdviceJson;
      if (raw.kind === "nonce") {
        // A sender chain: the sender's account fields together.
        const own = (l: number) => {
          const o = data.locations[l]!;
          return o.address === raw.address && o.kind !== "storage" && o.delta === undefined;
        };
        advice = {
          pattern: "sender-chain",
          text: "",
          gain: gain("each of these transactions from its own sender", without(graph, own)),
        };
      } else {
        const keys = raw.kind === "storage" ? mappingPath(raw.slot, preimages) : undefined;
        const removal = cp.ms - removedCp;
        const key = keyedBy(loc);
        // State of a hot contract that other locations also carry (a pool's reserves and its token balances):
        // removing it alone gains little, and the contract's advice is the one that applies.
        const owner =
          key !== undefined && hotContractSet.has(key)
            ? key
            : raw.kind === "storage" && hotContractSet.has(raw.address) && removal < 0.05 * chainMs
              ? raw.address
              : undefined;
        const pattern =
          raw.delta !== undefined
            ? "balance-credits"
            : raw.kind !== "storage"
              ? "hot-balance"
              : owner !== undefined
                ? "contract-state"
                : keys !== undefined
                  ? "hot-entry"
                  : writers * 2 >= n
                    ? "global-counter"
                    : "shared-slot";
        const what =
          pattern === "global-counter"
            ? "the counter as per-user slots or a commutative delta: no dependency through it"
            : "no dependency through this location";
        advice = {
          pattern,
          text: "",
          gain: gain(
            what,
            without(graph, (l) => l === loc),
          ),
        };
        if (owner !== undefined) advice.related = addressHex(owner);
      }
      return {
        location: describe(loc),
        edges: list.length,
        txs: endpoints(graph, list),
        writers,
        chainMs: round(chainMs, 4),
        criticalPathMs: round(cp.ms - removedCp, 4),
        advice,
      };
    });

  // ----- transactions, contracts -----
  const transactions = txs.map((tx, i) => {
    const to = tx.to === undefined ? null : addressHex(tx.to);
    const t: BlockProfile["transactions"][number] = {
      index: i,
      from: addressHex(tx.sender),
      to,
      gasUsed: Number(result.receipts[i]?.gasUsed ?? 0n),
      execMs: round(data.execMs[i] ?? 0, 4),
      incarnation: data.incarnations[i] ?? 0,
    };
    const selector = selectorOf(tx.data);
    if (selector !== undefined && to !== null) {
      t.selector = selector;
      const fn = namer.functionName(to, selector);
      if (fn !== undefined) t.function = fn;
    }
    return t;
  });
  const contractSet = new Set<string>();
  for (const t of transactions) if (t.to !== null) contractSet.add(t.to);
  for (const l of graph.locationEdges.keys()) contractSet.add(addressHex(data.locations[l]!.address));
  const contracts: ContractJson[] = [];
  for (const address of [...contractSet].sort()) {
    const codeHash = codeHashOf(address);
    if (codeHash === undefined) continue;
    const c: ContractJson = { address, codeHash };
    const name = namer.contractName(address);
    if (name !== undefined) c.name = name;
    contracts.push(c);
  }

  const slots: bigint[] = [];
  for (const l of graph.locationEdges.keys()) {
    const o = data.locations[l]!;
    if (o.kind === "storage") slots.push(o.slot);
  }
  const notes: string[] = [];
  if (data.droppedPreimages > 0)
    notes.push(
      `${data.droppedPreimages} keccak preimages did not fit the recorder; some slots may stay undecoded`,
    );
  const profile: BlockProfile = {
    schema: PROFILE_SCHEMA,
    block: {
      number: block.header.number.toString(),
      gasUsed: result.gasUsed.toString(),
      timestamp: block.header.timestamp.toString(),
      coinbase,
      ...(input.fork === undefined ? {} : { fork: input.fork }),
    },
    txs: n,
    threads: data.threads,
    stats: {
      executions: stats.executions,
      reExecutions: stats.reExecutions,
      validations: stats.validations,
      validationAborts: stats.validationAborts,
      dependencyWaits: stats.dependencyWaits,
      phaseMs: round(data.phaseMs, 3),
      workMs: round(graph.workMs, 3),
      dependentTxs: graph.incoming.filter((list) => list.length > 0).length,
    },
    transactions,
    edges,
    criticalPath: { txs: cp.txs, ms: round(cp.ms, 4) },
    speedupBound: graph.speedupBound(cp.ms),
    speedupSimulated: graph.speedupSimulated(),
    hotLocations,
    hotContracts,
    advice: [],
    timeline: { phaseMs: round(data.phaseMs, 3), threads: threadsJson(data) },
    contracts,
    keccakPreimages: preimages.subsetFor(slots),
    notes,
  };
  writeAdvice(profile);
  return profile;
}

/**
 * The "route across instances" simulation of a hot contract: its users are dealt round-robin (by sender, in
 * order of first appearance) to SPLIT_INSTANCES instances, each with its own copy of the contract's state
 * (`related` locations: its own and entries keyed by its address elsewhere, like a pool's token balances).
 * A user keeps one instance, so a transfer-in and the swap after it stay together. Dependencies through
 * that state are rebuilt per location and instance: a transaction that read a location now depends on the
 * previous transaction of its own instance on that location; dependencies through anything else are
 * kept. The transactions and their measured times are unchanged.
 */
export function routedGraph(
  graph: DependencyGraph,
  related: (location: number) => boolean,
  senderOf: (tx: number) => bigint,
): DependencyGraph {
  // Every transaction on a dependency through the related state (not only the contract's own locations: a
  // transfer into a pool chains through the pool's token balance).
  const touching = new Set<number>();
  for (let e = 0; e < graph.edgeCount; e++) {
    if (graph.edgeLocations[e]!.some(related)) {
      touching.add(graph.edgeFrom[e]!);
      touching.add(graph.edgeTo[e]!);
    }
  }
  const order = [...touching].sort((a, b) => a - b);
  const instanceOfSender = new Map<bigint, number>();
  const instance = new Map<number, number>();
  for (const tx of order) {
    const sender = senderOf(tx);
    let k = instanceOfSender.get(sender);
    if (k === undefined) {
      k = instanceOfSender.size % SPLIT_INSTANCES;
      instanceOfSender.set(sender, k);
    }
    instance.set(tx, k);
  }
  const reader: number[] = [];
  const writer: number[] = [];
  const location: number[] = [];
  /** Per related location, the transactions on its edges and which of them read it (edge targets). */
  const perLocation = new Map<number, { txs: Set<number>; readers: Set<number> }>();
  for (let e = 0; e < graph.edgeCount; e++) {
    const from = graph.edgeFrom[e]!;
    const to = graph.edgeTo[e]!;
    for (const l of graph.edgeLocations[e]!) {
      if (related(l)) {
        let entry = perLocation.get(l);
        if (entry === undefined) {
          entry = { txs: new Set(), readers: new Set() };
          perLocation.set(l, entry);
        }
        entry.txs.add(from);
        entry.txs.add(to);
        entry.readers.add(to);
        continue;
      }
      reader.push(to);
      writer.push(from);
      location.push(l);
    }
  }
  // Per location and instance, each reader after the previous transaction of that instance on the location.
  for (const [l, { txs, readers }] of perLocation) {
    const last = new Array<number>(SPLIT_INSTANCES).fill(-1);
    for (const tx of [...txs].sort((a, b) => a - b)) {
      const k = instance.get(tx)!;
      if (readers.has(tx) && last[k]! >= 0) {
        reader.push(tx);
        writer.push(last[k]!);
        location.push(l);
      }
      last[k] = tx;
    }
  }
  return new DependencyGraph(graph.execMs, reader, writer, location);
}
