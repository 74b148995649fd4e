// geth genesis.json parsing (src/block/genesis-config.ts): the fork schedule, the alloc, the genesis header's
// fork-dependent fields, and clear errors for malformed input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  chainConfigFromSpec,
  forkAt,
  parseGenesisConfig,
  parseGethGenesis,
} from "../../src/block/genesis-config.js";
import { FieldError } from "../../src/primitives/json-read.js";

const config = {
  chainId: 7,
  homesteadBlock: 0,
  londonBlock: 0,
  mergeNetsplitBlock: 0,
  shanghaiTime: 0,
  cancunTime: 100,
  pragueTime: 200,
  blobSchedule: {
    cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3338477 },
    prague: { target: 6, max: 9, baseFeeUpdateFraction: 5007716 },
  },
};

describe("geth genesis.json", () => {
  it("reads the fork schedule by block and by time", () => {
    const spec = parseGenesisConfig(config);
    assert.equal(spec.chainId, 7n);
    assert.equal(forkAt(spec, 0n, 0n), "Shanghai");
    assert.equal(forkAt(spec, 5n, 150n), "Cancun");
    assert.equal(forkAt(spec, 9n, 200n), "Prague");
    assert.deepEqual(spec.blobSchedules.get("Prague"), {
      target: 6,
      max: 9,
      baseFeeUpdateFraction: 5007716n,
    });
  });

  it("gives Lanes rules for every scheduled fork, by block and then by time", () => {
    const chain = chainConfigFromSpec(parseGenesisConfig(config));
    assert.equal(chain.chainId, 7n);
    assert.equal(chain.rulesAt(1n, 99n).name, "Shanghai");
    assert.equal(chain.rulesAt(1n, 100n).name, "Cancun");
    assert.ok(chain.rulesAt(2n, 250n).eip7685, "Prague from time 200");
    assert.ok(!chain.rulesAt(1n, 150n).eip7685, "Cancun before 200");
    assert.equal(chain.rulesAt(1n, 150n), chain.rulesAt(9n, 199n), "one rules object per fork");
  });

  it("maps geth's pre-Merge forks to Lanes' rows (glaciers move the bomb) and stops at forks it lacks", () => {
    const spec = parseGenesisConfig({
      chainId: 9,
      homesteadBlock: 2,
      eip150Block: 3,
      eip158Block: 6,
      byzantiumBlock: 9,
      constantinopleBlock: 12,
      petersburgBlock: 15,
      istanbulBlock: 18,
      muirGlacierBlock: 21,
      berlinBlock: 24,
      londonBlock: 27,
      arrowGlacierBlock: 30,
      grayGlacierBlock: 33,
      mergeNetsplitBlock: 36,
      shanghaiTime: 390,
      cancunTime: 420,
      bpo3Time: 600,
    });
    const chain = chainConfigFromSpec(spec);
    const at = (n: bigint, t = 0n) => chain.rulesAt(n, t);
    assert.equal(at(0n).name, "Frontier");
    assert.equal(at(2n).name, "Homestead");
    assert.equal(at(5n).name, "EIP150");
    assert.equal(at(6n).name, "EIP158");
    assert.equal(at(14n).name, "Constantinople");
    assert.equal(at(15n).name, "ConstantinopleFix");
    assert.equal(at(20n).bombDelay, at(18n).bombDelay, "Istanbul's own delay before Muir Glacier");
    assert.equal(at(21n).name, "Istanbul");
    assert.equal(at(21n).bombDelay, 9_000_000n);
    assert.equal(at(30n).name, "London");
    assert.equal(at(30n).bombDelay, 10_700_000n);
    assert.equal(at(33n).bombDelay, 11_400_000n);
    assert.equal(at(36n, 389n).name, "Paris");
    assert.equal(at(40n, 390n).name, "Shanghai");
    assert.equal(at(41n, 599n).name, "Cancun");
    assert.throws(() => at(42n, 600n), /no fork is scheduled/, "BPO3 has no rules in Lanes");
  });

  it("builds the genesis state and a header with the fields its forks require", () => {
    const g = parseGethGenesis({
      config,
      gasLimit: "0x1c9c380",
      difficulty: "0x0",
      extraData: "0x1234",
      alloc: {
        "0000000000000000000000000000000000000aaa": { balance: "0x10", nonce: "0x2" },
        "0x0000000000000000000000000000000000000bbb": {
          code: "0x6001",
          storage: { "0x01": "0x05", "0x02": "0x0" },
        },
      },
    });
    assert.equal(g.state.getAccount(0xaaan)?.balance, 16n);
    assert.equal(g.state.getAccount(0xaaan)?.nonce, 2n);
    assert.deepEqual([...g.state.getCode(0xbbbn)], [0x60, 0x01]);
    assert.equal(g.state.getStorage(0xbbbn, 1n), 5n);
    assert.equal(g.header.gasLimit, 30_000_000n);
    assert.equal(g.header.baseFeePerGas, 1_000_000_000n, "London at genesis: geth's initial base fee");
    assert.ok(g.header.withdrawalsRoot !== undefined, "Shanghai at genesis");
    assert.equal(g.header.excessBlobGas, undefined, "Cancun only from time 100");
    assert.deepEqual(g.header.stateRoot, g.state.stateRoot());
  });

  it("refuses malformed input with the field's path", () => {
    assert.throws(() => parseGenesisConfig({ homesteadBlock: 0 }), FieldError);
    assert.throws(
      () => parseGenesisConfig({ chainId: 1, byzantiumBlock: 10, constantinopleBlock: 5 }),
      (e: unknown) => e instanceof FieldError && e.message.includes("constantinopleBlock"),
    );
    assert.throws(
      () => parseGenesisConfig({ chainId: 1, blobSchedule: { nosuchfork: { target: 1, max: 2 } } }),
      FieldError,
    );
    assert.throws(() => parseGethGenesis({ config, alloc: { "0x12": {} } }), FieldError);
    assert.throws(() => parseGethGenesis({ config, alloc: [] }), FieldError);
  });
});

describe("the DAO fork and the Merge by total difficulty from a genesis config", () => {
  it("daoForkBlock counts only with daoForkSupport, and reaches every fork's rules", () => {
    const base = { chainId: 1, homesteadBlock: 2, daoForkBlock: 5 };
    const supported = chainConfigFromSpec(parseGenesisConfig({ ...base, daoForkSupport: true }));
    assert.equal(supported.rulesAt(1n, 0n).daoForkBlock, 5n);
    assert.equal(supported.rulesAt(9n, 0n).name, "Homestead");
    assert.equal(supported.rulesAt(9n, 0n).daoForkBlock, 5n);
    const opposed = chainConfigFromSpec(parseGenesisConfig({ ...base, daoForkSupport: false }));
    assert.equal(opposed.rulesAt(9n, 0n).daoForkBlock, undefined);
    // Still part of the fork id either way (geth counts it).
    assert.deepEqual(parseGenesisConfig(base).otherForkBlocks, [5n]);
  });

  it("a terminal total difficulty without mergeNetsplitBlock merges by difficulty, before the timed forks", () => {
    const spec = parseGenesisConfig({
      chainId: 1,
      londonBlock: 0,
      terminalTotalDifficulty: 1000,
      shanghaiTime: 50,
    });
    const chain = chainConfigFromSpec(spec);
    assert.equal(chain.terminalTotalDifficulty, 1000n);
    assert.equal(chain.rulesAt(3n, 10n, false).name, "London");
    assert.equal(chain.rulesAt(3n, 10n, true).name, "Paris");
    assert.equal(chain.rulesAt(3n, 50n).name, "Shanghai");
    // With a merge block, or a terminal total difficulty of 0, the schedule alone decides.
    const byBlock = chainConfigFromSpec(
      parseGenesisConfig({
        chainId: 1,
        londonBlock: 0,
        mergeNetsplitBlock: 4,
        terminalTotalDifficulty: 1000,
      }),
    );
    assert.equal(byBlock.terminalTotalDifficulty, undefined);
    assert.equal(byBlock.rulesAt(3n, 0n, true).name, "London");
    assert.equal(byBlock.rulesAt(4n, 0n).name, "Paris");
    const fromGenesis = chainConfigFromSpec(
      parseGenesisConfig({ chainId: 1, londonBlock: 0, terminalTotalDifficulty: 0 }),
    );
    assert.equal(fromGenesis.rulesAt(1n, 0n).name, "Paris");
  });
});
