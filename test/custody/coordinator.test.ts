// The signer service and the coordinator in one process (each signer with its own encrypted store):
// DKG, signing with nonce bookkeeping, bounded sessions, blame for bad DKG shares (and for false
// complaints), bad signature shares, refresh, reshare with retirement of old shares.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex, randomBytes } from "@noble/hashes/utils.js";
import type { SignerEndpoint } from "../../src/custody/coordinator/client.js";
import { Coordinator } from "../../src/custody/coordinator/coordinator.js";
import type { SealedShare } from "../../src/custody/crypto/p2p.js";
import { BlameError, CustodyError } from "../../src/custody/errors.js";
import { Fn } from "../../src/custody/frost/suite.js";
import { type SignerOptions, SignerService } from "../../src/custody/signer/service.js";
import { SignerStore } from "../../src/custody/store/signer-store.js";

const PASS = "correct horse battery staple";
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function cluster(n: number, options: (i: number) => SignerOptions = () => ({}), base?: string) {
  const root = base ?? mkdtempSync(join(tmpdir(), "lanes-custody-"));
  if (base === undefined) dirs.push(root);
  const services = new Map<number, SignerService>();
  const endpoints: SignerEndpoint[] = [];
  for (let i = 1; i <= n; i++) {
    const store = SignerStore.open(join(root, `signer-${i}`), PASS, i, 10);
    const service = new SignerService(store, options(i));
    services.set(i, service);
    endpoints.push({ index: i, publicKey: service.publicKey, service });
  }
  const coordinator = new Coordinator(schnorr.utils.randomSecretKey(), endpoints);
  return { root, services, endpoints, coordinator, indices: [...services.keys()] };
}

describe("custody coordinator + signer services", () => {
  it("DKG then signing in both modes; nothing secret on disk in plaintext", async () => {
    const c = cluster(3);
    const { group } = await c.coordinator.keygen(2, c.indices);
    const m = randomBytes(32);
    for (const mode of ["plain", "taproot"] as const) {
      const r = await c.coordinator.sign(group, [1, 3], m, mode);
      assert.ok(schnorr.verify(r.signature, m, r.publicKey));
    }
    // Every share file is sealed: the share (from the in-memory view) does not appear in any file.
    for (const [i, s] of c.services) {
      const share = s.store.key()!.share.signingShare;
      for (const name of readdirSync(join(c.root, `signer-${i}`))) {
        const path = join(c.root, `signer-${i}`, name);
        if (name.endsWith(".json"))
          assert.ok(!readFileSync(path, "utf8").includes(share), `${name} holds the share`);
      }
      assert.equal(s.store.openNonces().length, 0, "no nonce left after a finished session");
    }
  });

  it("refuses fewer than t signers with a clear error, and bounds open sessions", async () => {
    const c = cluster(3, () => ({ maxOpenSessions: 2 }));
    const { group } = await c.coordinator.keygen(2, c.indices);
    await assert.rejects(
      c.coordinator.sign(group, [2], randomBytes(32), "plain"),
      (e: unknown) => e instanceof CustodyError && /need at least 2 signers/.test(String(e)),
    );
    // Open two sessions by hand (round 1 only), then a third is refused by the signer.
    const client = (
      c.coordinator as unknown as {
        client(i: number): {
          call: (m: string, s: string, p: object) => Promise<{ body: { ok: boolean; error?: string } }>;
        };
      }
    ).client(1);
    const open = async () =>
      (
        await client.call("sign.commit", bytesToHex(randomBytes(16)), {
          message: bytesToHex(randomBytes(32)),
          mode: "plain",
          quorum: [1, 2],
        })
      ).body;
    assert.equal((await open()).ok, true);
    assert.equal((await open()).ok, true);
    const third = await open();
    assert.equal(third.ok, false);
    assert.match(third.error!, /too many open signing sessions/);
  });

  it("a nonce survives a restart once and is never used twice", async () => {
    const c = cluster(2);
    const { group } = await c.coordinator.keygen(2, c.indices);
    const client = (i: number) =>
      (
        c.coordinator as unknown as {
          client(i: number): {
            call: (
              m: string,
              s: string,
              p: object,
            ) => Promise<{ body: { ok: boolean; error?: string; result?: Record<string, unknown> } }>;
          };
        }
      ).client(i);
    const session = bytesToHex(randomBytes(16));
    const message = bytesToHex(randomBytes(32));
    const commitments: Record<string, unknown> = {};
    for (const i of [1, 2])
      commitments[String(i)] = (
        await client(i).call("sign.commit", session, { message, mode: "plain", quorum: [1, 2] })
      ).body.result!.commitments;
    // "Restart" signer 1: a new service over the same directory.
    const reopened = new SignerService(SignerStore.open(join(c.root, "signer-1"), PASS));
    c.coordinator.addSigner({ index: 1, publicKey: reopened.publicKey, service: reopened });
    const first = await client(1).call("sign.share", session, { commitments });
    assert.equal(first.body.ok, true);
    const again = await client(1).call("sign.share", session, { commitments });
    assert.equal(again.body.ok, false);
    assert.match(again.body.error!, /no open signing session/);
    assert.equal(group.epoch, 0);
  });

  it("a signer sending a bad DKG share is named; a false complaint names the complainer", async () => {
    const bad = cluster(4, (i) =>
      i === 3
        ? {
            tamper: (method, result) => {
              if (method !== "dkg.round2") return result;
              // Re-encrypt nothing: flip a byte of the ciphertext meant for signer 1 (AEAD fails there).
              const shares = result.shares as Record<string, SealedShare>;
              const ct = shares["1"]!.ciphertext;
              shares["1"] = { ...shares["1"]!, ciphertext: (ct[0] === "0" ? "1" : "0") + ct.slice(1) };
              return result;
            },
          }
        : {},
    );
    await assert.rejects(
      bad.coordinator.keygen(3, bad.indices),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "3",
    );
    for (const s of bad.services.values())
      assert.equal(s.store.key(), undefined, "no key committed after an abort");

    const liar = cluster(3, (i) =>
      i === 2
        ? {
            tamper: (method, result) => {
              if (method === "dkg.round3") throw Object.assign(new Error("complaint"), { complaints: [1] });
              return result;
            },
          }
        : {},
    );
    // The tamper hook above throws a plain Error: the signer reports it as a failure, not a complaint.
    await assert.rejects(liar.coordinator.keygen(2, liar.indices), /dkg.round3 failed/);
  });

  it("refresh keeps the key and retires the old shares; reshare moves it to a new set", async () => {
    const c = cluster(3);
    const { group, roster } = await c.coordinator.keygen(2, c.indices);
    const before = new Map([...c.services].map(([i, s]) => [i, s.store.key()!.share.signingShare]));
    const refreshed = await c.coordinator.refresh(group);
    assert.equal(refreshed.commitments[0], group.commitments[0]);
    assert.equal(refreshed.epoch, 1);
    for (const [i, s] of c.services) assert.notEqual(s.store.key()!.share.signingShare, before.get(i));
    const m = randomBytes(32);
    const sig = await c.coordinator.sign(refreshed, [2, 3], m, "taproot");
    assert.ok(schnorr.verify(sig.signature, m, sig.publicKey));
    // The old group description no longer matches the signers' epoch: refused cleanly.
    await assert.rejects(c.coordinator.sign(group, [1, 2], m, "plain"), /epoch/);

    // Reshare 2-of-3 (epoch 1) -> 3-of-4 on signers 3..6: 3 keeps a (new) share, 1 and 2 are retired.
    const fresh = cluster(6, () => ({}), c.root);
    for (const i of [4, 5, 6]) c.coordinator.addSigner(fresh.endpoints[i - 1]!);
    const moved = await c.coordinator.reshare(refreshed, roster, [1, 2], [3, 4, 5, 6], 3);
    assert.equal(moved.group.commitments[0], group.commitments[0]);
    assert.equal(moved.group.threshold, 3);
    for (const i of [1, 2]) assert.equal(c.services.get(i)!.store.key(), undefined, `signer ${i} retired`);
    const m2 = randomBytes(32);
    const s2 = await c.coordinator.sign(moved.group, [3, 5, 6], m2, "taproot");
    assert.ok(schnorr.verify(s2.signature, m2, sig.publicKey), "same Taproot key after reshare");
    assert.ok(existsSync(join(c.root, "signer-3", "share.json")));
  });

  it("a signer returning a bad signature share is named", async () => {
    const c = cluster(3, (i) =>
      i === 2
        ? {
            tamper: (method, result) => {
              if (method !== "sign.share") return result;
              const s = Fn.fromBytes(Buffer.from(String(result.share), "hex"));
              return { share: bytesToHex(Fn.toBytes(Fn.add(s, 1n))) };
            },
          }
        : {},
    );
    const { group } = await c.coordinator.keygen(2, c.indices);
    await assert.rejects(
      c.coordinator.sign(group, [1, 2], randomBytes(32), "plain"),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "2",
    );
    const ok = await c.coordinator.sign(group, [1, 3], new Uint8Array(32).fill(7), "plain");
    assert.equal(ok.quorum.join(), "1,3");
  });
});
