// A signer's directory. Public files are plain JSON; every secret is sealed by the keystore:
//   keystore.json      scrypt parameters and salt, sealed check value
//   identity.json      signer index, identity public key, sealed identity secret key
//   coordinator.json   the coordinator identity key this signer obeys (pinned at its first DKG)
//   share.json         the group (public), the roster of signer identity keys, the sealed signing share
//   pending.json       a refreshed/reshared share awaiting the coordinator's commit (two-phase switch)
//   nonces/<id>.json   sealed signing nonces of one open session; deleted before the share is released
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import type { GroupKey, SecretShare } from "../frost/keys.js";
import { removeFileDurably, writeFileAtomic } from "./atomic-file.js";
import { Keystore, type Sealed } from "./keystore.js";

/** Signer index -> identity public key (x-only hex). */
export type Roster = Record<string, string>;

export interface KeyRecord {
  group: GroupKey;
  roster: Roster;
  share: SecretShare;
}

interface KeyFile {
  group: GroupKey;
  roster: Roster;
  sealedShare: Sealed;
  session?: string;
}

export interface NonceRecord {
  session: string;
  message: string;
  mode: "plain" | "taproot";
  /** The signing quorum announced at commit time. */
  quorum: number[];
  createdAt: number;
  hiding: string;
  binding: string;
  commitments: { hiding: string; binding: string };
}

interface NonceFile {
  session: string;
  createdAt: number;
  sealed: Sealed;
}

const SESSION_ID = /^[0-9a-f]{32}$/;

export function checkSessionId(session: unknown): string {
  if (typeof session !== "string" || !SESSION_ID.test(session))
    throw new Error("session id must be 32 hex digits");
  return session;
}

export class SignerStore {
  readonly index: number;
  readonly publicKey: string;
  private readonly identitySecret: Uint8Array;

  private constructor(
    readonly dir: string,
    private readonly keystore: Keystore,
    index: number,
    identitySecret: Uint8Array,
  ) {
    this.index = index;
    this.identitySecret = identitySecret;
    this.publicKey = bytesToHex(schnorr.getPublicKey(identitySecret));
  }

  /** Opens (or initialises, when `index` is given and the directory is new) a signer directory. */
  static open(dir: string, passphrase: string, index?: number, kdfLogN?: number): SignerStore {
    mkdirSync(join(dir, "nonces"), { recursive: true, mode: 0o700 });
    const keystore = Keystore.open(dir, passphrase, kdfLogN);
    const idPath = join(dir, "identity.json");
    if (!existsSync(idPath)) {
      if (index === undefined)
        throw new Error(`${dir} is not a signer directory (no identity.json); give --index`);
      const secret = schnorr.utils.randomSecretKey();
      const file = {
        index,
        publicKey: bytesToHex(schnorr.getPublicKey(secret)),
        sealedSecret: keystore.seal(secret, `identity:${index}`),
      };
      writeFileAtomic(idPath, `${JSON.stringify(file, null, 2)}\n`);
      return new SignerStore(dir, keystore, index, secret);
    }
    const file = JSON.parse(readFileSync(idPath, "utf8")) as {
      index: number;
      publicKey: string;
      sealedSecret: Sealed;
    };
    if (index !== undefined && index !== file.index)
      throw new Error(`${dir} belongs to signer ${file.index}, not ${index}`);
    const secret = keystore.open(file.sealedSecret, `identity:${file.index}`);
    const store = new SignerStore(dir, keystore, file.index, secret);
    if (store.publicKey !== file.publicKey)
      throw new Error(`${idPath}: identity key does not match its public key`);
    return store;
  }

  /**
   * Creates a signer directory from backed-up secrets (Shamir restore): the same identity key and share,
   * under a new keystore. The directory must not hold an identity yet.
   */
  static restore(
    dir: string,
    passphrase: string,
    index: number,
    identitySecret: Uint8Array,
    record: KeyRecord,
    kdfLogN?: number,
  ): SignerStore {
    if (existsSync(join(dir, "identity.json")))
      throw new Error(`${dir} already holds a signer; restore into an empty directory`);
    mkdirSync(join(dir, "nonces"), { recursive: true, mode: 0o700 });
    const keystore = Keystore.open(dir, passphrase, kdfLogN);
    const file = {
      index,
      publicKey: bytesToHex(schnorr.getPublicKey(identitySecret)),
      sealedSecret: keystore.seal(identitySecret, `identity:${index}`),
    };
    writeFileAtomic(join(dir, "identity.json"), `${JSON.stringify(file, null, 2)}\n`);
    const store = new SignerStore(dir, keystore, index, identitySecret.slice());
    store.restoreKey(record);
    return store;
  }

  get identityKey(): Uint8Array {
    return this.identitySecret;
  }

  coordinatorKey(): string | undefined {
    const path = join(this.dir, "coordinator.json");
    if (!existsSync(path)) return undefined;
    return (JSON.parse(readFileSync(path, "utf8")) as { publicKey: string }).publicKey;
  }

  pinCoordinator(publicKey: string): void {
    writeFileAtomic(join(this.dir, "coordinator.json"), `${JSON.stringify({ publicKey }, null, 2)}\n`);
  }

  private readKeyFile(name: string): KeyRecord | undefined {
    const path = join(this.dir, name);
    if (!existsSync(path)) return undefined;
    const file = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
    const share = this.keystore.openJson<SecretShare>(
      file.sealedShare,
      `share:${this.index}:${file.group.epoch}`,
    );
    return { group: file.group, roster: file.roster, share };
  }

  private writeKeyFile(name: string, record: KeyRecord, session?: string): void {
    const file: KeyFile = {
      group: record.group,
      roster: record.roster,
      sealedShare: this.keystore.sealJson(record.share, `share:${this.index}:${record.group.epoch}`),
      ...(session === undefined ? {} : { session }),
    };
    writeFileAtomic(join(this.dir, name), `${JSON.stringify(file, null, 2)}\n`);
  }

  key(): KeyRecord | undefined {
    return this.readKeyFile("share.json");
  }

  /** The public part of share.json (no decryption). */
  publicKeyRecord(): { group: GroupKey; roster: Roster } | undefined {
    const path = join(this.dir, "share.json");
    if (!existsSync(path)) return undefined;
    const file = JSON.parse(readFileSync(path, "utf8")) as KeyFile;
    return { group: file.group, roster: file.roster };
  }

  setPending(record: KeyRecord, session: string): void {
    this.writeKeyFile("pending.json", record, session);
  }

  pendingSession(): string | undefined {
    const path = join(this.dir, "pending.json");
    if (!existsSync(path)) return undefined;
    return (JSON.parse(readFileSync(path, "utf8")) as KeyFile).session;
  }

  /** Makes the pending key current (the old share is overwritten). */
  commitPending(session: string): KeyRecord {
    if (this.pendingSession() !== session) throw new Error(`no pending key for session ${session}`);
    const record = this.readKeyFile("pending.json")!;
    this.writeKeyFile("share.json", record);
    removeFileDurably(join(this.dir, "pending.json"));
    return record;
  }

  dropPending(): void {
    removeFileDurably(join(this.dir, "pending.json"));
  }

  /** Removes this signer's share (it left the group in a reshare). */
  removeKey(): void {
    removeFileDurably(join(this.dir, "share.json"));
  }

  /** Writes share.json directly (Shamir restore). */
  restoreKey(record: KeyRecord): void {
    this.writeKeyFile("share.json", record);
  }

  saveNonce(record: NonceRecord): void {
    const file: NonceFile = {
      session: record.session,
      createdAt: record.createdAt,
      sealed: this.keystore.sealJson(record, `nonce:${this.index}:${record.session}`),
    };
    writeFileAtomic(join(this.dir, "nonces", `${checkSessionId(record.session)}.json`), JSON.stringify(file));
  }

  nonceExists(session: string): boolean {
    return existsSync(join(this.dir, "nonces", `${checkSessionId(session)}.json`));
  }

  /**
   * Loads the session's nonces and deletes them from disk before returning, so they can be used at most
   * once even if this process crashes or restarts right after.
   */
  takeNonce(session: string): NonceRecord {
    const path = join(this.dir, "nonces", `${checkSessionId(session)}.json`);
    if (!existsSync(path))
      throw new Error(`no open signing session ${session} (nonces used, aborted or expired)`);
    const file = JSON.parse(readFileSync(path, "utf8")) as NonceFile;
    const record = this.keystore.openJson<NonceRecord>(file.sealed, `nonce:${this.index}:${session}`);
    removeFileDurably(path);
    return record;
  }

  dropNonce(session: string): void {
    removeFileDurably(join(this.dir, "nonces", `${checkSessionId(session)}.json`));
  }

  /** Open sessions with their creation times (public metadata only). */
  openNonces(): { session: string; createdAt: number }[] {
    const out: { session: string; createdAt: number }[] = [];
    for (const name of readdirSync(join(this.dir, "nonces"))) {
      if (!name.endsWith(".json")) continue;
      try {
        const f = JSON.parse(readFileSync(join(this.dir, "nonces", name), "utf8")) as NonceFile;
        out.push({ session: f.session, createdAt: f.createdAt });
      } catch {
        // a torn write cannot happen (atomic rename); ignore foreign files
      }
    }
    return out;
  }

  close(): void {
    this.identitySecret.fill(0);
    this.keystore.close();
  }
}

export const hexBytes = (h: string): Uint8Array => hexToBytes(h);
