// ChainConfig builders: fixed forks, blob schedule overrides, timestamp schedules, fixture network names.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  configForNetwork,
  fixedForkConfig,
  MAINNET_FORK_TIMESTAMPS,
  mainnetConfig,
  scheduledForkConfig,
} from "../../src/block/chain-config.js";

test("a fixed-fork config applies one fork (with its blob schedule override) to every block", () => {
  const config = fixedForkConfig(1n, "Prague", {
    blobSchedules: new Map([["Prague", { target: 1, max: 2, baseFeeUpdateFraction: 3n }]]),
  });
  const rules = config.rulesAt(1n, 0n);
  assert.equal(rules.name, "Prague");
  assert.deepEqual(rules.blobSchedule, { target: 1, max: 2, baseFeeUpdateFraction: 3n });
  assert.equal(config.rulesAt(1_000_000n, 1n << 40n), rules);
  assert.throws(() => fixedForkConfig(1n, "Merge"));
});

test("mainnet switches forks at the activation timestamps", () => {
  const config = mainnetConfig();
  assert.equal(config.chainId, 1n);
  for (const { fork, timestamp } of MAINNET_FORK_TIMESTAMPS) {
    assert.equal(config.rulesAt(0n, timestamp).name, fork);
  }
  assert.equal(config.rulesAt(0n, 1_746_612_310n).name, "Cancun");
  assert.equal(config.rulesAt(0n, 1_764_798_550n).name, "Prague");
  assert.throws(() => config.rulesAt(0n, 1_710_338_134n), RangeError);
});

test("fixture network names: single forks, AtTime and At<number> transitions", () => {
  assert.equal(configForNetwork(1n, "Osaka")!.rulesAt(1n, 1n).name, "Osaka");
  const transition = configForNetwork(1n, "PragueToOsakaAtTime15k")!;
  assert.equal(transition.rulesAt(1n, 14_999n).name, "Prague");
  assert.equal(transition.rulesAt(2n, 15_000n).name, "Osaka");
  assert.equal(configForNetwork(1n, "Shanghai")!.rulesAt(1n, 1n).name, "Shanghai");
  assert.equal(configForNetwork(1n, "ShanghaiToCancunAtTime15k")!.rulesAt(1n, 15_000n).name, "Cancun");
  const byNumber = configForNetwork(1n, "FrontierToHomesteadAt5")!;
  assert.equal(byNumber.rulesAt(4n, 1n << 40n).name, "Frontier");
  assert.equal(byNumber.rulesAt(5n, 0n).name, "Homestead");
  assert.equal(configForNetwork(1n, "HomesteadToEIP150At5")!.rulesAt(5n, 0n).daoForkBlock, undefined);
  const dao = configForNetwork(1n, "HomesteadToDaoAt5")!;
  assert.equal(dao.rulesAt(4n, 0n).name, "Homestead");
  assert.equal(dao.rulesAt(4n, 0n).daoForkBlock, 5n);
  assert.equal(dao.rulesAt(6n, 0n).name, "Homestead");
  assert.equal(configForNetwork(1n, "NoSuchForkToDaoAt5"), undefined);
  assert.equal(configForNetwork(1n, "PragueToAmsterdamAtTime15k"), undefined);
  assert.equal(configForNetwork(1n, "NoSuchForkToParisAtDiffC0000"), undefined);
  assert.equal(configForNetwork(1n, "prague"), undefined);
  const deposit = scheduledForkConfig(5n, [{ fork: "Cancun", timestamp: 0n }], {
    depositContractAddress: 7n,
  });
  assert.equal(deposit.depositContractAddress, 7n);
});

test("the Merge at a terminal total difficulty: Paris's rules for the blocks said to be merged", () => {
  const config = configForNetwork(1n, "ArrowGlacierToParisAtDiffC0000")!;
  assert.equal(config.terminalTotalDifficulty, 0xc0000n);
  const pow = config.rulesAt(9n, 9n, false);
  assert.equal(pow.name, "London");
  assert.equal(pow.bombDelay, 10_700_000n);
  assert.equal(config.rulesAt(9n, 9n).name, "London");
  assert.equal(config.rulesAt(1n, 1n, true).name, "Paris");
  // Without a TTD the flag is ignored.
  assert.equal(configForNetwork(1n, "London")!.rulesAt(1n, 1n, true).name, "London");
  assert.equal(configForNetwork(1n, "London")!.terminalTotalDifficulty, undefined);
});
