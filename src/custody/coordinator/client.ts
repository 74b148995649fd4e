// The coordinator's connection to one signer: signs each request with the coordinator identity key,
// sends it over loopback HTTP (or straight to an in-process SignerService), and accepts only a response
// signed by the signer's pinned identity key, for the same method and session. A transport failure or a
// timeout is reported as UnresponsiveError (a clean abort, no blame).
import { randomBytes } from "node:crypto";
import { openEnvelope, sealEnvelope } from "../crypto/envelope.js";
import type { RequestBody, ResponseBody, SignedResponse } from "../protocol.js";
import type { SignerService } from "../signer/service.js";

export interface SignerEndpoint {
  index: number;
  /** Identity key, x-only hex (pinned). */
  publicKey: string;
  /** http://127.0.0.1:PORT, or undefined with `service` for in-process tests. */
  url?: string;
  service?: SignerService;
}

export class UnresponsiveError extends Error {
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`signer ${index} did not answer: ${reason}`);
  }
}

export function newSessionId(): string {
  return randomBytes(16).toString("hex");
}

export class SignerClient {
  constructor(
    readonly endpoint: SignerEndpoint,
    private readonly coordinatorKey: Uint8Array,
    private readonly timeoutMs = 30_000,
  ) {}

  get index(): number {
    return this.endpoint.index;
  }

  async call(method: string, session: string, params: Record<string, unknown>): Promise<SignedResponse> {
    const body: RequestBody = { method, to: this.index, session, params, time: Date.now() };
    const request = sealEnvelope("request", body, this.coordinatorKey);
    let raw: unknown;
    try {
      if (this.endpoint.service !== undefined) {
        raw = JSON.parse(JSON.stringify(this.endpoint.service.handle(JSON.parse(JSON.stringify(request)))));
      } else {
        const res = await fetch(`${this.endpoint.url}/rpc`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        raw = await res.json();
      }
    } catch (e) {
      throw new UnresponsiveError(this.index, e instanceof Error ? e.message : String(e));
    }
    let env: SignedResponse;
    try {
      env = openEnvelope("response", raw, this.endpoint.publicKey) as unknown as SignedResponse;
    } catch (e) {
      throw new UnresponsiveError(
        this.index,
        `invalid response (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    const r = env.body as ResponseBody;
    if (r.index !== this.index || r.session !== session || (r.ok && r.method !== method)) {
      throw new UnresponsiveError(this.index, "response for another request");
    }
    return env;
  }
}
