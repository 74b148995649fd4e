#!/usr/bin/env -S node --max-semi-space-size=64
import { packageVersion } from "../primitives/package-version.js";
// The `lanes` command-line entry: dispatches to one subcommand per file under src/cli/.
// A 64 MB semi-space (young generation) for the main thread: block execution allocates mostly short-lived
// values while a block's overlay, receipts and trie nodes live until its end, and with V8's default size the
// scavenges that keep copying those took a visible share of a block (figures: docs/parallel.md, "Measurements
// behind the encodings"). The npm scripts that run `lanes` pass the same flag; the pool's workers set theirs
// (worker-pool.ts).
import { benchCommand } from "./bench.js";
import { blocktestCommand } from "./blocktest.js";
import type { Command } from "./command.js";
import { contractCommand } from "./contract.js";
import { custodyCommand } from "./custody.js";
import { networkCommand } from "./network.js";
import { nodeCommand } from "./node.js";
import { profileCommand } from "./profile.js";
import { runCommand } from "./run.js";
import { shardCommand } from "./shard.js";
import { statetestCommand } from "./statetest.js";
import { t8nCommand } from "./t8n.js";
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from "./usage-error.js";
import { verifyCommand } from "./verify.js";

const COMMANDS: readonly Command[] = [
  statetestCommand,
  blocktestCommand,
  t8nCommand,
  runCommand,
  profileCommand,
  verifyCommand,
  benchCommand,
  nodeCommand,
  networkCommand,
  shardCommand,
  custodyCommand,
  contractCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n");
  return `Usage: lanes <command> [options]

Commands:
${list}
  ${"help".padEnd(width)}  show help for a command (lanes help <command>)

Options:
  --help, -h     show this help
  --version      print the version`;
}

function findCommand(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}" (see lanes --help)`);
  return command;
}

async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    process.stderr.write(`${help()}\n`);
    return EXIT_USAGE;
  }
  if (first === "--help" || first === "-h") {
    process.stdout.write(`${help()}\n`);
    return EXIT_OK;
  }
  if (first === "--version" || first === "-V") {
    process.stdout.write(`lanes ${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (first === "help") {
    if (rest.length === 0) process.stdout.write(`${help()}\n`);
    else process.stdout.write(`${findCommand(rest[0]!).usage}\n`);
    return EXIT_OK;
  }
  if (first.startsWith("-")) throw new UsageError(`unknown option ${first} (see lanes --help)`);
  return findCommand(first).run(rest);
}

// EPIPE (e.g. `lanes statetest ... | head`) means the reader is gone: stop quietly instead of crashing.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? EXIT_OK);
  throw e;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`lanes: ${e.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else {
    // A bug in Lanes itself: still one line plus the stack, and a distinct failure exit.
    process.stderr.write(
      `lanes: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = EXIT_FAILED;
  }
}
