// `lanes statetest`: runs state-test fixtures and prints one JSON line per case on stdout, a summary on stderr
// (the command skeleton is shared with `lanes blocktest`: fixture-command.ts).
import { chainConfigForChoice } from "../block/chain-choice.js";
import { runFile } from "../statetest/runner.js";
import { defineFixtureCommand } from "./fixture-command.js";
import { FORK_LIST, forkOption, genesisOption } from "./fork-option.js";
import { StatetestSummary } from "./statetest-summary.js";

const USAGE = `Usage: lanes statetest <file|dir>... [options]

Runs Ethereum state-test fixtures (GeneralStateTests, EEST state_tests). Directories are searched
recursively for .json files. One JSON line per case goes to stdout:
  {"name","fork","index":{"data","gas","value"},"pass","stateRoot","logsHash","error"?}
and {"file","name"?,"pass":false,"error"} for a file or test that cannot be parsed.
A summary (passed/failed/skipped per fork) goes to stderr. Cases of forks Lanes does not implement
are skipped. Exit status: 0 if every case that ran passed, 1 otherwise, 2 on a usage error.

Options:
  --fork NAME       run only this fork's cases (${FORK_LIST})
  --genesis FILE    run every case under the fork schedule of a geth genesis.json (or its config
                    object) instead of its post entry's named fork: the rules the schedule gives the
                    fixture's block number and timestamp, and the genesis' chain id; each case is still
                    judged by its entry's expectations. Cases before the schedule's first fork are
                    skipped. With --fork, only that fork's entries run.
  --run REGEX       run only tests whose name matches REGEX
  --diff, -v        print the post-state diff of failing cases to stderr (alias --verbose)
  --failures-only   print JSON lines only for failing cases and malformed files
  --help, -h        show this help`;

export const statetestCommand = defineFixtureCommand({
  name: "statetest",
  summary: "run Ethereum state-test fixtures against the Lanes EVM",
  usage: USAGE,
  options: { fork: { value: true }, genesis: { value: true } },
  checkOptions: (args) => {
    forkOption(args, "statetest");
    genesisOption(args, "statetest");
  },
  openRunner: (args) => {
    const fork = forkOption(args, "statetest");
    const spec = genesisOption(args, "statetest");
    // The genesis' own chain id applies (chainConfigForChoice ignores the first argument for a spec).
    const chain = spec === undefined ? undefined : chainConfigForChoice(spec.chainId, spec);
    return (file, options) => runFile(file, { fork, chain, ...options });
  },
  newSummary: () => new StatetestSummary(),
  lineFields: (outcome) => ({
    name: outcome.name,
    fork: outcome.fork,
    index: outcome.index,
    pass: outcome.pass,
    stateRoot: outcome.stateRoot,
    logsHash: outcome.logsHash,
  }),
  failureTitle: ({ name, fork, index, file }) =>
    `FAIL ${name} ${fork} d${index.data}g${index.gas}v${index.value} (${file})`,
});
