// `lanes node` as a library: open the chain in a data directory, serve JSON-RPC, stop cleanly.
import { availableParallelism } from "node:os";
import { DEFAULT_MNEMONIC } from "./dev-accounts.js";
import { LanesNode, type NodeOptions } from "./devnode.js";
import { DEFAULT_RPC_LIMITS, RpcServer, type RpcServerOptions } from "./rpc-server.js";

export interface StartNodeOptions extends Partial<NodeOptions>, Partial<Omit<RpcServerOptions, "log">> {
  dataDir: string;
  /**
   * false: sequencer mode: no dev accounts (nothing unlocked, nothing prefunded) and no anvil_*, hardhat_* or
   * evm_* methods. Default true.
   */
  devAccounts?: boolean;
}

/**
 * The largest `codeSizeLimit` (what --disable-code-size-limit sets): twice it, the initcode limit, is still an
 * exact integer. Memory gas bounds real code far below it.
 */
export const MAX_CODE_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;

export const NODE_DEFAULTS = {
  host: "127.0.0.1",
  port: 8545,
  chainId: 31337n,
  fork: "Prague",
  gasLimit: 30_000_000n,
  threads: availableParallelism(),
  accounts: 10,
  mnemonic: DEFAULT_MNEMONIC,
  wasm: true,
} as const;

export interface RunningNode {
  node: LanesNode;
  server: RpcServer;
  url: string;
  close(): Promise<void>;
}

export async function startNode(options: StartNodeOptions): Promise<RunningNode> {
  const nodeOptions: NodeOptions = {
    dataDir: options.dataDir,
    chainId: options.chainId ?? NODE_DEFAULTS.chainId,
    fork: options.fork ?? NODE_DEFAULTS.fork,
    gasLimit: options.gasLimit ?? NODE_DEFAULTS.gasLimit,
    threads: options.threads ?? NODE_DEFAULTS.threads,
    accounts: options.devAccounts === false ? 0 : (options.accounts ?? NODE_DEFAULTS.accounts),
    mnemonic: options.mnemonic ?? NODE_DEFAULTS.mnemonic,
    wasm: options.wasm ?? NODE_DEFAULTS.wasm,
    // Contract impersonation needs the dev methods; a sequencer keeps EIP-3607.
    contractSenders: options.contractSenders ?? options.devAccounts !== false,
    // anvil_setBalance can put a balance at 2^256-1 only with the dev methods.
    overflowPayments: options.overflowPayments ?? options.devAccounts !== false,
  };
  if (options.codeSizeLimit !== undefined) nodeOptions.codeSizeLimit = options.codeSizeLimit;
  if (options.blockTime !== undefined) nodeOptions.blockTime = options.blockTime;
  if (options.log !== undefined) nodeOptions.log = options.log;
  if (options.coprocessors !== undefined) nodeOptions.coprocessors = options.coprocessors;
  if (options.jobs !== undefined) nodeOptions.jobs = options.jobs;
  if (options.durable !== undefined) nodeOptions.durable = options.durable;
  if (options.throwOnTransactionFailures !== undefined)
    nodeOptions.throwOnTransactionFailures = options.throwOnTransactionFailures;
  if (options.genesis !== undefined) {
    // The genesis file decides the chain: its chain id, its schedule, its state (no co-processor predeploys).
    nodeOptions.genesis = options.genesis;
    nodeOptions.chainId = options.genesis.spec.chainId;
    nodeOptions.coprocessors = false;
  }
  const node = await LanesNode.open(nodeOptions);
  let server: RpcServer;
  try {
    const serverOptions: RpcServerOptions = {
      host: options.host ?? NODE_DEFAULTS.host,
      port: options.port ?? NODE_DEFAULTS.port,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_RPC_LIMITS.maxBodyBytes,
      maxBatch: options.maxBatch ?? DEFAULT_RPC_LIMITS.maxBatch,
      gasCap: options.gasCap ?? DEFAULT_RPC_LIMITS.gasCap,
      maxLogRange: options.maxLogRange ?? DEFAULT_RPC_LIMITS.maxLogRange,
      maxJsonDepth: options.maxJsonDepth ?? DEFAULT_RPC_LIMITS.maxJsonDepth,
      traceMaxBytes: options.traceMaxBytes ?? DEFAULT_RPC_LIMITS.traceMaxBytes,
      traceMaxTimeoutMs: options.traceMaxTimeoutMs ?? DEFAULT_RPC_LIMITS.traceMaxTimeoutMs,
      devMethods: options.devAccounts !== false,
    };
    if (options.allowOrigins !== undefined) serverOptions.allowOrigins = options.allowOrigins;
    if (options.allowHosts !== undefined) serverOptions.allowHosts = options.allowHosts;
    if (options.log !== undefined) serverOptions.log = options.log;
    if (options.requestTimeoutMs !== undefined) serverOptions.requestTimeoutMs = options.requestTimeoutMs;
    server = await RpcServer.start(node, serverOptions);
  } catch (e) {
    await node.close();
    throw e;
  }
  return {
    node,
    server,
    url: server.url,
    async close() {
      await server.close();
      await node.close();
    },
  };
}

export { DEFAULT_MNEMONIC, devAccounts } from "./dev-accounts.js";
export { LanesNode, type NodeOptions } from "./devnode.js";
export { RpcServer } from "./rpc-server.js";
