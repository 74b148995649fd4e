// Who may talk to the node over HTTP and WebSocket. A devnet holds unlocked accounts and a sequencer holds
// the chain, so a web page the user happens to open must not be able to drive it:
// - Origin: a browser request from a page is served only when the page's origin is allowed (default: pages
//   on loopback hosts; `--allow-origin` widens it, "*" for any); CORS headers name that origin only.
// - Host: the Host header must be an allowed name (geth's vhosts; default: loopback names and the bound
//   address; `--allow-host`), which defeats DNS rebinding (a hostile name resolving to 127.0.0.1).
// - Content-Type: POST bodies must be declared application/json: a cross-origin page cannot send that
//   without a CORS preflight, which the origin check then refuses.
// Requests without an Origin header (curl, SDKs, server-side clients) are not browser pages and pass the
// origin check; they still need an allowed Host.
import type { IncomingMessage } from "node:http";

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"];

export interface PolicyOptions {
  host: string;
  allowOrigins?: readonly string[];
  allowHosts?: readonly string[];
}

export type Verdict = { ok: true } | { ok: false; status: number; message: string };

/** The host name of a Host header or URL authority, lowercased, without port or IPv6 brackets. */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith("[")) {
    const end = a.indexOf("]");
    return end < 0 ? a : a.slice(1, end);
  }
  const colon = a.indexOf(":");
  // More than one colon: a bare IPv6 address.
  if (colon >= 0 && a.indexOf(":", colon + 1) < 0) return a.slice(0, colon);
  return a;
}

function isLoopbackName(name: string): boolean {
  return LOOPBACK_HOSTS.includes(name) || /^127\.\d+\.\d+\.\d+$/.test(name) || name.endsWith(".localhost");
}

export class HttpPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;
  private readonly anyHost: boolean;
  private readonly hosts: Set<string>;

  constructor(options: PolicyOptions) {
    const origins = options.allowOrigins ?? [];
    this.anyOrigin = origins.includes("*");
    this.origins = new Set(origins.map((o) => o.toLowerCase().replace(/\/+$/, "")));
    const hosts = options.allowHosts ?? [];
    this.anyHost = hosts.includes("*");
    this.hosts = new Set(hosts.map((h) => hostName(h)));
    const bound = hostName(options.host);
    if (bound !== "0.0.0.0" && bound !== "::" && bound !== "") this.hosts.add(bound);
  }

  originAllowed(origin: string): boolean {
    if (this.anyOrigin) return true;
    const o = origin.toLowerCase();
    if (this.origins.has(o)) return true;
    // Default: pages served from a loopback host (any port, http or https).
    const m = /^https?:\/\/(.+)$/.exec(o);
    return m !== null && isLoopbackName(hostName(m[1]!));
  }

  hostAllowed(host: string | undefined): boolean {
    if (host === undefined || this.anyHost) return true;
    const name = hostName(host);
    return isLoopbackName(name) || this.hosts.has(name);
  }

  /** Host and Origin checks for any request (HTTP or WebSocket upgrade). */
  check(req: IncomingMessage): Verdict {
    if (!this.hostAllowed(req.headers.host)) {
      return {
        ok: false,
        status: 403,
        message: `host not allowed: ${String(req.headers.host).slice(0, 100)} (see --allow-host)`,
      };
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !this.originAllowed(origin)) {
      return {
        ok: false,
        status: 403,
        message: `origin not allowed: ${origin.slice(0, 100)} (see --allow-origin)`,
      };
    }
    return { ok: true };
  }

  /** The CORS response headers for an allowed browser request (none without an Origin header). */
  corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    if (origin === undefined || !this.originAllowed(origin)) return {};
    return {
      "Access-Control-Allow-Origin": this.anyOrigin ? "*" : origin,
      "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
      "Access-Control-Allow-Headers": "Content-Type, Authorization",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    };
  }

  /** undefined when a POST's content type is acceptable, else the error message (HTTP 415). */
  checkContentType(req: IncomingMessage): string | undefined {
    const type = req.headers["content-type"];
    if (type !== undefined && /^application\/json\s*(;|$)/i.test(type)) return undefined;
    return `unsupported content type ${JSON.stringify(type ?? "")?.slice(0, 80)}: expected application/json`;
  }
}
