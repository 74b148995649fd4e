// Custody across OS processes: the `lanes custody keygen/sign` CLI contract, signers as separate processes
// (one killed mid-round: clean abort, retry with another quorum), a signer sending a bad DKG share named
// across processes, refresh through the CLI, and a Shamir restore of a signer.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToHex, hexToBytes, randomBytes } from "@noble/hashes/utils.js";
import { Coordinator } from "../../src/custody/coordinator/coordinator.js";
import { openCoordinatorIdentity, readState } from "../../src/custody/coordinator/state.js";
import { BlameError } from "../../src/custody/errors.js";
import {
  cliEntry,
  custodyEntry,
  type SignerProcess,
  startSigner,
  startSigners,
  stopSigners,
} from "../../src/custody/local/cluster.js";

const PASS = "process test passphrase";
const env = { ...process.env, LANES_CUSTODY_PASSPHRASE: PASS };
const root = mkdtempSync(join(tmpdir(), "lanes-custody-proc-"));
const running: SignerProcess[] = [];
after(async () => {
  await stopSigners(running);
  rmSync(root, { recursive: true, force: true });
});

/** `lanes custody ...` through the real binary (the CLI contract). */
function lanes(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliEntry(), "custody", ...args], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same subcommands through the lighter custody entry (maintenance steps, to keep the run short). */
function custody(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [custodyEntry(), ...args], {
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const faulty = fileURLToPath(new URL("./fixtures/faulty-signer.js", import.meta.url));

describe("lanes custody CLI (signers as processes)", () => {
  const dir = join(root, "cli");
  let keygen: { groupPublicKey: string; xOnlyPublicKey: string; taprootAddress: Record<string, string> };

  it("keygen 2-of-3 prints the documented JSON", () => {
    const r = lanes("keygen", "--threshold", "2", "--signers", "3", "--dir", dir, "--json");
    assert.equal(r.status, 0, r.stderr);
    keygen = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(keygen).sort(), ["groupPublicKey", "taprootAddress", "xOnlyPublicKey"]);
    assert.match(keygen.groupPublicKey, /^0x0[23][0-9a-f]{64}$/);
    assert.match(keygen.xOnlyPublicKey, /^0x[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(keygen.taprootAddress).sort(), ["mainnet", "regtest", "testnet"]);
    assert.match(keygen.taprootAddress.regtest!, /^bcrt1p/);
    assert.match(keygen.taprootAddress.testnet!, /^tb1p/);
    assert.match(keygen.taprootAddress.mainnet!, /^bc1p/);
  });

  it("sign --taproot verifies under xOnlyPublicKey, plain under the untweaked key", () => {
    const message = `0x${bytesToHex(randomBytes(32))}`;
    const tr = lanes("sign", "--dir", dir, "--signers", "1,3", "--message", message, "--taproot", "--json");
    assert.equal(tr.status, 0, tr.stderr);
    const a = JSON.parse(tr.stdout) as { signature: string; publicKey: string };
    assert.deepEqual(Object.keys(a).sort(), ["publicKey", "signature"]);
    assert.equal(a.publicKey, keygen.xOnlyPublicKey);
    assert.ok(
      schnorr.verify(
        hexToBytes(a.signature.slice(2)),
        hexToBytes(message.slice(2)),
        hexToBytes(a.publicKey.slice(2)),
      ),
    );
    const plain = lanes("sign", "--dir", dir, "--signers", "2,3", "--message", message, "--json");
    assert.equal(plain.status, 0, plain.stderr);
    const b = JSON.parse(plain.stdout) as { signature: string; publicKey: string };
    assert.equal(b.publicKey, `0x${keygen.groupPublicKey.slice(4)}`);
    assert.ok(
      schnorr.verify(
        hexToBytes(b.signature.slice(2)),
        hexToBytes(message.slice(2)),
        hexToBytes(b.publicKey.slice(2)),
      ),
    );
  });

  it("fewer than T signers, a bad message or a missing passphrase exit non-zero with one clear line", () => {
    const m = `0x${"11".repeat(32)}`;
    const few = lanes("sign", "--dir", dir, "--signers", "2", "--message", m, "--json");
    assert.notEqual(few.status, 0);
    assert.match(few.stderr, /need at least 2 signers/);
    assert.equal(few.stdout, "");
    const bad = lanes("sign", "--dir", dir, "--signers", "1,2", "--message", "0x1234");
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /32 bytes/);
    const noPass = spawnSync(
      process.execPath,
      [cliEntry(), "custody", "sign", "--dir", dir, "--signers", "1,2", "--message", m],
      {
        env: { ...process.env, LANES_CUSTODY_PASSPHRASE: "" },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    assert.notEqual(noPass.status, 0);
    assert.match(noPass.stderr, /LANES_CUSTODY_PASSPHRASE/);
    const wrong = spawnSync(
      process.execPath,
      [cliEntry(), "custody", "sign", "--dir", dir, "--signers", "1,2", "--message", m],
      {
        env: { ...process.env, LANES_CUSTODY_PASSPHRASE: "wrong" },
        encoding: "utf8",
      },
    );
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /wrong passphrase/);
  });

  it("refresh keeps the key; a Shamir restore of a signer then signs", () => {
    const r = custody("refresh", "--dir", dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).epoch, 1);
    const pieces = join(root, "pieces");
    const b = custody(
      "backup",
      "--dir",
      dir,
      "--signer",
      "2",
      "--pieces",
      "3",
      "--threshold",
      "2",
      "--out",
      pieces,
    );
    assert.equal(b.status, 0, b.stderr);
    const paths = JSON.parse(b.stdout).pieces as string[];
    rmSync(join(dir, "signer-2"), { recursive: true });
    const one = custody("restore", "--dir", dir, "--signer", "2", "--pieces", paths[0]!);
    assert.notEqual(one.status, 0);
    assert.match(one.stderr, /need 2 of 3 backup pieces/);
    const ok = custody("restore", "--dir", dir, "--signer", "2", "--pieces", `${paths[2]},${paths[0]}`);
    assert.equal(ok.status, 0, ok.stderr);
    const m = `0x${bytesToHex(randomBytes(32))}`;
    const s = custody("sign", "--dir", dir, "--signers", "2,3", "--message", m, "--taproot", "--json");
    assert.equal(s.status, 0, s.stderr);
    const out = JSON.parse(s.stdout) as { signature: string; publicKey: string };
    assert.equal(out.publicKey, keygen.xOnlyPublicKey);
    assert.ok(
      schnorr.verify(
        hexToBytes(out.signature.slice(2)),
        hexToBytes(m.slice(2)),
        hexToBytes(out.publicKey.slice(2)),
      ),
    );
  });
});

describe("lanes custody coordinator (service)", () => {
  it("serves signing requests on loopback with the signers as processes, and stops cleanly", async () => {
    const dir = join(root, "cli");
    const child = spawn(process.execPath, [custodyEntry(), "coordinator", "--dir", dir, "--port", "0"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const ready = await new Promise<{ port: number; signers: number[] }>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line)));
        child.once("exit", (code) => reject(new Error(`coordinator exited (${code})`)));
      });
      assert.deepEqual(ready.signers, [1, 2, 3]);
      const call = async (body: object) => {
        const res = await fetch(`http://127.0.0.1:${ready.port}/`, {
          method: "POST",
          body: JSON.stringify(body),
        });
        return {
          status: res.status,
          body: (await res.json()) as { result?: Record<string, unknown>; error?: string },
        };
      };
      const m = bytesToHex(randomBytes(32));
      const r = await call({ method: "sign", message: `0x${m}`, taproot: true });
      assert.equal(r.status, 200, r.body.error);
      const { signature, publicKey } = r.body.result as { signature: string; publicKey: string };
      assert.ok(
        schnorr.verify(hexToBytes(signature.slice(2)), hexToBytes(m), hexToBytes(publicKey.slice(2))),
      );
      const bad = await call({ method: "sign", message: "0x12" });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error!, /32 bytes/);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
    }
  });
});

describe("custody processes: failures", () => {
  it("a signer killed mid-round: clean abort, then another quorum signs", async () => {
    // The CLI tests' key set (refreshed, signer 2 restored from backup).
    const dir = join(root, "cli");
    const state = readState(dir);
    const identity = openCoordinatorIdentity(dir, PASS);
    let victim: SignerProcess | undefined;
    const normal = await startSigners(new Map([1, 3].map((i) => [i, join(dir, `signer-${i}`)])), {
      passphrase: PASS,
    });
    assert.equal(state.group.epoch, 1);
    running.push(...normal);
    process.env.LANES_TEST_FAULT = "stall-after-commit";
    victim = await startSigner(2, join(dir, "signer-2"), {
      passphrase: PASS,
      entry: [faulty],
      log: (_i, line) => {
        if (line === "STALL") victim?.child.kill("SIGKILL");
      },
    });
    process.env.LANES_TEST_FAULT = "";
    running.push(victim);
    const lines: string[] = [];
    const coordinator = new Coordinator(identity, [...normal, victim], {
      log: (l) => lines.push(l),
      timeoutMs: 20_000,
    });
    const m = randomBytes(32);
    const r = await coordinator.signWithRetry(state.group, [1, 2, 3], m, "taproot");
    assert.deepEqual(r.quorum, [1, 3]);
    assert.ok(schnorr.verify(r.signature, m, r.publicKey));
    assert.ok(
      lines.some((l) => /retrying without 2/.test(l)),
      lines.join("\n"),
    );
    // Signer 1 took part in the aborted round: its nonces from it were discarded.
    assert.deepEqual(readdirSync(join(dir, "signer-1", "nonces")), []);
  });

  it("a signer process sending a bad DKG share is named", async () => {
    const dir = join(root, "blame");
    const identity = openCoordinatorIdentity(dir, PASS);
    const good = await startSigners(new Map([1, 2].map((i) => [i, join(dir, `signer-${i}`)])), {
      passphrase: PASS,
    });
    running.push(...good);
    process.env.LANES_TEST_FAULT = "bad-dkg-share-to-1";
    const bad = await startSigner(3, join(dir, "signer-3"), { passphrase: PASS, entry: [faulty] });
    process.env.LANES_TEST_FAULT = "";
    running.push(bad);
    const coordinator = new Coordinator(identity, [...good, bad]);
    await assert.rejects(
      coordinator.keygen(2, [1, 2, 3]),
      (e: unknown) => e instanceof BlameError && e.culprits.join() === "3",
    );
  });
});

describe("lanes custody reshare (signers as processes)", () => {
  it("moves the CLI key set from signers 1,3 to 2,3,4 (2-of-3): same keys, signer 1 retired", () => {
    const dir = join(root, "cli");
    const before = readState(dir);
    const r = custody("reshare", "--dir", dir, "--from", "1,3", "--to", "2,3,4", "--threshold", "2");
    assert.equal(r.status, 0, r.stderr);
    const after = readState(dir);
    assert.equal(after.group.commitments[0], before.group.commitments[0]);
    assert.deepEqual(after.group.signers, [2, 3, 4]);
    assert.equal(after.group.epoch, before.group.epoch + 1);
    assert.ok(!existsSync(join(dir, "signer-1", "share.json")), "signer 1 deleted its share");
    const m = `0x${bytesToHex(randomBytes(32))}`;
    const s = custody("sign", "--dir", dir, "--signers", "3,4", "--message", m, "--taproot", "--json");
    assert.equal(s.status, 0, s.stderr);
    const out = JSON.parse(s.stdout) as { signature: string; publicKey: string };
    assert.ok(
      schnorr.verify(
        hexToBytes(out.signature.slice(2)),
        hexToBytes(m.slice(2)),
        hexToBytes(out.publicKey.slice(2)),
      ),
    );
    const gone = custody("sign", "--dir", dir, "--signers", "1,3", "--message", m, "--json");
    assert.notEqual(gone.status, 0);
    assert.match(gone.stderr, /signer 1 is not in the key set/);
  });
});
