// `lanes blocktest`: runs blockchain-test fixtures and prints one JSON line per test on stdout, a summary
// on stderr (the command skeleton is shared with `lanes statetest`: fixture-command.ts).
import { defaultBlockLayer } from "../blocktest/default-layer.js";
import { runBlockchainFile } from "../blocktest/runner.js";
import { BlocktestSummary } from "../blocktest/summary.js";
import { defineFixtureCommand } from "./fixture-command.js";
import { genesisOption } from "./fork-option.js";

const USAGE = `Usage: lanes blocktest <file|dir>... [options]

Runs Ethereum blockchain-test fixtures (BlockchainTests, EEST blockchain_tests): builds the genesis
state, imports every block (blocks marked expectException must be rejected), then checks the last
block hash and the post-state. Directories are searched recursively for .json files.
One JSON line per test goes to stdout:
  {"name","network","pass","lastBlockHash","error"?}
and {"file","name"?,"pass":false,"error"} for a file or test that cannot be parsed. "error" also
carries notes that do not fail a test (an invalid block rejected for another reason than expected).
A summary goes to stderr. Tests of networks Lanes does not run are skipped.
Exit status: 0 if every test that ran passed, 1 otherwise, 2 on a usage error.

Options:
  --genesis FILE    run every test under the fork schedule (by block number, then timestamp) and chain
                    id of a geth genesis.json (or its config object) instead of the fixture's network;
                    the "network" field of the output still names the fixture's
  --run REGEX       run only tests whose name matches REGEX
  --diff, -v        print failing tests with their post-state diff to stderr (alias --verbose)
  --failures-only   print JSON lines only for failing tests and malformed files
  --help, -h        show this help`;

export const blocktestCommand = defineFixtureCommand({
  name: "blocktest",
  summary: "run Ethereum blockchain-test fixtures (block import) against Lanes",
  usage: USAGE,
  options: { genesis: { value: true } },
  checkOptions: (args) => void genesisOption(args, "blocktest"),
  openRunner: (args) => {
    const layer = defaultBlockLayer(genesisOption(args, "blocktest"));
    return (file, options) => runBlockchainFile(file, { layer, ...options });
  },
  newSummary: () => new BlocktestSummary(),
  lineFields: (outcome) => ({
    name: outcome.name,
    network: outcome.network,
    pass: outcome.pass,
    lastBlockHash: outcome.lastBlockHash,
  }),
  failureTitle: ({ name, network, file }) => `FAIL ${name} ${network} (${file})`,
});
