// In-process helpers for the custody tests: a DKG among DkgParticipant objects and a FROST signature by a
// chosen quorum, with no transport in between (the process tests cover the transport).
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { DkgParticipant } from "../../src/custody/frost/dkg.js";
import type { GroupKey, SecretShare } from "../../src/custody/frost/keys.js";
import {
  aggregateSignature,
  type SignMode,
  signingPublic,
  signingSecret,
} from "../../src/custody/frost/signing.js";
import { type NonceCommitments, SIGN_SUITE } from "../../src/custody/frost/suite.js";

export interface LocalKeySet {
  group: GroupKey;
  shares: Map<number, SecretShare>;
}

export function localDkg(threshold: number, n: number): LocalKeySet {
  const signers = Array.from({ length: n }, (_, i) => i + 1);
  const parts = signers.map((i) => new DkgParticipant(i, threshold, signers));
  const outgoing = new Map<number, Map<number, Uint8Array>>();
  for (const p of parts) {
    outgoing.set(p.index, p.round2(parts.filter((q) => q !== p).map((q) => q.round1)));
  }
  const shares = new Map<number, SecretShare>();
  let group: GroupKey | undefined;
  for (const p of parts) {
    const incoming = new Map<number, Uint8Array>();
    for (const q of parts) if (q !== p) incoming.set(q.index, outgoing.get(q.index)!.get(p.index)!);
    const out = p.round3(incoming);
    if (group !== undefined && JSON.stringify(group) !== JSON.stringify(out.group))
      throw new Error("group mismatch");
    group = out.group;
    shares.set(p.index, out.share);
  }
  return { group: group!, shares };
}

/** Signs `message` with the given shares (which may belong to different groups/epochs). */
export function localSign(
  group: GroupKey,
  shares: SecretShare[],
  message: Uint8Array,
  mode: SignMode,
): Uint8Array {
  const pub = signingPublic(group, mode);
  const rounds = shares.map((s) => {
    const secret = signingSecret(group, s, mode);
    return { s, secret, nonce: SIGN_SUITE.commit(secret) };
  });
  const commitments: NonceCommitments[] = rounds.map((r) => r.nonce.commitments);
  const sigShares = new Map<number, Uint8Array>();
  for (const r of rounds) {
    sigShares.set(r.s.index, SIGN_SUITE.signShare(r.secret, pub, r.nonce.nonces, commitments, message));
  }
  return aggregateSignature(pub, commitments, message, sigShares);
}

export const hex = (b: Uint8Array): string => bytesToHex(b);
export const bytes = (h: string): Uint8Array => hexToBytes(h.replace(/^0x/, ""));

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { schnorr } from "@noble/curves/secp256k1.js";
import type { SignerEndpoint } from "../../src/custody/coordinator/client.js";
import { Coordinator } from "../../src/custody/coordinator/coordinator.js";
import { type SignerOptions, SignerService } from "../../src/custody/signer/service.js";
import { SignerStore } from "../../src/custody/store/signer-store.js";

export const TEST_PASSPHRASE = "correct horse battery staple";

/**
 * n signer services with their own encrypted stores (scrypt cost 2^10 to keep the protocol tests fast;
 * the CLI always uses the default cost) and a coordinator that calls them in process.
 */
export function serviceCluster(n: number, options: (i: number) => SignerOptions = () => ({}), base?: string) {
  const root = base ?? mkdtempSync(join(tmpdir(), "lanes-custody-"));
  const services = new Map<number, SignerService>();
  const endpoints: SignerEndpoint[] = [];
  for (let i = 1; i <= n; i++) {
    const store = SignerStore.open(join(root, `signer-${i}`), TEST_PASSPHRASE, i, 10);
    const service = new SignerService(store, options(i));
    services.set(i, service);
    endpoints.push({ index: i, publicKey: service.publicKey, service });
  }
  const coordinator = new Coordinator(schnorr.utils.randomSecretKey(), endpoints);
  return { root, services, endpoints, coordinator, indices: [...services.keys()] };
}
