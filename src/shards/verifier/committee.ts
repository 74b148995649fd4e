// The verifier committee: n members, each with a Verifier and a share of one FROST key (custody's DKG and
// signing, src/custody/frost), threshold t. To attest superblock k the coordinator asks every member to
// verify up to k; the members that approve exactly the digest ShardHub will check are the candidates; t of
// them sign it in FROST's two rounds. Each signature share is verified before aggregation, so a member that
// signs garbage is named (BlameError) and replaced by another approving member. Fewer than t approvals: no
// signature, and ShardHub cannot finalize, whatever the others sign.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "@noble/hashes/utils.js";
import { BlameError } from "../../custody/errors.js";
import { DkgParticipant } from "../../custody/frost/dkg.js";
import type { GroupKey, SecretShare } from "../../custody/frost/keys.js";
import { aggregateSignature, signingKey, signingPublic, signingSecret } from "../../custody/frost/signing.js";
import { type NonceCommitments, SIGN_SUITE } from "../../custody/frost/suite.js";
import { writeFileAtomic } from "../../custody/store/atomic-file.js";
import { Keystore, type Sealed } from "../../custody/store/keystore.js";
import { bytesEqual } from "../../primitives/hex.js";
import type { Verifier } from "./verifier.js";

export interface CommitteeMember {
  index: number;
  verifier: Verifier;
  share: SecretShare;
  /** Test hook: this member's signature shares are random bytes. */
  signsGarbage?: boolean;
}

export interface Attestation {
  /** The 64-byte BIP340 signature of the digest, when at least t members approved and signed. */
  signature?: Uint8Array;
  approved: number[];
  refused: { index: number; reasons: string[] }[];
  /** Members whose signature shares did not verify. */
  blamed: number[];
}

/** A t-of-n DKG among n in-process participants (every share checked against its sender's commitments). */
export function committeeDkg(threshold: number, n: number): { group: GroupKey; shares: SecretShare[] } {
  const signers = Array.from({ length: n }, (_, i) => i + 1);
  const parts = signers.map((i) => new DkgParticipant(i, threshold, signers));
  const outgoing = new Map<number, Map<number, Uint8Array>>();
  for (const p of parts) outgoing.set(p.index, p.round2(parts.filter((q) => q !== p).map((q) => q.round1)));
  let group: GroupKey | undefined;
  const shares: SecretShare[] = [];
  for (const p of parts) {
    const incoming = new Map<number, Uint8Array>();
    for (const q of parts) if (q !== p) incoming.set(q.index, outgoing.get(q.index)!.get(p.index)!);
    const out = p.round3(incoming);
    if (group !== undefined && JSON.stringify(group) !== JSON.stringify(out.group)) {
      throw new Error("committee DKG: participants disagree on the group key");
    }
    group = out.group;
    shares.push(out.share);
    p.dispose();
  }
  return { group: group!, shares };
}

interface MemberFile {
  group: GroupKey;
  sealedShare: Sealed;
}

/**
 * The committee's keys in `dir`: loaded (each share unsealed with the passphrase) when present, otherwise a
 * new DKG whose shares are stored sealed (custody's keystore: scrypt + AES-GCM), one directory per member.
 */
export function committeeKeys(
  dir: string,
  threshold: number,
  n: number,
  passphrase: string,
  kdfLogN?: number,
): { group: GroupKey; shares: SecretShare[] } {
  const memberDir = (i: number) => join(dir, `member-${i}`);
  if (existsSync(join(memberDir(1), "share.json"))) {
    let group: GroupKey | undefined;
    const shares: SecretShare[] = [];
    for (let i = 1; i <= n; i++) {
      const file = JSON.parse(readFileSync(join(memberDir(i), "share.json"), "utf8")) as MemberFile;
      if (group !== undefined && JSON.stringify(group) !== JSON.stringify(file.group)) {
        throw new Error(`${dir}: the committee members hold different groups`);
      }
      if (file.group.threshold !== threshold || file.group.signers.length !== n) {
        throw new Error(
          `${dir}: the committee is ${file.group.threshold}-of-${file.group.signers.length}, not ${threshold}-of-${n}`,
        );
      }
      group = file.group;
      const ks = Keystore.open(memberDir(i), passphrase, kdfLogN);
      shares.push(ks.openJson<SecretShare>(file.sealedShare, `committee-share-${i}`));
      ks.close();
    }
    return { group: group!, shares };
  }
  const keys = committeeDkg(threshold, n);
  for (const share of keys.shares) {
    const d = memberDir(share.index);
    mkdirSync(d, { recursive: true, mode: 0o700 });
    const ks = Keystore.open(d, passphrase, kdfLogN);
    const file: MemberFile = {
      group: keys.group,
      sealedShare: ks.sealJson(share, `committee-share-${share.index}`),
    };
    ks.close();
    writeFileAtomic(join(d, "share.json"), `${JSON.stringify(file, null, 2)}\n`);
  }
  return keys;
}

export class Committee {
  constructor(
    readonly group: GroupKey,
    readonly members: CommitteeMember[],
  ) {
    if (members.length !== group.signers.length) throw new Error("one member per signer of the group");
  }

  get threshold(): number {
    return this.group.threshold;
  }

  /** The x-only BIP340 key ShardHub's verifier checks signatures against. */
  get groupKey(): Uint8Array {
    return signingKey(this.group, "plain");
  }

  /**
   * Asks every member to verify up to k and has `threshold` of those approving `digest` sign it.
   * `digest` is ShardHub's digest(k).
   */
  async attest(k: number, digest: Uint8Array): Promise<Attestation> {
    const out: Attestation = { approved: [], refused: [], blamed: [] };
    const verdicts = await Promise.all(
      this.members.map(async (m) => {
        try {
          return { m, v: await m.verifier.verifyUpTo(k) };
        } catch (e) {
          return { m, v: { ok: false, k, reasons: [(e as Error).message] } };
        }
      }),
    );
    const candidates: CommitteeMember[] = [];
    for (const { m, v } of verdicts) {
      if (v.ok && v.digest !== undefined && bytesEqual(v.digest, digest)) {
        out.approved.push(m.index);
        candidates.push(m);
      } else {
        out.refused.push({ index: m.index, reasons: v.ok ? ["approves another digest"] : v.reasons });
      }
    }
    const excluded = new Set<number>();
    while (true) {
      const quorum = candidates.filter((m) => !excluded.has(m.index)).slice(0, this.threshold);
      if (quorum.length < this.threshold) return out;
      try {
        out.signature = this.sign(quorum, digest);
        return out;
      } catch (e) {
        if (!(e instanceof BlameError)) throw e;
        for (const i of e.culprits) {
          excluded.add(i);
          out.blamed.push(i);
        }
      }
    }
  }

  /** FROST's two rounds among `quorum` (in process), every share verified before aggregation. */
  private sign(quorum: CommitteeMember[], message: Uint8Array): Uint8Array {
    const pub = signingPublic(this.group, "plain");
    const rounds = quorum.map((m) => {
      const secret = signingSecret(this.group, m.share, "plain");
      return { m, secret, nonce: SIGN_SUITE.commit(secret) };
    });
    const commitments: NonceCommitments[] = rounds.map((r) => r.nonce.commitments);
    const shares = new Map<number, Uint8Array>();
    for (const r of rounds) {
      shares.set(
        r.m.index,
        r.m.signsGarbage === true
          ? randomBytes(32)
          : SIGN_SUITE.signShare(r.secret, pub, r.nonce.nonces, commitments, message),
      );
    }
    return aggregateSignature(pub, commitments, message, shares);
  }
}
