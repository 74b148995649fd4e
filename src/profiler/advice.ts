// Advice per hot spot, in plain words, from what the analysis classified (the pattern) and measured (the
// simulated gain). The text is a pure function of the report's own fields, so a report decoded later with
// storage layouts (`lanes profile --rpc ... --storage-layout`) gets its advice re-worded with the names.
import type { AdviceJson, BlockProfile, GainJson, HotContractJson, HotLocationJson } from "./types.js";

const pct = (part: number, whole: number) => `${whole > 0 ? Math.round((100 * part) / whole) : 0}%`;
const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;

function gainWords(profile: BlockProfile, gain: GainJson | undefined): string {
  if (gain === undefined) return "";
  const before = profile.criticalPath.ms;
  const b8 = profile.speedupBound["8"] ?? 0;
  const a8 = gain.speedupBound["8"] ?? 0;
  return (
    ` Simulated on the measured schedule (${gain.what}): critical path ${ms(before)} -> ${ms(gain.criticalPathMs)},` +
    ` speedup bound at 8 threads ${b8.toFixed(2)}x -> ${a8.toFixed(2)}x.`
  );
}

function isPoolName(name: string | undefined): boolean {
  return name !== undefined && /pair|pool|amm|swap/i.test(name);
}

export function locationAdviceText(profile: BlockProfile, hot: HotLocationJson): string {
  const loc = hot.location;
  const n = profile.txs;
  const subject = loc.label;
  const onChains = `${hot.txs} of the block's ${n} transactions (${pct(hot.txs, n)}) are on dependency chains through it`;
  let text: string;
  switch (hot.advice.pattern) {
    case "sender-chain":
      text =
        `${subject}: one account sends ${hot.txs} of the block's transactions, and each must wait for the nonce its` +
        " predecessor writes, so they run one after the other. Spread the work over several sender accounts" +
        " (one per user or per worker) so their transactions can run side by side.";
      break;
    case "balance-credits":
      text =
        `${subject}: credits to this balance are applied as commutative deltas, but ${hot.txs} transactions that` +
        " read the balance (BALANCE, a transfer out, a check) have to wait for every earlier credit. Avoid reading it" +
        " in the same block as the credits, or sweep it in a later block.";
      break;
    case "hot-balance":
      text =
        `${subject}: ${onChains}: they read and write this account's ETH balance. Pay into per-user or` +
        " per-shard deposit addresses, or batch the transfers into one transaction.";
      break;
    case "global-counter":
      text =
        `${subject}: a single slot written by ${pct(hot.writers, n)} of the transactions (${hot.writers} of ${n}):` +
        " a global counter or accumulator every transaction reads and updates, which serializes them. Keep it per" +
        " user (a mapping keyed by the sender) and sum off-chain or on demand, or make the update a commutative" +
        " delta (emit an event, accumulate in per-user slots and fold them later).";
      break;
    case "contract-state": {
      const owner = profile.hotContracts.find((c) => c.address === hot.advice.related);
      const name = owner?.name === undefined ? hot.advice.related : `${owner.name} ${owner.address}`;
      const alone =
        hot.advice.gain === undefined ? 0 : profile.criticalPath.ms - hot.advice.gain.criticalPathMs;
      text =
        `${subject}: ${onChains}. This is part of the state of ${name}, which every one of its callers reads and` +
        " writes" +
        (alone < 0.05 * profile.criticalPath.ms
          ? "; other locations of it carry the same dependencies, so changing this one alone gains little."
          : ".") +
        ` See the advice for ${name}.`;
      break;
    }
    case "hot-entry": {
      const key = loc.keys?.[0];
      text =
        `${subject}: ${onChains}, all reading and updating the same ${key === undefined ? "entry" : `entry of ${key}`}.` +
        (key !== undefined
          ? ` If ${key} is a pool, vault or exchange address, route the traffic across several of them; if it is a` +
            " user's balance or allowance, split the user's activity over several accounts or batch it."
          : " Split the entry (per user, per shard) or batch the updates.");
      break;
    }
    default:
      text =
        `${subject}: ${onChains}; ${hot.writers} transactions write it. Transactions that read a slot another one` +
        " of the block writes run in order: keep per-user state in per-user slots, and avoid shared read-modify-write.";
  }
  return text + gainWords(profile, hot.advice.gain);
}

export function contractAdviceText(profile: BlockProfile, hot: HotContractJson): string {
  const n = profile.txs;
  const who = hot.name === undefined ? `contract ${hot.address}` : `${hot.name} ${hot.address}`;
  const chain = `${hot.txs} of the block's ${n} transactions (${pct(hot.txs, n)}) depend on one another through its state`;
  if (hot.advice.pattern === "follows-contract") {
    const owner = profile.hotContracts.find((c) => c.address === hot.advice.related);
    const name = owner?.name === undefined ? hot.advice.related : `${owner.name} ${owner.address}`;
    return (
      `${who}: ${chain}, mostly through entries keyed by other hot contracts (their balances held here), the` +
      ` busiest ${name}. That is those contracts' traffic: spreading it (see their advice) spreads these entries too.`
    );
  }
  const text = isPoolName(hot.name)
    ? `${who}: one pool takes ${hot.txs} of the swaps in this block: ${chain}, every swap reading the reserves the` +
      " previous one wrote. Route the swaps across several pools (or split the order flow by pair)."
    : `${who}: ${chain} (${hot.locations} of its locations carry dependencies, the longest chain ${ms(hot.chainMs)}).` +
      " One shared instance serializes its callers: shard its state per user or deploy several instances and route" +
      " callers across them.";
  return text + gainWords(profile, hot.advice.gain);
}

/** Fills every hot spot's advice text and rebuilds the ranked advice list (largest simulated gain first). */
export function writeAdvice(profile: BlockProfile): void {
  const all: AdviceJson[] = [];
  for (const hot of profile.hotLocations) {
    hot.advice.text = locationAdviceText(profile, hot);
    all.push(hot.advice);
  }
  for (const hot of profile.hotContracts) {
    hot.advice.text = contractAdviceText(profile, hot);
    all.push(hot.advice);
  }
  const gained = (a: AdviceJson) =>
    a.gain === undefined ? 0 : profile.criticalPath.ms - a.gain.criticalPathMs;
  profile.advice = all
    .map((a, i) => ({ a, i }))
    .sort((x, y) => gained(y.a) - gained(x.a) || x.i - y.i)
    .map((x) => x.a);
}
