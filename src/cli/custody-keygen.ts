// `lanes custody keygen`: a DKG among N local signer processes (stores under D/signer-<i>), coordinated by
// this process (identity under D/coordinator). Prints the group key, its BIP86 x-only output key and its
// Taproot addresses.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { bytesToHex } from "@noble/hashes/utils.js";
import { Coordinator } from "../custody/coordinator/coordinator.js";
import { openCoordinatorIdentity, statePath, writeState } from "../custody/coordinator/state.js";
import { signingKey } from "../custody/frost/signing.js";
import { taprootAddresses } from "../custody/frost/taproot.js";
import { startSigners, stopSigners } from "../custody/local/cluster.js";
import { readPassphrase } from "../custody/passphrase.js";
import type { ParsedArgs } from "./args.js";
import { defineCommand } from "./command.js";
import { intOption, noPositionals, requiredString } from "./custody-options.js";
import { custodyFailure } from "./custody-report.js";
import { EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes custody keygen --threshold T --signers N --dir D [--json]

Runs a FROST distributed key generation (RFC 9591 secp256k1, proofs of possession, identifiable aborts)
among N signer processes started on loopback, with signer i's encrypted store in D/signer-<i>. No party
ever holds the group secret. Prints the group public key (33-byte compressed), the BIP340 x-only key
after the BIP86 Taproot tweak, and the group's Taproot addresses:

  {"groupPublicKey": "0x..", "xOnlyPublicKey": "0x..", "taprootAddress": {"regtest", "testnet", "mainnet"}}

Options:
  --threshold T   signatures need T signers (2 <= T <= N)
  --signers N     number of signers (2..255)
  --dir D         custody directory (must not hold a key set yet)
  --json          print only the JSON object
Passphrase: LANES_CUSTODY_PASSPHRASE, or a prompt on a terminal.`;

async function run(args: ParsedArgs): Promise<number> {
  noPositionals(args, "keygen");
  const n = intOption(args, "signers", "keygen", 2, 255);
  const t = intOption(args, "threshold", "keygen", 2, 255);
  if (n === undefined) throw new UsageError("custody keygen: --signers is required");
  if (t === undefined) throw new UsageError("custody keygen: --threshold is required");
  if (t > n) throw new UsageError(`custody keygen: threshold ${t} exceeds the number of signers ${n}`);
  const dir = resolve(requiredString(args, "dir", "keygen"));
  if (existsSync(statePath(dir))) throw new UsageError(`custody keygen: ${dir} already holds a key set`);
  const json = args.options.has("json");
  return custodyFailure(async () => {
    const passphrase = await readPassphrase(dir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const identity = openCoordinatorIdentity(dir, passphrase);
    const indices = Array.from({ length: n }, (_, i) => i + 1);
    const dirs = new Map(indices.map((i) => [i, join(dir, `signer-${i}`)]));
    const signers = await startSigners(dirs, { passphrase });
    try {
      const coordinator = new Coordinator(identity, signers);
      const { group, roster } = await coordinator.keygen(t, indices);
      writeState(dir, {
        version: 1,
        group,
        roster,
        signerDirs: Object.fromEntries(indices.map((i) => [String(i), `signer-${i}`])),
        coordinatorPublicKey: coordinator.publicKey,
      });
      const out = {
        groupPublicKey: `0x${group.commitments[0]}`,
        xOnlyPublicKey: `0x${bytesToHex(signingKey(group, "taproot"))}`,
        taprootAddress: taprootAddresses(group.commitments[0]!),
      };
      if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else {
        process.stdout.write(
          `${t}-of-${n} key generated in ${dir}\n` +
            `group public key:  ${out.groupPublicKey}\n` +
            `x-only (BIP86):    ${out.xOnlyPublicKey}\n` +
            `taproot regtest:   ${out.taprootAddress.regtest}\n` +
            `taproot testnet:   ${out.taprootAddress.testnet}\n` +
            `taproot mainnet:   ${out.taprootAddress.mainnet}\n`,
        );
      }
      return EXIT_OK;
    } finally {
      identity.fill(0);
      await stopSigners(signers);
    }
  });
}

export const custodyKeygenCommand = defineCommand({
  name: "keygen",
  summary: "distributed key generation among N local signer processes",
  usage: USAGE,
  options: {
    threshold: { value: true },
    signers: { value: true },
    dir: { value: true },
    json: { value: false },
  },
  run,
});
