// ChainConfig builders: fixed forks, blob schedule overrides, timestamp schedules, fixture network names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { configForNetwork, fixedForkConfig, scheduledForkConfig } from "../../src/block/chain-config.js";
import { MAINNET_DAO_FORK_BLOCK, MAINNET_FORK_SCHEDULE, mainnetConfig } from "../../src/block/mainnet.js";

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

test("mainnet's whole schedule: block numbers from Frontier to Paris, then timestamps", () => {
  const config = mainnetConfig();
  assert.equal(config.chainId, 1n);
  const at = (number: bigint, timestamp = 0n) => config.rulesAt(number, timestamp).name;
  assert.equal(at(0n), "Frontier");
  assert.equal(at(1_149_999n), "Frontier");
  assert.equal(at(1_150_000n), "Homestead");
  assert.equal(at(2_463_000n), "EIP150");
  assert.equal(at(2_675_000n), "EIP158");
  assert.equal(at(4_370_000n), "Byzantium");
  assert.equal(at(7_280_000n), "ConstantinopleFix");
  assert.equal(at(9_069_000n), "Istanbul");
  assert.equal(config.rulesAt(9_200_000n, 0n).bombDelay, 9_000_000n);
  assert.equal(at(12_244_000n), "Berlin");
  assert.equal(at(12_965_000n), "London");
  assert.equal(config.rulesAt(13_773_000n, 0n).bombDelay, 10_700_000n);
  assert.equal(config.rulesAt(15_050_000n, 0n).bombDelay, 11_400_000n);
  assert.equal(at(15_537_393n, 1_663_224_162n), "London");
  assert.equal(at(15_537_394n, 1_663_224_179n), "Paris");
  for (const a of MAINNET_FORK_SCHEDULE) {
    if (a.timestamp === undefined) continue;
    assert.equal(at(17_034_870n, a.timestamp), a.fork);
    assert.notEqual(at(17_034_870n, a.timestamp - 1n), a.fork);
  }
  assert.equal(at(24_000_000n, 1_764_798_550n), "Prague");
  // The DAO block is chain data on every fork's rules; no terminal total difficulty is needed.
  assert.equal(config.rulesAt(1_920_000n, 0n).daoForkBlock, MAINNET_DAO_FORK_BLOCK);
  assert.equal(config.terminalTotalDifficulty, undefined);
  assert.equal(mainnetConfig(5n).chainId, 5n);
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
