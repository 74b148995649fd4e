// `lanes custody <subcommand>`: FROST threshold custody (src/custody). Each subcommand lives in its own
// file (custody-*.ts); this one only dispatches and prints the overview.
import type { Command } from "./command.js";
import { custodyAdminCommands } from "./custody-admin.js";
import { custodyCoordinatorCommand } from "./custody-coordinator.js";
import { custodyKeygenCommand } from "./custody-keygen.js";
import { custodySignCommand } from "./custody-sign.js";
import { custodySignerCommand } from "./custody-signer.js";
import { EXIT_OK, EXIT_USAGE, UsageError } from "./usage-error.js";

const SUBCOMMANDS: readonly Command[] = [
  custodyKeygenCommand,
  custodySignCommand,
  custodySignerCommand,
  custodyCoordinatorCommand,
  ...custodyAdminCommands,
];

const USAGE = `Usage: lanes custody <subcommand> [options]

FROST threshold custody (RFC 9591, BIP340/Taproot) with signers as separate processes. The passphrase
that encrypts every store comes from LANES_CUSTODY_PASSPHRASE or a terminal prompt, never a flag.

Subcommands:
${SUBCOMMANDS.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join("\n")}

See docs/custody.md, and lanes custody <subcommand> --help.`;

export const custodyCommand: Command = {
  name: "custody",
  summary: "FROST threshold custody: keygen, sign, signer/coordinator processes, refresh, reshare, backup",
  usage: USAGE,
  run(argv) {
    const [sub, ...rest] = argv;
    if (sub === undefined) {
      process.stderr.write(`${USAGE}\n`);
      return EXIT_USAGE;
    }
    if (sub === "--help" || sub === "-h" || sub === "help") {
      process.stdout.write(`${USAGE}\n`);
      return EXIT_OK;
    }
    const command = SUBCOMMANDS.find((c) => c.name === sub);
    if (command === undefined)
      throw new UsageError(`custody: unknown subcommand "${sub}" (see lanes custody --help)`);
    return command.run(rest);
  },
};
