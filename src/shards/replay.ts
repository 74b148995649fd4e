// Replaying a sealed shard block against its superblock's transcript: the shard's self-check when it seals
// a block (generating the witness on the way) and a verifier's stateless re-execution both run the block
// through executeBlock with the cross-shard precompile answering from the transcript (player.ts), then
// check what executeBlock cannot see: the header commits to this transcript, every session of the shard was
// replayed in full, and each session's recorded status is its origin transaction's receipt status.
import type { BlockHeader, Receipt } from "../block/types.js";
import { bytesEqual, bytesToHex } from "../primitives/hex.js";
import type { ShardChain } from "./chain.js";
import { TranscriptPlayer } from "./player.js";
import { type Transcript, TranscriptError, transcriptHash } from "./transcript.js";

/**
 * Runs `execute` (which executes the block under `chain.config`) with `chain`'s precompile replaying
 * `transcript` as shard `shardId`, and checks the shard's side of the transcript against the result.
 * `txHashes[i]` and `senders[i]` are the block's transaction i's hash and sender.
 */
export function replayWithTranscript<T extends { receipts: Receipt[] }>(
  chain: ShardChain,
  header: BlockHeader,
  transcript: Transcript,
  txHashes: readonly Uint8Array[],
  senders: readonly bigint[],
  execute: () => T,
): T {
  const shard = chain.precompile.config.shardId;
  const expected = transcriptHash(transcript);
  if (!bytesEqual(header.extraData, expected)) {
    throw new TranscriptError(
      `shard ${shard} block ${header.number}: extraData ${bytesToHex(header.extraData)} is not the transcript's hash ${bytesToHex(expected)}`,
    );
  }
  const player = new TranscriptPlayer(transcript, shard);
  chain.precompile.reset(player);
  const out = execute();
  player.finish();
  for (const session of player.replayedOrigins) {
    const i = txHashes.findIndex((h) => bytesEqual(h, session.txHash));
    if (i < 0 || senders[i] !== session.sender) {
      throw new TranscriptError(`shard ${shard}: a session's origin transaction is not in the block`);
    }
    if (out.receipts[i]?.status !== session.status) {
      throw new TranscriptError(`shard ${shard}: transaction ${i}'s status differs from its session's`);
    }
  }
  return out;
}
