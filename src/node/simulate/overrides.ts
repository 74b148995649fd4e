// eth_simulateV1's state overrides: applied to the simulation's state before a block's calls (they persist
// into later blocks, as the block's own changes do), and its precompile moves (movePrecompileToAddress),
// which hold for that block only. Semantics are geth's (internal/ethapi/override): accounts in address order;
// an overridden precompile address is no longer a precompile; `state` replaces the whole storage and
// `stateDiff` patches slots (not both); a move's destination may not itself be overridden.
import type { ForkRules } from "../../evm/forks.js";
import { getPrecompile, type Precompile, precompileAddresses } from "../../evm/precompiles/index.js";
import { addressToHex } from "../../primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../primitives/keccak.js";
import type { AccountDiff, StateDiff, StateReader } from "../../state/types.js";
import { serverError } from "../rpc-errors.js";

export interface SimAccountOverride {
  balance?: bigint;
  nonce?: bigint;
  code?: Uint8Array;
  state?: Map<bigint, bigint>;
  stateDiff?: Map<bigint, bigint>;
  movePrecompileToAddress?: bigint;
}

export type SimStateOverrides = Map<bigint, SimAccountOverride>;

/**
 * The state change the overrides make on `reader`, and the block's precompile table when any override
 * touches a precompile (undefined: the fork's own set). Throws -32000 for an impossible override.
 */
export function applyOverrides(
  reader: StateReader,
  overrides: SimStateOverrides | undefined,
  rules: ForkRules,
): { diff: StateDiff; precompiles: Map<bigint, Precompile> | undefined } {
  const diff: StateDiff = new Map();
  if (overrides === undefined) return { diff, precompiles: undefined };
  let table: Map<bigint, Precompile> | undefined;
  const precompiles = (): Map<bigint, Precompile> => {
    if (table === undefined) {
      table = new Map();
      for (const a of precompileAddresses(rules)) {
        const p = getPrecompile(a, rules);
        if (p !== undefined) table.set(a, p);
      }
    }
    return table;
  };
  const moved = new Set<bigint>();
  for (const address of [...overrides.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const o = overrides.get(address)!;
    if (moved.has(address))
      throw serverError(`account ${addressToHex(address)} has already been overridden by a precompile`);
    const precompile = table !== undefined ? table.get(address) : getPrecompile(address, rules);
    if (o.movePrecompileToAddress !== undefined) {
      if (precompile === undefined) throw serverError(`account ${addressToHex(address)} is not a precompile`);
      const to = o.movePrecompileToAddress;
      if (overrides.has(to)) throw serverError(`account ${addressToHex(to)} is already overridden`);
      precompiles().set(to, precompile);
      moved.add(to);
    }
    if (precompile !== undefined) precompiles().delete(address);
    if (o.state !== undefined && o.stateDiff !== undefined)
      throw serverError(`account ${addressToHex(address)} has both 'state' and 'stateDiff'`);
    const hasAccountChange =
      o.nonce !== undefined ||
      o.balance !== undefined ||
      o.code !== undefined ||
      o.state !== undefined ||
      o.stateDiff !== undefined;
    if (!hasAccountChange) continue;
    const current = reader.getAccount(address);
    const entry: AccountDiff = {
      account: {
        nonce: o.nonce ?? current?.nonce ?? 0n,
        balance: o.balance ?? current?.balance ?? 0n,
        codeHash:
          o.code === undefined
            ? (current?.codeHash ?? EMPTY_CODE_HASH)
            : o.code.length === 0
              ? EMPTY_CODE_HASH
              : keccak256(o.code),
      },
      storageCleared: o.state !== undefined,
      storage: new Map(o.state ?? o.stateDiff ?? []),
    };
    if (o.code !== undefined) entry.code = o.code;
    diff.set(address, entry);
  }
  return { diff, precompiles: table };
}
