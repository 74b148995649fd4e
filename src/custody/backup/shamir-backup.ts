// Shamir backup of one signer: its identity key and key share (with the public group and roster) are
// serialised and split m-of-k with shamir-secret-sharing (GF(256) Shamir over the bytes). Each piece is
// written to its own file, sealed under a passphrase with its own keystore (scrypt + AES-GCM), so a piece
// at rest is neither plaintext nor, below m pieces, information about the secret. Restoring combines m
// pieces, checks the share against the group's verifying share and the identity against the roster, and
// writes a fresh signer store. Pieces name their signer, group key and epoch: a refresh makes older
// backups useless (their share is of an older epoch), so back up again after each refresh.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { combine, split } from "shamir-secret-sharing";
import { CustodyError } from "../errors.js";
import { checkShare } from "../frost/keys.js";
import { writeFileAtomic } from "../store/atomic-file.js";
import { Keystore, type Sealed } from "../store/keystore.js";
import { type KeyRecord, SignerStore } from "../store/signer-store.js";

interface BackupPayload {
  index: number;
  identitySecret: string;
  record: KeyRecord;
  /** The coordinator key the signer obeys (public, restored with it). */
  coordinator?: string;
}

interface PieceFile {
  version: 1;
  signer: number;
  groupKey: string;
  epoch: number;
  threshold: number;
  pieces: number;
  piece: number;
  sealed: Sealed;
}

function purpose(f: { signer: number; groupKey: string; epoch: number; piece: number }): string {
  return `backup:${f.signer}:${f.groupKey}:${f.epoch}:${f.piece}`;
}

/** Splits signer `store`'s secrets into `pieces` files under outDir, any `threshold` of which restore it. */
export async function backupSigner(
  store: SignerStore,
  outDir: string,
  pieces: number,
  threshold: number,
  passphrase: string,
  kdfLogN?: number,
): Promise<string[]> {
  if (threshold < 2 || threshold > pieces || pieces > 255)
    throw new CustodyError(`invalid backup split ${threshold}-of-${pieces}`);
  const record = store.key();
  if (record === undefined) throw new CustodyError(`signer ${store.index} holds no key share to back up`);
  const coordinator = store.coordinatorKey();
  const payload: BackupPayload = {
    index: store.index,
    identitySecret: bytesToHex(store.identityKey),
    record,
    ...(coordinator === undefined ? {} : { coordinator }),
  };
  const secret = utf8ToBytes(JSON.stringify(payload));
  const parts = await split(secret, pieces, threshold);
  secret.fill(0);
  const paths: string[] = [];
  for (let k = 0; k < parts.length; k++) {
    const dir = join(outDir, `signer-${store.index}-piece-${k + 1}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const ks = Keystore.open(dir, passphrase, kdfLogN);
    const meta = {
      signer: store.index,
      groupKey: record.group.commitments[0]!,
      epoch: record.group.epoch,
      piece: k + 1,
    };
    const file: PieceFile = {
      version: 1,
      ...meta,
      threshold,
      pieces,
      sealed: ks.seal(parts[k]!, purpose(meta)),
    };
    ks.close();
    parts[k]!.fill(0);
    const path = join(dir, "piece.json");
    writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
    paths.push(dir);
  }
  return paths;
}

/** Rebuilds signer `index` into the empty directory `dir` from piece directories. */
export async function restoreSigner(
  dir: string,
  pieceDirs: string[],
  passphrase: string,
  kdfLogN?: number,
): Promise<SignerStore> {
  const opened: { file: PieceFile; piece: Uint8Array }[] = [];
  for (const pdir of pieceDirs) {
    const path = join(pdir, "piece.json");
    if (!existsSync(path)) throw new CustodyError(`${pdir} holds no backup piece`);
    const file = JSON.parse(readFileSync(path, "utf8")) as PieceFile;
    const ks = Keystore.open(pdir, passphrase);
    opened.push({ file, piece: ks.open(file.sealed, purpose(file)) });
    ks.close();
  }
  const first = opened[0]?.file;
  if (first === undefined) throw new CustodyError("no backup pieces given");
  for (const { file } of opened) {
    if (file.signer !== first.signer || file.groupKey !== first.groupKey || file.epoch !== first.epoch) {
      throw new CustodyError("backup pieces belong to different signers, keys or epochs");
    }
  }
  if (new Set(opened.map((o) => o.file.piece)).size !== opened.length)
    throw new CustodyError("a backup piece is given twice");
  if (opened.length < first.threshold)
    throw new CustodyError(`need ${first.threshold} of ${first.pieces} backup pieces, got ${opened.length}`);
  const secret = await combine(opened.map((o) => o.piece));
  let payload: BackupPayload;
  try {
    payload = JSON.parse(new TextDecoder().decode(secret)) as BackupPayload;
  } catch {
    throw new CustodyError("backup pieces do not combine (corrupt or mismatched pieces)");
  } finally {
    secret.fill(0);
  }
  checkShare(payload.record.group, payload.record.share);
  const identity = hexToBytes(payload.identitySecret);
  if (payload.record.roster[String(payload.index)] !== bytesToHex(schnorr.getPublicKey(identity))) {
    throw new CustodyError("restored identity key is not the one in the roster");
  }
  const store = SignerStore.restore(dir, passphrase, payload.index, identity, payload.record, kdfLogN);
  if (payload.coordinator !== undefined) store.pinCoordinator(payload.coordinator);
  return store;
}
