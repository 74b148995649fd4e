// `lanes custody sign`: two-round FROST signing of a 32-byte message by the listed signers, each started
// as its own process from its store under D. Prints a BIP340 signature and the x-only key it verifies
// under (the BIP86 output key with --taproot, the untweaked group key without).
import { join, resolve } from "node:path";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { Coordinator } from "../custody/coordinator/coordinator.js";
import { openCoordinatorIdentity, readState } from "../custody/coordinator/state.js";
import { startSigners, stopSigners } from "../custody/local/cluster.js";
import { readPassphrase } from "../custody/passphrase.js";
import type { ParsedArgs } from "./args.js";
import { defineCommand } from "./command.js";
import { indexList, noPositionals, requiredString } from "./custody-options.js";
import { custodyFailure } from "./custody-report.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes custody sign --dir D --signers 1,3 --message 0x<32 bytes> [--taproot] [--json]

Signs with the listed signers (at least the threshold) of the key set in D:

  {"signature": "0x<64 bytes>", "publicKey": "0x<32-byte x-only key>"}

The signature is always a BIP340 Schnorr signature. With --taproot it verifies under keygen's
xOnlyPublicKey (a BIP86 key-path spend); without, under the untweaked group key (x-only). Fewer signers
than the threshold is an error (exit status 1).

Options:
  --dir D            custody directory made by lanes custody keygen
  --signers LIST     signer numbers, comma-separated
  --message HEX      32 bytes, 0x-prefixed
  --taproot          sign for the Taproot output key
  --json             print only the JSON object
Passphrase: LANES_CUSTODY_PASSPHRASE, or a prompt on a terminal.`;

async function run(args: ParsedArgs): Promise<number> {
  noPositionals(args, "sign");
  const dir = resolve(requiredString(args, "dir", "sign"));
  const list = indexList(requiredString(args, "signers", "sign"), "signers", "sign");
  const messageHex = requiredString(args, "message", "sign");
  if (!/^0x[0-9a-fA-F]{64}$/.test(messageHex))
    throw new UsageError("custody sign: --message must be 0x followed by 64 hex digits (32 bytes)");
  const message = hexToBytes(messageHex.slice(2).toLowerCase());
  const mode = args.options.has("taproot") ? "taproot" : "plain";
  const json = args.options.has("json");
  return custodyFailure(async () => {
    const state = readState(dir);
    const { group } = state;
    const unknown = list.filter((i) => !group.signers.includes(i));
    if (unknown.length > 0) {
      process.stderr.write(
        `lanes custody: signer ${unknown.join(", ")} is not in the key set (signers ${group.signers.join(",")})\n`,
      );
      return EXIT_FAILED;
    }
    if (list.length < group.threshold) {
      process.stderr.write(
        `lanes custody: need at least ${group.threshold} signers (threshold ${group.threshold} of ${group.signers.length}), got ${list.length}: ${list.join(",")}\n`,
      );
      return EXIT_FAILED;
    }
    const passphrase = await readPassphrase(dir);
    const identity = openCoordinatorIdentity(dir, passphrase);
    const signers = await startSigners(
      new Map(list.map((i) => [i, join(dir, state.signerDirs[String(i)] ?? `signer-${i}`)])),
      { passphrase },
    );
    try {
      for (const s of signers) {
        if (state.roster[String(s.index)] !== s.publicKey)
          throw new UsageError(`signer ${s.index}'s identity key differs from the roster`);
      }
      const coordinator = new Coordinator(identity, signers);
      const r = await coordinator.sign(group, list, message, mode);
      const out = { signature: `0x${bytesToHex(r.signature)}`, publicKey: `0x${bytesToHex(r.publicKey)}` };
      if (json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else
        process.stdout.write(
          `signature:  ${out.signature}\npublic key: ${out.publicKey} (${mode === "taproot" ? "BIP86 output key" : "untweaked group key"})\n`,
        );
      return EXIT_OK;
    } finally {
      identity.fill(0);
      await stopSigners(signers);
    }
  });
}

export const custodySignCommand = defineCommand({
  name: "sign",
  summary: "FROST-sign a 32-byte message with the listed signers",
  usage: USAGE,
  options: {
    dir: { value: true },
    signers: { value: true },
    message: { value: true },
    taproot: { value: false },
    json: { value: false },
  },
  run,
});
