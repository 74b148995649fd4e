// `lanes profile --rpc URL --block N`: asks a running `lanes node` for its report of block N
// (lanes_profileBlock), which the node computes by re-executing the block with the profiler.
import { asProfile, ReportError } from "./relabel.js";
import type { BlockProfile } from "./types.js";

/** Largest response accepted (a 10,000-transaction block's report is a few tens of MB). */
const MAX_RESPONSE_BYTES = 512 << 20;

export async function fetchProfile(url: string, block: bigint, timeoutMs = 600_000): Promise<BlockProfile> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "lanes_profileBlock",
        params: [`0x${block.toString(16)}`],
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ReportError(`cannot reach ${url}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > MAX_RESPONSE_BYTES) throw new ReportError(`${url}: response larger than 512 MB`);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ReportError(`${url}: not a JSON-RPC response (HTTP ${response.status})`);
  }
  if (typeof body !== "object" || body === null) throw new ReportError(`${url}: not a JSON-RPC response`);
  const r = body as { result?: unknown; error?: { code?: number; message?: string } };
  if (r.error !== undefined) {
    throw new ReportError(
      `${url}: lanes_profileBlock failed: ${r.error.message ?? "error"} (${r.error.code ?? "?"})`,
    );
  }
  if (r.result === null || r.result === undefined) throw new ReportError(`${url}: block ${block} not found`);
  return asProfile(r.result, `${url} lanes_profileBlock`);
}
