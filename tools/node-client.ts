// Shared helpers for the node tests: a node on a random loopback port in a temp dir, raw JSON-RPC calls.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningNode, type StartNodeOptions, startNode } from "../src/node/index.js";
import { hexToBytes } from "../src/primitives/hex.js";
import { signTransaction } from "../src/tx/codec/signing.js";
import type { SignedTransaction } from "../src/tx/codec/types.js";

export function tempDir(prefix = "lanes-node-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startTestNode(
  dataDir: string,
  options: Partial<StartNodeOptions> = {},
): Promise<RunningNode> {
  return startNode({ dataDir, host: "127.0.0.1", port: 0, ...options });
}

export interface RpcReply {
  status: number;
  body: unknown;
}

export async function post(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<RpcReply> {
  const res = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
}

let nextId = 1;

/** One JSON-RPC call; returns the whole response object ({result} or {error}). */
export async function rpc(
  url: string,
  method: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>> {
  const reply = await post(url, JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }));
  return reply.body as Record<string, unknown>;
}

/** The result of a call that must succeed. */
export async function call(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const r = await rpc(url, method, params);
  if (r.error !== undefined) throw new Error(`${method} failed: ${JSON.stringify(r.error)}`);
  return r.result;
}

export const ANVIL_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
] as const;

export const ANVIL_ADDRESSES = [
  "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
  "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
] as const;

/** What a dev-chain transaction needs beyond the defaults (chain 31337, EIP-1559 fees the node accepts). */
export interface DevTx {
  /** Index into ANVIL_KEYS (default 0). */
  sender?: number;
  nonce: bigint;
  /** undefined: a creation. */
  to: bigint | undefined;
  value?: bigint;
  data?: Uint8Array;
  gasLimit?: bigint;
}

/** A type-2 transaction on the dev chain, signed by one of the dev accounts. */
export function signDevTx(tx: DevTx): SignedTransaction {
  return signTransaction(
    {
      type: 2,
      chainId: 31337n,
      nonce: tx.nonce,
      gasLimit: tx.gasLimit ?? 21_000n,
      to: tx.to,
      value: tx.value ?? 0n,
      data: tx.data ?? new Uint8Array(0),
      gasPrice: 0n,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
    },
    hexToBytes(ANVIL_KEYS[tx.sender ?? 0]!),
  );
}
