// A geth genesis `config` with every fork from Homestead to Shanghai at block 0 / time 0 (Paris from
// genesis), plus Cancun at time 0 when asked: the schedule the CLI tests pass through `--genesis`.
export function gethConfigThrough(last: "shanghai" | "cancun") {
  return {
    chainId: 1,
    homesteadBlock: 0,
    eip150Block: 0,
    eip155Block: 0,
    eip158Block: 0,
    byzantiumBlock: 0,
    constantinopleBlock: 0,
    petersburgBlock: 0,
    istanbulBlock: 0,
    berlinBlock: 0,
    londonBlock: 0,
    mergeNetsplitBlock: 0,
    terminalTotalDifficulty: 0,
    shanghaiTime: 0,
    ...(last === "cancun"
      ? { cancunTime: 0, blobSchedule: { cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3338477 } } }
      : {}),
  };
}
