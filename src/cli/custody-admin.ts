// `lanes custody refresh | reshare | backup | restore`: key-set maintenance on the local custody
// directory. refresh and reshare start the signers involved as processes and run the protocol through the
// coordinator; backup and restore act on one signer's store directly (on that signer's machine).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { backupSigner, restoreSigner } from "../custody/backup/shamir-backup.js";
import { Coordinator } from "../custody/coordinator/coordinator.js";
import { openCoordinatorIdentity, readState, writeState } from "../custody/coordinator/state.js";
import { startSigners, stopSigners } from "../custody/local/cluster.js";
import { readPassphrase } from "../custody/passphrase.js";
import { SignerStore } from "../custody/store/signer-store.js";
import type { ParsedArgs } from "./args.js";
import { stringOption } from "./args.js";
import { defineCommand } from "./command.js";
import { indexList, intOption, noPositionals, requiredString } from "./custody-options.js";
import { custodyFailure } from "./custody-report.js";
import { EXIT_OK, UsageError } from "./usage-error.js";

const signerDir = (dir: string, dirs: Record<string, string>, i: number) =>
  join(dir, dirs[String(i)] ?? `signer-${i}`);

const refresh = defineCommand({
  name: "refresh",
  summary: "proactive share refresh (same key, old shares useless)",
  usage: `Usage: lanes custody refresh --dir D

Every signer of the key set deals a random polynomial with a zero constant term; each adds what it
receives to its share. The key is unchanged, every share changes, and old shares no longer combine with
new ones. All signers must be reachable.`,
  options: { dir: { value: true } },
  run: (args: ParsedArgs) =>
    custodyFailure(async () => {
      noPositionals(args, "refresh");
      const dir = resolve(requiredString(args, "dir", "refresh"));
      const state = readState(dir);
      const passphrase = await readPassphrase(dir);
      const identity = openCoordinatorIdentity(dir, passphrase);
      const signers = await startSigners(
        new Map(state.group.signers.map((i) => [i, signerDir(dir, state.signerDirs, i)])),
        { passphrase },
      );
      try {
        const next = await new Coordinator(identity, signers).refresh(state.group);
        writeState(dir, { ...state, group: next });
        process.stdout.write(
          `${JSON.stringify({ epoch: next.epoch, groupPublicKey: `0x${next.commitments[0]}` })}\n`,
        );
        return EXIT_OK;
      } finally {
        await stopSigners(signers);
      }
    }),
});

const reshare = defineCommand({
  name: "reshare",
  summary: "move the key to a new signer set and threshold",
  usage: `Usage: lanes custody reshare --dir D --from 1,2 --to 2,3,4,5 --threshold T

Signers --from (at least the current threshold) reshare the same key to the signers --to with a new
threshold. New signer numbers get new stores under D/signer-<i>; old signers outside --to delete their
shares once the new set has signed a retirement message with the key.`,
  options: { dir: { value: true }, from: { value: true }, to: { value: true }, threshold: { value: true } },
  run: (args: ParsedArgs) =>
    custodyFailure(async () => {
      noPositionals(args, "reshare");
      const dir = resolve(requiredString(args, "dir", "reshare"));
      const from = indexList(requiredString(args, "from", "reshare"), "from", "reshare");
      const to = indexList(requiredString(args, "to", "reshare"), "to", "reshare");
      const threshold = intOption(args, "threshold", "reshare", 2, 255);
      if (threshold === undefined || threshold > to.length)
        throw new UsageError("custody reshare: --threshold T with 2 <= T <= the size of --to is required");
      const state = readState(dir);
      if (from.length < state.group.threshold)
        throw new UsageError(`custody reshare: need at least ${state.group.threshold} signers in --from`);
      const passphrase = await readPassphrase(dir);
      const identity = openCoordinatorIdentity(dir, passphrase);
      const involved = [...new Set([...state.group.signers, ...to])];
      const dirs = { ...state.signerDirs };
      for (const i of to) dirs[String(i)] ??= `signer-${i}`;
      const signers = await startSigners(new Map(involved.map((i) => [i, signerDir(dir, dirs, i)])), {
        passphrase,
      });
      try {
        const out = await new Coordinator(identity, signers).reshare(
          state.group,
          state.roster,
          from,
          to,
          threshold,
        );
        writeState(dir, {
          ...state,
          group: out.group,
          roster: out.roster,
          signerDirs: Object.fromEntries(to.map((i) => [String(i), dirs[String(i)]!])),
        });
        process.stdout.write(
          `${JSON.stringify({ epoch: out.group.epoch, threshold, signers: to, groupPublicKey: `0x${out.group.commitments[0]}` })}\n`,
        );
        return EXIT_OK;
      } finally {
        await stopSigners(signers);
      }
    }),
});

const backup = defineCommand({
  name: "backup",
  summary: "split one signer's secrets into m-of-k Shamir backup pieces",
  usage: `Usage: lanes custody backup --dir D --signer I --pieces K --threshold M --out DIR

Writes K piece directories under DIR (each sealed under the passphrase); any M of them restore signer I.`,
  options: {
    dir: { value: true },
    signer: { value: true },
    pieces: { value: true },
    threshold: { value: true },
    out: { value: true },
  },
  run: (args: ParsedArgs) =>
    custodyFailure(async () => {
      noPositionals(args, "backup");
      const dir = resolve(requiredString(args, "dir", "backup"));
      const index = intOption(args, "signer", "backup", 1, 255);
      const k = intOption(args, "pieces", "backup", 2, 255);
      const m = intOption(args, "threshold", "backup", 2, 255);
      if (index === undefined || k === undefined || m === undefined)
        throw new UsageError("custody backup: --signer, --pieces and --threshold are required");
      const out = resolve(requiredString(args, "out", "backup"));
      const state = readState(dir);
      const passphrase = await readPassphrase(dir);
      const store = SignerStore.open(signerDir(dir, state.signerDirs, index), passphrase);
      try {
        const paths = await backupSigner(store, out, k, m, passphrase);
        process.stdout.write(`${JSON.stringify({ signer: index, threshold: m, pieces: paths })}\n`);
        return EXIT_OK;
      } finally {
        store.close();
      }
    }),
});

const restore = defineCommand({
  name: "restore",
  summary: "rebuild a signer's store from Shamir backup pieces",
  usage: `Usage: lanes custody restore --dir D --signer I --pieces DIR1,DIR2,...

Combines the pieces, checks the share against the key set's verifying share and the identity key against
the roster, and writes signer I's store (which must not exist).`,
  options: { dir: { value: true }, signer: { value: true }, pieces: { value: true } },
  run: (args: ParsedArgs) =>
    custodyFailure(async () => {
      noPositionals(args, "restore");
      const dir = resolve(requiredString(args, "dir", "restore"));
      const index = intOption(args, "signer", "restore", 1, 255);
      if (index === undefined) throw new UsageError("custody restore: --signer is required");
      const pieces = (stringOption(args, "pieces") ?? "")
        .split(",")
        .filter((p) => p !== "")
        .map((p) => resolve(p));
      if (pieces.length === 0) throw new UsageError("custody restore: --pieces is required");
      const state = readState(dir);
      const target = signerDir(dir, state.signerDirs, index);
      if (existsSync(join(target, "identity.json")))
        throw new UsageError(`custody restore: ${target} already holds a signer`);
      const passphrase = await readPassphrase(dir);
      const store = await restoreSigner(target, pieces, passphrase);
      try {
        if (store.index !== index)
          throw new UsageError(`custody restore: the pieces are of signer ${store.index}, not ${index}`);
        const key = store.key()!;
        if (
          key.group.commitments[0] !== state.group.commitments[0] ||
          key.group.epoch !== state.group.epoch
        ) {
          throw new UsageError("custody restore: the pieces are of another key set or an older epoch");
        }
        process.stdout.write(
          `${JSON.stringify({ signer: index, epoch: key.group.epoch, restored: target })}\n`,
        );
        return EXIT_OK;
      } finally {
        store.close();
      }
    }),
});

export const custodyAdminCommands = [refresh, reshare, backup, restore];
