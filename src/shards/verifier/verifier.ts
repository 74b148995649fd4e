// Verifiers: what the L1 waits for before it finalizes superblocks. A Verifier checks, in order, every
// superblock the L1 has committed up to k, and approves the digest ShardHub will check (digest(k) binds the
// hub and the whole hash chain up to k). StatelessVerifier re-executes each shard block from what the
// shard publishes (lanes_getSuperblock: header, transactions, transcript, witness), trusting none of it:
//   - the block extends the last block it verified for that shard, and its witness hashes as published;
//   - executeBlock over the witness alone (src/witness) gives the header's roots, with the cross-shard calls
//     replayed from the superblock's transcript (which every shard's header commits to, the same for all);
//   - the messages it sent (recomputed from its receipts) give its message root;
//   - each deposit it delivered is the one ShardHub recorded under that nonce; each message it delivered
//     was sent to it by another shard in the previous superblock (as this verifier re-executed it);
//   - the hash chain of the blocks it verified is the one ShardHub holds for k.
// Anything else is a refusal with reasons. A validity-proof verifier would implement the same interface.
import { decodeHeader, encodeHeader } from "../../block/header.js";
import { bytesEqual, bytesToHex, hexToBytes } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { decodeSignedTransaction } from "../../tx/codec/signed.js";
import { verifyBlockStateless } from "../../witness/verify.js";
import { decodeTuple, selector } from "../abi.js";
import { CROSS_SHARD_ADDRESS } from "../addresses.js";
import { type ShardSpec, shardChain } from "../chain.js";
import type { HubClient } from "../l1/hub-client.js";
import type { JsonRpcClient } from "../l1/json-rpc.js";
import { type SuperblockRoots, superblockDigest, superblockHash } from "../l1/superblock-hash.js";
import { messageRoot, sentMessages } from "../outbox.js";
import { replayWithTranscript } from "../replay.js";
import { decodeSystemOps, depositId, messageId, type ShardMessage } from "../system-ops.js";
import { decodeTranscript } from "../transcript.js";
import { decodeWitness } from "../witness-codec.js";

export interface Verdict {
  ok: boolean;
  /** Superblock the verdict is about (the highest checked). */
  k: number;
  /** What the verifier approves (digest(k) as ShardHub computes it), when ok. */
  digest?: Uint8Array;
  reasons: string[];
}

export interface Verifier {
  readonly name: string;
  /** Checks every committed superblock up to k it has not checked yet; approves digest(k) only if all hold. */
  verifyUpTo(k: number): Promise<Verdict>;
}

interface ShardView {
  blockHash: Uint8Array;
  stateRoot: Uint8Array;
}

interface SuperblockData {
  blockHash: string;
  header: string;
  transactions: string[];
  transcript: string;
  witness: string;
  witnessHash: string;
  messageRoot: string;
}

const DELIVER = selector("deliver(bytes)");

export interface StatelessVerifierOptions {
  name: string;
  hub: HubClient;
  l1ChainId: bigint;
  /** Each shard's JSON-RPC (untrusted: everything fetched is checked). */
  shards: JsonRpcClient[];
  specs: ShardSpec[];
}

export class StatelessVerifier implements Verifier {
  readonly name: string;
  private checked = -1;
  private chainHash: Uint8Array = new Uint8Array(32);
  private views: ShardView[] = [];
  /** Messages sent to each shard in the last checked superblock (delivered in the next one). */
  private inbound = new Map<number, Map<string, ShardMessage>>();

  constructor(readonly options: StatelessVerifierOptions) {
    this.name = options.name;
  }

  /** Starts from the genesis ShardHub registered (superblock 0). */
  private async start(): Promise<void> {
    const { hub, specs } = this.options;
    this.views = [];
    for (let s = 0; s < specs.length; s++) {
      this.views.push({ blockHash: await hub.blockHash(0, s), stateRoot: await hub.stateRoot(0, s) });
    }
    this.chainHash = await hub.superblockHash(0);
    this.checked = 0;
  }

  async verifyUpTo(k: number): Promise<Verdict> {
    if (this.checked < 0) await this.start();
    for (let j = this.checked + 1; j <= k; j++) {
      const reasons = await this.verifyOne(j);
      if (reasons.length > 0) return { ok: false, k: j, reasons };
    }
    if (k < this.checked) {
      return { ok: false, k, reasons: [`superblock ${k} is behind the verified chain (${this.checked})`] };
    }
    const o = this.options;
    return { ok: true, k, digest: superblockDigest(o.l1ChainId, o.hub.hub, k, this.chainHash), reasons: [] };
  }

  /** Checks superblock k; on success advances this verifier's view. Returns the reasons it fails. */
  private async verifyOne(k: number): Promise<string[]> {
    const { specs, shards, hub } = this.options;
    const reasons: string[] = [];
    const roots: SuperblockRoots = { blockHashes: [], stateRoots: [], messageRoots: [], witnessHashes: [] };
    const views: ShardView[] = [];
    const nextInbound = new Map<number, Map<string, ShardMessage>>();
    let transcriptCommitment: Uint8Array | undefined;
    for (let s = 0; s < specs.length; s++) {
      const fail = (why: string) => reasons.push(`shard ${s} block ${k}: ${why}`);
      let data: SuperblockData | null;
      try {
        data = await shards[s]!.call<SuperblockData | null>("lanes_getSuperblock", [k]);
      } catch (e) {
        fail(`unavailable (${(e as Error).message})`);
        continue;
      }
      if (data === null) {
        fail("the shard does not have it");
        continue;
      }
      try {
        const headerRlp = hexToBytes(data.header);
        const header = decodeHeader(headerRlp);
        const blockHash = keccak256(encodeHeader(header));
        if (!bytesEqual(blockHash, hexToBytes(data.blockHash)) || header.number !== BigInt(k)) {
          fail("the header is not the block published");
          continue;
        }
        if (!bytesEqual(header.parentHash, this.views[s]!.blockHash)) {
          fail("it does not extend the last verified block");
          continue;
        }
        if (transcriptCommitment === undefined) transcriptCommitment = header.extraData;
        else if (!bytesEqual(transcriptCommitment, header.extraData)) {
          fail("its transcript is not the other shards'");
          continue;
        }
        const witnessBytes = hexToBytes(data.witness);
        const witnessHash = keccak256(witnessBytes);
        if (!bytesEqual(witnessHash, hexToBytes(data.witnessHash))) {
          fail("the witness does not hash to the published witness hash");
          continue;
        }
        const witness = decodeWitness(witnessBytes);
        const transcript = decodeTranscript(hexToBytes(data.transcript));
        const spec = specs[s]!;
        const txs = data.transactions.map((raw) =>
          decodeSignedTransaction(hexToBytes(raw), { chainId: spec.chainId }),
        );
        const block = { header, transactions: txs.map((t) => t.tx), withdrawals: [] };
        const chain = shardChain(spec);
        const verified = replayWithTranscript(
          chain,
          header,
          transcript,
          txs.map((t) => t.hash),
          txs.map((t) => t.tx.sender),
          () => {
            const r = verifyBlockStateless(block, witness, chain.config, {});
            return { ...r, receipts: r.result.receipts };
          },
        );
        if (!verified.ok) {
          fail(`re-execution differs: ${verified.mismatches.join("; ")}`);
          continue;
        }
        const sent = sentMessages(s, verified.receipts);
        const mRoot = messageRoot(sent);
        if (!bytesEqual(mRoot, hexToBytes(data.messageRoot))) fail("its message root is not its messages'");
        for (const m of sent) {
          if (m.toShard >= BigInt(specs.length)) continue; // to the L1: proven there
          const to = Number(m.toShard);
          const box = nextInbound.get(to) ?? new Map<string, ShardMessage>();
          box.set(bytesToHex(messageId(m)), m);
          nextInbound.set(to, box);
        }
        // What the sequencer delivered: real deposits, and messages sent to this shard one superblock ago.
        for (const t of txs) {
          if (t.tx.sender !== spec.operator || t.tx.to !== CROSS_SHARD_ADDRESS) continue;
          const d = t.tx.data;
          if (d.length < 4 || !bytesEqual(d.subarray(0, 4), DELIVER)) continue;
          const [payload] = decodeTuple(["bytes"], d.subarray(4)) as [Uint8Array];
          for (const op of decodeSystemOps(payload)) {
            if (op.type === "deposit") {
              const onL1 = await hub.depositId(op.deposit.nonce);
              if (!bytesEqual(onL1, depositId(op.deposit)))
                fail(`deposit ${op.deposit.nonce} is not ShardHub's`);
            } else if (!this.inbound.get(s)?.has(bytesToHex(messageId(op.message)))) {
              fail(`message ${op.message.nonce} from shard ${op.message.fromShard} was not sent to it`);
            }
          }
        }
        roots.blockHashes.push(blockHash);
        roots.stateRoots.push(verified.stateRoot);
        roots.messageRoots.push(mRoot);
        roots.witnessHashes.push(witnessHash);
        views.push({ blockHash, stateRoot: verified.stateRoot });
      } catch (e) {
        fail(`invalid: ${(e as Error).message}`);
      }
    }
    if (reasons.length > 0) return reasons;
    const hash = superblockHash(this.chainHash, k, roots);
    const onL1 = await hub.superblockHash(k);
    if (!bytesEqual(hash, onL1)) {
      return [
        `superblock ${k}: ShardHub's commitment (${bytesToHex(onL1)}) is not the shards' blocks (${bytesToHex(hash)})`,
      ];
    }
    this.chainHash = hash;
    this.views = views;
    this.inbound = nextInbound;
    this.checked = k;
    return [];
  }
}

/**
 * A byzantine verifier, for tests: approves whatever ShardHub holds without checking anything, and (in the
 * committee) signs garbage. The committee's threshold must make it harmless.
 */
export class GarbageVerifier implements Verifier {
  readonly name = "garbage";

  constructor(private readonly hub: HubClient) {}

  async verifyUpTo(k: number): Promise<Verdict> {
    return { ok: true, k, digest: await this.hub.digest(k), reasons: [] };
  }
}
