// eth_config (EIP-7910): the fork configuration in force at the head ("current"), the next scheduled one
// ("next") and the last scheduled one ("last"): activation time, blob schedule, chain id, EIP-2124 fork id,
// precompiles and system contracts by geth's names. Only the forks Lanes executes (Cancun on) are reported.
import { MAINNET_DEPOSIT_CONTRACT_ADDRESS } from "../../block/deposits.js";
import { type ChainSpec, forkIdAt } from "../../block/genesis-config.js";
import { SYSTEM_CONTRACTS } from "../../block/system-calls/predeploys.js";
import { type ForkRules, isForkName } from "../../evm/forks.js";
import { precompileAddresses } from "../../evm/precompiles/index.js";
import { addressToHex, quantityToHex } from "../../primitives/hex.js";
import type { LanesNode } from "../devnode.js";
import type { MethodTable } from "./types.js";

/** geth's names of the Ethereum precompiles (EIP-7910 output keys). */
const PRECOMPILE_NAMES = new Map<bigint, string>([
  [0x01n, "ECREC"],
  [0x02n, "SHA256"],
  [0x03n, "RIPEMD160"],
  [0x04n, "ID"],
  [0x05n, "MODEXP"],
  [0x06n, "BN254_ADD"],
  [0x07n, "BN254_MUL"],
  [0x08n, "BN254_PAIRING"],
  [0x09n, "BLAKE2F"],
  [0x0an, "KZG_POINT_EVALUATION"],
  [0x0bn, "BLS12_G1ADD"],
  [0x0cn, "BLS12_G1MSM"],
  [0x0dn, "BLS12_G2ADD"],
  [0x0en, "BLS12_G2MSM"],
  [0x0fn, "BLS12_PAIRING_CHECK"],
  [0x10n, "BLS12_MAP_FP_TO_G1"],
  [0x11n, "BLS12_MAP_FP2_TO_G2"],
  [0x100n, "P256VERIFY"],
]);

/** The system contracts' names, by address, and the fork rule that brings each in. */
const SYSTEM_NAMES: { address: bigint; name: string; active: (r: ForkRules) => boolean }[] = [
  { address: SYSTEM_CONTRACTS[0]!.address, name: "BEACON_ROOTS_ADDRESS", active: () => true },
  { address: SYSTEM_CONTRACTS[1]!.address, name: "HISTORY_STORAGE_ADDRESS", active: (r) => r.eip2935 },
  {
    address: SYSTEM_CONTRACTS[2]!.address,
    name: "WITHDRAWAL_REQUEST_PREDEPLOY_ADDRESS",
    active: (r) => r.eip7685,
  },
  {
    address: SYSTEM_CONTRACTS[3]!.address,
    name: "CONSOLIDATION_REQUEST_PREDEPLOY_ADDRESS",
    active: (r) => r.eip7685,
  },
];

interface ForkEntry {
  time: bigint;
}

function forkConfig(node: LanesNode, spec: ChainSpec | undefined, fork: ForkEntry): Record<string, unknown> {
  const head = node.head.header;
  const rules = node.rulesFor(head.number, fork.time);
  const precompiles: Record<string, string> = {};
  for (const address of precompileAddresses(rules)) {
    const name = PRECOMPILE_NAMES.get(address);
    // Chain-specific precompiles (the co-processors) have no EIP-7910 name: left out.
    if (name !== undefined) precompiles[name] = addressToHex(address);
  }
  const systemContracts: Record<string, string> = {};
  for (const s of SYSTEM_NAMES) if (s.active(rules)) systemContracts[s.name] = addressToHex(s.address);
  if (rules.eip7685) {
    const deposit = node.config.depositContractAddress ?? MAINNET_DEPOSIT_CONTRACT_ADDRESS;
    systemContracts.DEPOSIT_CONTRACT_ADDRESS = addressToHex(deposit);
  }
  const genesis = node.store.block(0n)!;
  const forkId =
    spec === undefined
      ? forkIdAt(
          { chainId: node.options.chainId, activations: [], blobSchedules: new Map(), otherForkBlocks: [] },
          genesis.hash,
          genesis.header.timestamp,
          head.number,
          fork.time,
        )
      : forkIdAt(spec, genesis.hash, genesis.header.timestamp, head.number, fork.time);
  const b = rules.blobSchedule;
  return {
    activationTime: Number(fork.time),
    blobSchedule: { target: b.target, max: b.max, baseFeeUpdateFraction: Number(b.baseFeeUpdateFraction) },
    chainId: quantityToHex(node.options.chainId),
    forkId,
    precompiles,
    systemContracts,
  };
}

export const configMethods: MethodTable = {
  eth_config: (_params, { node }) => {
    const spec = node.options.genesis?.spec;
    // The dev chain runs one fork from genesis; a genesis file schedules several by time.
    const forks: ForkEntry[] =
      spec === undefined
        ? [{ time: 0n }]
        : spec.activations
            .filter((a) => isForkName(a.fork) && a.timestamp !== undefined)
            .map((a) => ({ time: a.timestamp! }));
    const now = node.head.header.timestamp;
    const current = forks.filter((f) => f.time <= now).at(-1);
    const next = forks.find((f) => f.time > now);
    const last = forks.at(-1);
    return {
      current: current === undefined ? null : forkConfig(node, spec, current),
      next: next === undefined ? null : forkConfig(node, spec, next),
      last: last === undefined || last === current ? null : forkConfig(node, spec, last),
    };
  },
};
