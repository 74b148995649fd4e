// A shard's execution thread: a replica of the shard's head state on which its superblock blocks are built
// (block-run.ts), with the live port blocking this thread during cross-shard calls so the host's event loop
// keeps routing. Commands come in order from the host: reset, begin (deliver + local phase), session (one
// cross-shard transaction of this shard), seal (finish, replay against the transcript, witness), commit or
// abort. A call from another shard that arrives while this thread is idle starts a serve transaction.
import { type MessagePort, workerData } from "node:worker_threads";
import { encodeHeader } from "../../block/header.js";
import type { BlockHeader } from "../../block/types.js";
import { errorToMessage, stateFromMessage } from "../../node/workers/state-transfer.js";
import { bytesEqual, bytesToBigInt, bytesToHex } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { privateKeyToAddress } from "../../primitives/secp256k1.js";
import type { InMemoryState } from "../../state/memory-state.js";
import type { SignedTransaction } from "../../tx/codec/types.js";
import { generateWitness } from "../../witness/generate.js";
import { shardChain } from "../chain.js";
import { messageRoot, sentMessages } from "../outbox.js";
import { replayWithTranscript } from "../replay.js";
import { transcriptHash } from "../transcript.js";
import { ShardBlockRun } from "./block-run.js";
import { LivePort, SuperblockAborted } from "./live-port.js";
import type {
  BeginResult,
  ExecutorInit,
  HostToWorker,
  SealOutput,
  SessionResult,
  WorkerToHost,
} from "./messages.js";
import { sealHeader } from "./seal-header.js";

const { spec, operatorKey, port, flag } = workerData as ExecutorInit & {
  port: MessagePort;
  flag: Int32Array;
};
const chain = shardChain(spec);
const operator = privateKeyToAddress(operatorKey);
const post = (m: WorkerToHost) => port.postMessage(m);
const live = new LivePort(port, flag, post);

let head: InMemoryState | undefined;
/** Recent headers (BLOCKHASH and the witness's ancestors), by hash and by number. */
const headersByHash = new Map<string, BlockHeader>();
const hashByNumber = new Map<bigint, bigint>();
let run: { k: number; block: ShardBlockRun; cross: Map<string, SignedTransaction> } | undefined;
let sealed: { k: number; output: SealOutput } | undefined;

function rememberHeader(header: BlockHeader): void {
  const hash = keccak256(encodeHeader(header));
  headersByHash.set(bytesToHex(hash), header);
  hashByNumber.set(header.number, bytesToBigInt(hash));
  const old = header.number - 300n;
  for (const [n] of hashByNumber) if (n < old) hashByNumber.delete(n);
  if (headersByHash.size > 600) {
    for (const [h, hd] of headersByHash) if (hd.number < old) headersByHash.delete(h);
  }
}

const blockHash = (n: bigint) => hashByNumber.get(n) ?? 0n;

function reply(id: number, value: unknown): void {
  post({ type: "reply", id, ok: true, value });
}

function current(k: number) {
  if (run === undefined || run.k !== k) throw new Error(`superblock ${k} is not being built here`);
  return run;
}

function begin(m: Extract<HostToWorker, { type: "begin" }>): BeginResult {
  if (head === undefined) throw new Error("the execution thread has no state");
  run = {
    k: m.k,
    block: new ShardBlockRun(chain, m.header, head, blockHash, operatorKey, operator),
    cross: new Map(),
  };
  sealed = undefined;
  const block = run.block;
  block.deliver(m.ops);
  const out: BeginResult = { cross: [], included: 0, dropped: [], deferred: [], gasUsed: 0n };
  const crossSenders = new Set<bigint>();
  const held = new Set<bigint>();
  for (const signed of m.txs) {
    const sender = signed.tx.sender;
    const hash = bytesToHex(signed.hash);
    if (held.has(sender)) {
      out.deferred.push(hash);
      continue;
    }
    // A sender's later transactions follow its first cross-shard one into the cross-shard phase (nonces).
    const outcome = crossSenders.has(sender) ? { kind: "escaped" as const } : block.local(signed);
    if (outcome.kind === "included") out.included++;
    else if (outcome.kind === "escaped") {
      crossSenders.add(sender);
      out.cross.push(hash);
      run.cross.set(hash, signed);
    } else {
      held.add(sender);
      if (outcome.kind === "dropped") out.dropped.push({ hash, reason: outcome.reason });
      else out.deferred.push(hash);
    }
  }
  out.gasUsed = block.gasUsed;
  return out;
}

function session(m: Extract<HostToWorker, { type: "session" }>): SessionResult {
  const r = current(m.k);
  const signed = r.cross.get(m.txHash);
  if (signed === undefined)
    throw new Error(`transaction ${m.txHash} is not in this shard's cross-shard phase`);
  return { outcome: r.block.cross(signed, live) };
}

function serve(m: Extract<HostToWorker, { type: "inbound" }>): void {
  try {
    if (run === undefined) throw new Error("a cross-shard call arrived while no block is being built");
    live.pending.push(m);
    const status = run.block.serve(m.index, live);
    post({ type: "served", index: m.index, status });
  } catch (e) {
    live.pending.length = 0;
    run = undefined;
    post({ type: "served", index: m.index, error: errorToMessage(e) });
  }
}

function seal(m: Extract<HostToWorker, { type: "seal" }>): SealOutput {
  const r = current(m.k);
  if (head === undefined) throw new Error("the execution thread has no state");
  const started = performance.now();
  const result = r.block.finish();
  const transactions = r.block.transactions;
  const header = sealHeader(
    r.block.header,
    result,
    transactions.map((t) => t.raw),
    transcriptHash(m.transcript),
  );
  const block = { header, transactions: transactions.map((t) => t.tx), withdrawals: [] };
  // Replay the block as a verifier will (against the transcript alone) and record its witness.
  const replayed = replayWithTranscript(
    chain,
    header,
    m.transcript,
    transactions.map((t) => t.hash),
    transactions.map((t) => t.tx.sender),
    () => {
      const g = generateWitness(block, head!, chain.config, {
        blockHash,
        headerByHash: (h) => headersByHash.get(bytesToHex(h)),
      });
      return { ...g, receipts: g.result.receipts };
    },
  );
  const again = replayed.result;
  if (
    !bytesEqual(again.stateRoot, result.stateRoot) ||
    !bytesEqual(again.receiptsRoot, result.receiptsRoot) ||
    again.gasUsed !== result.gasUsed
  ) {
    throw new Error(
      `shard ${spec.shardId} block ${header.number}: the replay differs from the live execution`,
    );
  }
  const messages = sentMessages(spec.shardId, result.receipts);
  const output: SealOutput = {
    header,
    hash: keccak256(encodeHeader(header)),
    result,
    transactions,
    witness: replayed.witness,
    messages,
    messageRoot: messageRoot(messages),
    replayMs: performance.now() - started,
  };
  sealed = { k: m.k, output };
  return output;
}

function commit(m: Extract<HostToWorker, { type: "commit" }>): void {
  if (sealed === undefined || sealed.k !== m.k || head === undefined) {
    throw new Error(`superblock ${m.k} is not sealed here`);
  }
  head.applyDiff(sealed.output.result.diff);
  rememberHeader(sealed.output.header);
  sealed = undefined;
  run = undefined;
}

port.on("message", (m: HostToWorker) => {
  switch (m.type) {
    case "inbound":
      serve(m);
      return;
    case "abort":
      if (run?.k === m.k || sealed?.k === m.k) {
        run = undefined;
        sealed = undefined;
      }
      return;
    case "ret":
    case "end":
      // Stale routing after an abort: the call it answered was unwound already.
      return;
  }
  try {
    switch (m.type) {
      case "reset":
        head = stateFromMessage(m.accounts);
        headersByHash.clear();
        hashByNumber.clear();
        for (const h of m.headers) rememberHeader(h);
        run = undefined;
        sealed = undefined;
        reply(m.id, null);
        break;
      case "begin":
        reply(m.id, begin(m));
        break;
      case "session":
        reply(m.id, session(m));
        break;
      case "seal":
        reply(m.id, seal(m));
        break;
      case "commit":
        commit(m);
        reply(m.id, null);
        break;
    }
  } catch (e) {
    if (e instanceof SuperblockAborted || m.type !== "reset") {
      run = undefined;
      sealed = undefined;
    }
    post({ type: "reply", id: m.id, ok: false, error: errorToMessage(e) });
  }
});
