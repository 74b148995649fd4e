// Shared helpers for the shard tests: a network (embedded L1 + shards) on free loopback ports in a temp dir,
// viem clients for each endpoint, and contract deployment from the committed shard artifacts.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Abi,
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  type WalletClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { shardArtifact } from "../../src/shards/contracts.js";
import { LanesNetwork, type NetworkOptions } from "../../src/shards/network.js";

/** anvil's first two dev keys (the default mnemonic's m/44'/60'/0'/0/0 and /1). */
export const KEY0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80" as Hex;
export const KEY1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as Hex;

export function tempDir(prefix = "lanes-shards-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ChainClients {
  chain: Chain;
  pub: PublicClient;
  wallet: WalletClient;
  url: string;
}

export function clients(url: string, chainId: bigint, key: Hex = KEY0): ChainClients {
  const chain = defineChain({
    id: Number(chainId),
    name: `lanes-${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  const transport = http(url, { timeout: 60_000 });
  return {
    chain,
    url,
    pub: createPublicClient({ chain, transport, pollingInterval: 50 }),
    wallet: createWalletClient({ chain, transport, account: privateKeyToAccount(key) }),
  };
}

export async function startNetwork(
  dataDir: string,
  options: Partial<NetworkOptions> = {},
): Promise<{ net: LanesNetwork; l1: ChainClients; shards: ChainClients[] }> {
  const net = await LanesNetwork.start({
    shards: 2,
    dataDir,
    basePort: 0,
    kdfLogN: 10,
    intervalMs: 30,
    ...(process.env.LANES_SHARDS_LOG ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
    ...options,
  });
  return {
    net,
    l1: clients(net.l1.url, net.l1.chainId),
    shards: net.shards.map((s) => clients(s.url, s.chainId)),
  };
}

export interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

export function shardContract(name: Parameters<typeof shardArtifact>[0]): Artifact {
  const a = shardArtifact(name);
  return {
    abi: a.abi as Abi,
    bytecode: (a.bytecode.startsWith("0x") ? a.bytecode : `0x${a.bytecode}`) as Hex,
  };
}

export function uniswap(name: "UniswapV2Factory" | "UniswapV2Pair"): Artifact {
  const j = createRequire(import.meta.url)(`@uniswap/v2-core/build/${name}.json`) as {
    abi: Abi;
    bytecode: string;
  };
  return { abi: j.abi, bytecode: `0x${j.bytecode.replace(/^0x/, "")}` as Hex };
}

/** Deploys and waits (a shard answers eth_sendRawTransaction once the superblock holding it is committed). */
export async function deploy(c: ChainClients, art: Artifact, args: unknown[] = []): Promise<Address> {
  const hash = await c.wallet.deployContract({
    abi: art.abi,
    bytecode: art.bytecode,
    args,
    account: c.wallet.account!,
    chain: c.chain,
  });
  const r = await c.pub.waitForTransactionReceipt({ hash });
  if (r.status !== "success" || !r.contractAddress) throw new Error(`deploying failed (${r.status})`);
  return r.contractAddress;
}

/** Sends a contract call (explicit gas: eth_estimateGas cannot see other shards) and returns its receipt. */
export async function send(
  c: ChainClients,
  address: Address,
  art: Artifact,
  functionName: string,
  args: unknown[],
  opts: { gas?: bigint; value?: bigint } = {},
) {
  const hash = await c.wallet.writeContract({
    address,
    abi: art.abi,
    functionName,
    args,
    account: c.wallet.account!,
    chain: c.chain,
    ...(opts.gas === undefined ? {} : { gas: opts.gas }),
    ...(opts.value === undefined ? {} : { value: opts.value }),
  });
  return c.pub.waitForTransactionReceipt({ hash });
}

export async function read<T>(
  c: ChainClients,
  address: Address,
  art: Artifact,
  functionName: string,
  args: unknown[] = [],
): Promise<T> {
  return (await c.pub.readContract({ address, abi: art.abi, functionName, args })) as T;
}

/**
 * The revert data of an eth_call of `functionName` that must fail (from `account`, with an optional gas
 * limit); throws when the call succeeds.
 */
export async function revertDataOf(
  c: ChainClients,
  account: Address,
  to: Address,
  art: Artifact,
  functionName: string,
  args: unknown[],
  gas?: bigint,
): Promise<Hex | undefined> {
  const failure = await c.pub
    .call({ account, to, data: encodeFunctionData({ abi: art.abi, functionName, args }), gas })
    .then(
      () => undefined,
      (e: { walk?: (f: (e: unknown) => boolean) => unknown }) => e,
    );
  if (failure === undefined) throw new Error(`${functionName}: the call was expected to fail and succeeded`);
  return (failure.walk?.((e) => typeof (e as { data?: unknown }).data === "string") as { data?: Hex })?.data;
}

/** Polls `f` until it returns a value that passes `ok` (or fails after `ms`). */
export async function until<T>(
  f: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    let last: string;
    try {
      const v = await f();
      if (ok(v)) return v;
      last = String(v);
    } catch (e) {
      last = (e as Error).message.split("\n")[0]!;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
