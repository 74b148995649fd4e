// GET /profile/<blockNumber> on the node's HTTP port: the profiler's self-contained HTML report of a mined
// block (what `lanes profile --html` writes), from the same service as lanes_profileBlock (profiles.ts).
// The number is decimal or 0x-hex, or "latest". The page loads nothing: its Content-Security-Policy allows
// only its own inline script and style.
import type { ServerResponse } from "node:http";
import { ProfileError } from "../profiler/profile-block.js";
import { renderHtml } from "../profiler/render-html.js";
import type { LanesNode } from "./devnode.js";
import { nodeProfiles } from "./profiles.js";

export const PROFILE_PAGE_PREFIX = "/profile/";

const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function text(res: ServerResponse, status: number, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" });
  res.end(`${body}\n`);
}

/** The block number a /profile/ path names, or undefined when it names none. */
export function profilePageBlock(path: string, head: bigint): bigint | undefined {
  const m = /^\/profile\/(latest|0x[0-9a-fA-F]{1,16}|[0-9]{1,20})\/?$/.exec(path.split("?")[0]!);
  if (m === null) return undefined;
  return m[1] === "latest" ? head : BigInt(m[1]!);
}

export async function serveProfilePage(
  node: LanesNode,
  path: string,
  res: ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  const n = profilePageBlock(path, node.head.header.number);
  if (n === undefined) {
    text(res, 400, "expected /profile/<block number> (decimal, 0x-hex or latest)");
    return;
  }
  try {
    const report = nodeProfiles(node).profile(n);
    if (report === undefined) {
      text(res, 404, `block ${n} not found`);
      return;
    }
    const html = renderHtml(await report);
    if (res.headersSent) return;
    res.writeHead(200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": CSP,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
    });
    res.end(html);
  } catch (e) {
    if (e instanceof ProfileError) {
      text(res, 422, `cannot profile block ${n}: ${e.message}`);
      return;
    }
    log?.(
      `internal error in GET ${PROFILE_PAGE_PREFIX}${n}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    text(res, 500, "internal error");
  }
}
