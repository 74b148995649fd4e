// @nomicfoundation/edr, Hardhat's Rust runtime (revm inside), driven through its JSON-RPC provider as
// Hardhat drives it:
//
// - the provider's genesis state is the workload's pre-state, account by account (balance, nonce, code,
//   storage); genesis gas limit and miner gas limit are the benchmark block's; automine is off and the
//   mempool is FIFO, so the block keeps the transactions' order;
// - the next block gets the benchmark header's coinbase, timestamp, base fee and PREVRANDAO
//   (hardhat_setCoinbase, evm_setNextBlockTimestamp, hardhat_setNextBlockBaseFeePerGas,
//   hardhat_setPrevRandao), and the raw signed transactions are submitted with eth_sendRawTransaction;
// - then `evm_snapshot`. The timed step is one `evm_mine` (the whole block: every transaction, the
//   post-state root, receipts); `evm_revert` to the snapshot (which restores the mempool) plus a fresh
//   snapshot is the untimed reset.
//
// EDR's block is number 1 on top of its own genesis, not the workload's block number on its ancestry, so
// the EIP-2935 / EIP-4788 history contracts store different slots and the post-state root cannot equal the
// other engines'. What is compared instead: block gas used, every receipt (status, gas, cumulative gas,
// logs), receipts root and bloom, and (ownMismatches) the post-block nonce, balance and changed storage of
// every account the block changed in Lanes' sequential result, read back over JSON-RPC.
import type { Provider } from "@nomicfoundation/edr";
import type { BlockHeader } from "../../../src/block/types.js";
import { addressToHex, bytesToHex, hexToBytes, quantityToHex } from "../../../src/primitives/hex.js";
import type { Workload } from "../../../tools/workloads/types.js";
import type { Engine, EngineOutcome, PreparedEngine } from "../engine.js";
import { comparePostState, HISTORY_CONTRACTS, readOutcome } from "../rpc-outcome.js";

type EdrModule = typeof import("@nomicfoundation/edr");

let loaded: Promise<{ edr: EdrModule; context: InstanceType<EdrModule["EdrContext"]> }> | undefined;

/** Loads EDR and creates its one context per process (EdrContext must only be constructed once). */
function loadEdr() {
  loaded ??= (async () => {
    const mod = (await import("@nomicfoundation/edr")) as EdrModule & { default?: EdrModule };
    const edr = mod.default ?? mod;
    const context = new edr.EdrContext();
    await context.registerProviderFactory(edr.L1_CHAIN_TYPE, edr.l1ProviderFactory());
    return { edr, context };
  })();
  return loaded;
}

class Rpc {
  private id = 0;
  constructor(readonly provider: Provider) {}

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await this.provider.handleRequest(
      JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params }),
    );
    const data = (typeof response.data === "string" ? JSON.parse(response.data) : response.data) as {
      result?: T;
      error?: { message?: string };
    };
    if (data.error !== undefined)
      throw new Error(`EDR ${method}: ${data.error.message ?? JSON.stringify(data.error)}`);
    return data.result as T;
  }
}

const bytes20 = (a: bigint) => hexToBytes(addressToHex(a));

async function createProvider(w: Workload): Promise<Rpc> {
  const { edr, context } = await loadEdr();
  const h = w.header;
  const genesisState = [...w.preState.accounts].map(([address, a]) => ({
    address: bytes20(address),
    balance: a.balance,
    nonce: a.nonce,
    code: a.code,
    storage: [...a.storage].map(([index, value]) => ({ index, value })),
  }));
  const provider = await context.createProvider(
    edr.L1_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: false,
      allowUnlimitedContractSize: false,
      bailOnCallFailure: false,
      bailOnTransactionFailure: false,
      chainId: w.chainConfig.chainId,
      coinbase: bytes20(h.coinbase),
      defaultTransactionGasLimit: 30_000_000n,
      genesisState,
      hardfork: edr.PRAGUE,
      initialBaseFeePerGas: h.baseFeePerGas ?? 0n,
      ...(h.parentBeaconBlockRoot !== undefined
        ? { initialParentBeaconBlockRoot: h.parentBeaconBlockRoot }
        : {}),
      minGasPrice: 0n,
      mining: { autoMine: false, memPool: { order: edr.MineOrdering.Fifo }, blockGasLimit: h.gasLimit },
      network: { genesisBlockGasLimit: h.gasLimit, genesisBlockTime: h.timestamp - 12n },
      networkId: w.chainConfig.chainId,
      observability: {},
      ownedAccounts: [],
      precompileOverrides: [],
      transactionGasCap: false,
    },
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new edr.ContractDecoder(),
  );
  return new Rpc(provider);
}

/** The next block's environment: the benchmark header's coinbase, time, base fee and PREVRANDAO. */
async function setNextBlock(rpc: Rpc, h: BlockHeader): Promise<void> {
  await rpc.call("hardhat_setCoinbase", [addressToHex(h.coinbase)]);
  await rpc.call("evm_setNextBlockTimestamp", [quantityToHex(h.timestamp)]);
  await rpc.call("hardhat_setNextBlockBaseFeePerGas", [quantityToHex(h.baseFeePerGas ?? 0n)]);
  await rpc.call("hardhat_setPrevRandao", [bytesToHex(h.mixHash)]);
}

export const edrEngine: Engine = {
  id: "edr",
  describe: () => "@nomicfoundation/edr provider: eth_sendRawTransaction, then timed evm_mine",
  async unavailable() {
    try {
      await loadEdr();
      return undefined;
    } catch (e) {
      loaded = undefined;
      return `cannot load @nomicfoundation/edr: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    }
  },
  async prepare(w): Promise<PreparedEngine> {
    const rpc = await createProvider(w);
    await setNextBlock(rpc, w.header);
    for (const t of w.transactions) {
      const hash = await rpc.call<string>("eth_sendRawTransaction", [bytesToHex(t.raw)]);
      if (hash !== bytesToHex(t.hash)) throw new Error(`EDR returned hash ${hash} for ${bytesToHex(t.hash)}`);
    }
    let snapshot = await rpc.call<string>("evm_snapshot");
    return {
      execute: () => rpc.call("evm_mine"),
      async reset() {
        const reverted = await rpc.call<boolean>("evm_revert", [snapshot]);
        if (!reverted) throw new Error("EDR evm_revert failed");
        await setNextBlock(rpc, w.header);
        snapshot = await rpc.call<string>("evm_snapshot");
      },
      async outcome(): Promise<EngineOutcome> {
        const { outcome, mismatches } = await readOutcome(rpc, w, "EDR");
        const post = await comparePostState(rpc, w, "EDR", HISTORY_CONTRACTS);
        return {
          outcome,
          comparable: "receipts",
          ownMismatches: [...mismatches, ...post.mismatches],
          notes: [
            `post-state checked over JSON-RPC on ${post.checked} changed accounts (nonce, balance, storage); ` +
              "state root not comparable (EDR's block is number 1 on its own genesis: EIP-2935/4788 storage differs)",
          ],
        };
      },
      dispose: async () => {},
    };
  },
};
