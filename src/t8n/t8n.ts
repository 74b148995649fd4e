// `lanes t8n` without the command line: from loaded inputs and a chain config to geth's three outputs
// (result, alloc, body). Every input problem surfaces as InputError/FieldError before any output exists.
import type { ChainConfig } from "../block/types.js";
import type { ForkRules } from "../evm/forks.js";
import { bytesToHex } from "../primitives/hex.js";
import { buildPreState } from "../statetest/pre-state.js";
import { type AllocJson, formatAlloc, parseT8nAlloc } from "./alloc.js";
import { buildBlockEnv, parentHashOf, parseEnv, resolveFees, type T8nEnv } from "./env.js";
import { InputError, inSource } from "./errors.js";
import type { RawInputs, TxsInput } from "./io.js";
import { formatResult, type ResultJson } from "./result-json.js";
import { applyTransition, type TransitionOutput } from "./transition.js";
import { parseTxJsonList } from "./tx-json.js";
import { decodeRlpTxs, encodeTxList, prepareT8nTx, type TxEntry } from "./tx-prepare.js";

export interface T8nOutputs {
  result: ResultJson;
  alloc: AllocJson;
  /** Hex of the RLP list of the included transactions. */
  body: string;
  transition: TransitionOutput;
}

/** The block's rules; a config that has none for this block (before its first fork) is an input problem. */
export function rulesFor(config: ChainConfig, env: T8nEnv, source: string): ForkRules {
  try {
    return config.rulesAt(env.number, env.timestamp);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(`${source}: ${e.message}`);
    throw e;
  }
}

export function loadTxEntries(txs: TxsInput, chainId: bigint): TxEntry[] {
  if (txs.kind === "rlp") return inSource(txs.source, () => decodeRlpTxs(txs.bytes, chainId));
  const parsed = inSource(txs.source, () => parseTxJsonList(txs.value, "", { chainId, requireNonce: true }));
  return parsed.map((json, i) => inSource(txs.source, () => prepareT8nTx(json, chainId, `[${i}]`)));
}

export function runT8n(inputs: RawInputs, config: ChainConfig): T8nOutputs {
  const alloc = inSource(inputs.alloc.source, () => parseT8nAlloc(inputs.alloc.value, ""));
  const env = inSource(inputs.env.source, () => parseEnv(inputs.env.value, ""));
  const rules = rulesFor(config, env, inputs.env.source);
  const fees = inSource(inputs.env.source, () => resolveFees(env, rules));
  const txs = loadTxEntries(inputs.txs, config.chainId);

  const transition = applyTransition({
    pre: buildPreState(alloc),
    env: buildBlockEnv(env, rules, config.chainId, fees),
    rules,
    txs,
    withdrawals: env.withdrawals ?? [],
    parentBeaconBlockRoot: env.parentBeaconBlockRoot,
    parentHash: parentHashOf(env),
    ...(config.depositContractAddress !== undefined
      ? { depositContract: config.depositContractAddress }
      : {}),
  });
  return {
    result: formatResult(transition, { number: env.number, ...fees, rules }),
    alloc: formatAlloc(transition.post.postState().accounts),
    body: bytesToHex(encodeTxList(transition.included.map((t) => t.raw))),
    transition,
  };
}
