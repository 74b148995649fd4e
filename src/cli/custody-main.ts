#!/usr/bin/env node
// A lighter entry for `lanes custody ...` alone: the same subcommands and error handling as
// `lanes custody` (main.ts), without loading the EVM tools. The local cluster starts signer processes
// through it (process start-up is most of a local signing's latency); `lanes custody` behaves the same.
import { custodyCommand } from "./custody.js";
import { EXIT_FAILED, EXIT_USAGE, UsageError } from "./usage-error.js";

try {
  process.exitCode = await custodyCommand.run(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`lanes: ${e.message}\n`);
    process.exitCode = EXIT_USAGE;
  } else {
    process.stderr.write(
      `lanes: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = EXIT_FAILED;
  }
}
