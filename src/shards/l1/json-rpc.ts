// A minimal Ethereum JSON-RPC client over HTTP (fetch): the sequencer's view of the L1 (an embedded Lanes
// devnet, EDR/Hardhat, anvil, or any endpoint), and the committee's view of the shards. Every request has
// a timeout; an error response becomes a JsonRpcError carrying the code and data (revert data for calls).
export class JsonRpcError extends Error {
  override name = "JsonRpcError";
  constructor(
    message: string,
    readonly code: number,
    readonly data: unknown,
  ) {
    super(message);
  }
}

export class JsonRpcClient {
  private id = 0;

  constructor(
    readonly url: string,
    readonly timeoutMs = 30_000,
  ) {}

  async call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++this.id, method, params }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let body: { result?: T; error?: { code: number; message: string; data?: unknown } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new JsonRpcError(`${method}: HTTP ${response.status}: ${text.slice(0, 200)}`, -32700, undefined);
    }
    if (body.error !== undefined) {
      throw new JsonRpcError(`${method}: ${body.error.message}`, body.error.code, body.error.data);
    }
    return body.result as T;
  }
}
