// The FROST protocol layer in one process: DKG with identifiable aborts, plain and Taproot signing, bad
// signature shares named, refresh (old and new shares do not mix), reshare to a new set and threshold, and
// t-1 shares insufficient.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { schnorr } from "@noble/curves/secp256k1.js";
import { randomBytes } from "@noble/hashes/utils.js";
import { BlameError } from "../../src/custody/errors.js";
import { DkgParticipant } from "../../src/custody/frost/dkg.js";
import { checkShare, type SecretShare, toFrostSecret } from "../../src/custody/frost/keys.js";
import { applyRefresh, dealRefresh } from "../../src/custody/frost/refresh.js";
import { completeReshare, dealReshare, type ReshareTarget } from "../../src/custody/frost/reshare.js";
import {
  aggregateSignature,
  signingKey,
  signingPublic,
  signingSecret,
} from "../../src/custody/frost/signing.js";
import { DKG_SUITE, Fn, Point, SIGN_SUITE } from "../../src/custody/frost/suite.js";
import { bytes, hex, type LocalKeySet, localDkg, localSign } from "./helpers.js";

const msg = (): Uint8Array => randomBytes(32);

function refreshAll(ks: LocalKeySet): LocalKeySet {
  const dealings = new Map(ks.group.signers.map((i) => [i, dealRefresh(ks.group)]));
  const shares = new Map<number, SecretShare>();
  let group = ks.group;
  for (const j of ks.group.signers) {
    const received = new Map(
      [...dealings].map(([i, d]) => [i, { commitments: d.commitments, share: d.shares.get(j)! }]),
    );
    const out = applyRefresh(ks.group, ks.shares.get(j)!, received);
    group = out.group;
    shares.set(j, out.share);
  }
  return { group, shares };
}

function reshare(ks: LocalKeySet, quorum: number[], target: ReshareTarget): LocalKeySet {
  const dealings = new Map(quorum.map((i) => [i, dealReshare(ks.group, ks.shares.get(i)!, quorum, target)]));
  const shares = new Map<number, SecretShare>();
  let group = ks.group;
  for (const j of target.signers) {
    const received = new Map(
      [...dealings].map(([i, d]) => [i, { commitments: d.commitments, share: d.shares.get(j)! }]),
    );
    const out = completeReshare(ks.group, quorum, target, j, received);
    group = out.group;
    shares.set(j, out.share);
  }
  return { group, shares };
}

describe("custody FROST: DKG", () => {
  it("2-of-3 and 3-of-5 key sets: every share matches its verifying share, every quorum signs", () => {
    for (const [t, n] of [
      [2, 3],
      [3, 5],
    ] as const) {
      const ks = localDkg(t, n);
      for (const s of ks.shares.values()) checkShare(ks.group, s);
      const m = msg();
      for (const mode of ["plain", "taproot"] as const) {
        const sig = localSign(ks.group, [...ks.shares.values()].slice(n - t), m, mode);
        assert.ok(schnorr.verify(sig, m, signingKey(ks.group, mode)), `${t}-of-${n} ${mode}`);
      }
      // The plain key is the x-only group key, the taproot key differs from it.
      assert.equal(hex(signingKey(ks.group, "plain")), ks.group.commitments[0]!.slice(2));
      assert.notEqual(hex(signingKey(ks.group, "taproot")), hex(signingKey(ks.group, "plain")));
    }
  });

  it("a bad proof of possession is blamed on its sender", () => {
    const signers = [1, 2, 3];
    const parts = signers.map((i) => new DkgParticipant(i, 2, signers));
    const forged = { ...parts[1]!.round1, proofOfKnowledge: parts[2]!.round1.proofOfKnowledge };
    assert.throws(
      () => parts[0]!.round2([forged, parts[2]!.round1]),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "2",
    );
  });

  it("a share off the sender's polynomial is blamed on its sender", () => {
    const signers = [1, 2, 3, 4];
    const parts = signers.map((i) => new DkgParticipant(i, 3, signers));
    const out = new Map(
      parts.map((p) => [p.index, p.round2(parts.filter((q) => q !== p).map((q) => q.round1))]),
    );
    const incoming = new Map(parts.slice(1).map((q) => [q.index, out.get(q.index)!.get(1)!]));
    const bad = Fn.toBytes(Fn.add(Fn.fromBytes(incoming.get(3)!), 1n));
    incoming.set(3, bad);
    assert.throws(
      () => parts[0]!.round3(incoming),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "3",
    );
  });
});

describe("custody FROST: signing", () => {
  const ks = localDkg(3, 5);

  it("a bad signature share is named and aggregation refuses", () => {
    const m = msg();
    const quorum = [1, 3, 5].map((i) => ks.shares.get(i)!);
    const pub = signingPublic(ks.group, "taproot");
    const rounds = quorum.map((s) => {
      const secret = signingSecret(ks.group, s, "taproot");
      return { s, secret, nonce: SIGN_SUITE.commit(secret) };
    });
    const commitments = rounds.map((r) => r.nonce.commitments);
    const shares = new Map<number, Uint8Array>();
    for (const r of rounds)
      shares.set(r.s.index, SIGN_SUITE.signShare(r.secret, pub, r.nonce.nonces, commitments, m));
    shares.set(3, Fn.toBytes(Fn.add(Fn.fromBytes(shares.get(3)!), 7n)));
    assert.throws(
      () => aggregateSignature(pub, commitments, m, shares),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "3",
    );
  });

  it("t-1 shares do not suffice: noble refuses, and interpolating them does not give the key", () => {
    const two = [1, 2].map((i) => ks.shares.get(i)!);
    assert.throws(() => localSign(ks.group, two, msg(), "plain"));
    // Interpolating 2 shares of a degree-2 polynomial gives some other secret, whose key is not the group's.
    const secret = DKG_SUITE.combineSecret(two.map(toFrostSecret), { min: 2, max: 5 });
    assert.notEqual(hex(Point.BASE.multiply(Fn.fromBytes(secret)).toBytes(true)), ks.group.commitments[0]);
    // Any 3 of them do give it (the check of the line above is meaningful).
    const three = [2, 4, 5].map((i) => toFrostSecret(ks.shares.get(i)!));
    const full = DKG_SUITE.combineSecret(three, { min: 3, max: 5 });
    assert.equal(hex(Point.BASE.multiply(Fn.fromBytes(full)).toBytes(true)), ks.group.commitments[0]);
  });

  it("a spent nonce cannot sign again", () => {
    const s = ks.shares.get(1)!;
    const secret = signingSecret(ks.group, s, "plain");
    const pub = signingPublic(ks.group, "plain");
    const others = [2, 3].map((i) => SIGN_SUITE.commit(signingSecret(ks.group, ks.shares.get(i)!, "plain")));
    const mine = SIGN_SUITE.commit(secret);
    const commitments = [mine.commitments, ...others.map((o) => o.commitments)];
    SIGN_SUITE.signShare(secret, pub, mine.nonces, commitments, msg());
    assert.throws(
      () => SIGN_SUITE.signShare(secret, pub, mine.nonces, commitments, msg()),
      /nonces already used/,
    );
  });
});

describe("custody FROST: refresh", () => {
  it("keeps the key, changes every share, and old and new shares do not mix", () => {
    const before = localDkg(3, 5);
    const after = refreshAll(before);
    assert.equal(after.group.commitments[0], before.group.commitments[0]);
    assert.equal(after.group.epoch, 1);
    for (const j of before.group.signers) {
      assert.notEqual(after.shares.get(j)!.signingShare, before.shares.get(j)!.signingShare);
      assert.notEqual(after.group.verifyingShares[String(j)], before.group.verifyingShares[String(j)]);
      checkShare(after.group, after.shares.get(j)!);
    }
    const m = msg();
    for (const mode of ["plain", "taproot"] as const) {
      const sig = localSign(
        after.group,
        [1, 2, 4].map((i) => after.shares.get(i)!),
        m,
        mode,
      );
      assert.ok(schnorr.verify(sig, m, signingKey(after.group, mode)));
    }
    // Mixed epochs: two new shares and one old share produce no signature under either package...
    const mixed = [after.shares.get(1)!, after.shares.get(2)!, { ...before.shares.get(3)!, epoch: 1 }];
    assert.throws(
      () => localSign(after.group, mixed, m, "plain"),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "3",
    );
    const mixedOld = [before.shares.get(1)!, before.shares.get(2)!, { ...after.shares.get(3)!, epoch: 0 }];
    assert.throws(
      () => localSign(before.group, mixedOld, m, "plain"),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "3",
    );
    // ...and do not interpolate to the group secret.
    const secret = DKG_SUITE.combineSecret(mixed.map(toFrostSecret), { min: 3, max: 5 });
    assert.notEqual(
      hex(Point.BASE.multiply(Fn.fromBytes(secret)).toBytes(true)),
      before.group.commitments[0],
    );
    // An old share no longer matches the group's verifying share.
    assert.throws(() => checkShare(after.group, { ...before.shares.get(4)!, epoch: 1 }), /does not match/);
  });

  it("repeated refreshes keep working and a bad refresh dealing is blamed", () => {
    let ks = localDkg(2, 3);
    for (let r = 0; r < 3; r++) ks = refreshAll(ks);
    assert.equal(ks.group.epoch, 3);
    const m = msg();
    assert.ok(
      schnorr.verify(
        localSign(ks.group, [ks.shares.get(2)!, ks.shares.get(3)!], m, "taproot"),
        m,
        signingKey(ks.group, "taproot"),
      ),
    );
    const dealings = new Map(ks.group.signers.map((i) => [i, dealRefresh(ks.group)]));
    const received = new Map(
      [...dealings].map(([i, d]) => [i, { commitments: d.commitments, share: d.shares.get(1)! }]),
    );
    received.get(2)!.share = Fn.add(received.get(2)!.share, 1n);
    assert.throws(
      () => applyRefresh(ks.group, ks.shares.get(1)!, received),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "2",
    );
  });
});

describe("custody FROST: reshare", () => {
  it("moves the key from 2-of-3 to 3-of-5 on new indices, and the old shares become foreign", () => {
    const old = localDkg(2, 3);
    const target = { threshold: 3, signers: [4, 5, 6, 7, 8] };
    const next = reshare(old, [1, 3], target);
    assert.equal(next.group.commitments[0], old.group.commitments[0]);
    assert.equal(next.group.threshold, 3);
    assert.deepEqual(next.group.signers, target.signers);
    for (const s of next.shares.values()) checkShare(next.group, s);
    const m = msg();
    for (const mode of ["plain", "taproot"] as const) {
      const sig = localSign(
        next.group,
        [4, 6, 8].map((i) => next.shares.get(i)!),
        m,
        mode,
      );
      assert.ok(schnorr.verify(sig, m, signingKey(next.group, mode)));
      assert.equal(hex(signingKey(next.group, mode)), hex(signingKey(old.group, mode)));
    }
    // 2 of the new shares (the old threshold) no longer suffice.
    assert.throws(() =>
      localSign(
        next.group,
        [4, 5].map((i) => next.shares.get(i)!),
        m,
        "plain",
      ),
    );
  });

  it("reshares 3-of-5 down to 2-of-2 on overlapping indices", () => {
    const old = localDkg(3, 5);
    const next = reshare(old, [2, 3, 5], { threshold: 2, signers: [1, 2] });
    const m = msg();
    assert.ok(
      schnorr.verify(
        localSign(next.group, [next.shares.get(1)!, next.shares.get(2)!], m, "plain"),
        m,
        signingKey(old.group, "plain"),
      ),
    );
  });

  it("a dealer that reshares a value other than its share is blamed", () => {
    const old = localDkg(2, 3);
    const target = { threshold: 2, signers: [1, 2, 3] };
    const quorum = [1, 2];
    const fake = {
      ...old.shares.get(2)!,
      signingShare: hex(Fn.toBytes(Fn.add(Fn.fromBytes(bytes(old.shares.get(2)!.signingShare)), 5n))),
    };
    const dealings = new Map([
      [1, dealReshare(old.group, old.shares.get(1)!, quorum, target)],
      [2, dealReshare(old.group, fake, quorum, target)],
    ]);
    const received = new Map(
      [...dealings].map(([i, d]) => [i, { commitments: d.commitments, share: d.shares.get(3)! }]),
    );
    assert.throws(
      () => completeReshare(old.group, quorum, target, 3, received),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "2",
    );
  });

  it("refuses a quorum below the old threshold", () => {
    const old = localDkg(3, 4);
    assert.throws(
      () => dealReshare(old.group, old.shares.get(1)!, [1, 2], { threshold: 2, signers: [1, 2, 3] }),
      /needs 3/,
    );
  });
});
