// JSON-RPC 2.0 request handling, transport-independent: validation of the envelope, batches (with a size
// limit), notifications, and the mapping of every failure to an error object. Nothing a client sends can
// make this throw: handler bugs become -32603 and are reported through `onInternalError`.
import { HexError } from "../primitives/hex.js";
import type { MethodContext, MethodTable } from "./methods/index.js";
import { RawJson } from "./raw-json.js";
import {
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  RpcError,
  SERVER_ERROR,
} from "./rpc-errors.js";

export type JsonRpcId = string | number | null;

/** JSON text of a response or a batch, with RawJson results spliced in without re-parsing them. */
export function serializeResponse(body: JsonRpcResponse | JsonRpcResponse[] | undefined): string {
  if (body === undefined) return "";
  if (Array.isArray(body)) return `[${body.map(serializeOne).join(",")}]`;
  return serializeOne(body);
}

function serializeOne(r: JsonRpcResponse): string {
  if (!(r.result instanceof RawJson)) return JSON.stringify(r);
  return `{"jsonrpc":"2.0","id":${JSON.stringify(r.id)},"result":${r.result.text}}`;
}

export interface JsonRpcResponse {
  jsonrpc: "2.0";
  id: JsonRpcId;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export interface DispatchOptions {
  methods: MethodTable;
  context: MethodContext;
  maxBatch: number;
  onInternalError?: (method: string, error: unknown) => void;
}

export function errorResponse(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcResponse {
  const error: JsonRpcResponse["error"] = { code, message };
  if (data !== undefined) error.data = data;
  return { jsonrpc: "2.0", id, error };
}

function validId(id: unknown): id is JsonRpcId {
  return id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
}

/** One request object; undefined for a notification. */
export async function dispatchOne(
  request: unknown,
  opts: DispatchOptions,
  extra?: MethodTable,
): Promise<JsonRpcResponse | undefined> {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return errorResponse(null, INVALID_REQUEST, "invalid request: expected an object");
  }
  const r = request as Record<string, unknown>;
  const hasId = Object.hasOwn(r, "id");
  const id: JsonRpcId = hasId && validId(r.id) ? r.id : null;
  if (hasId && !validId(r.id)) return errorResponse(null, INVALID_REQUEST, "invalid request: bad id");
  if (r.jsonrpc !== "2.0")
    return errorResponse(id, INVALID_REQUEST, 'invalid request: jsonrpc must be "2.0"');
  if (typeof r.method !== "string" || r.method.length === 0 || r.method.length > 128) {
    return errorResponse(id, INVALID_REQUEST, "invalid request: method must be a string");
  }
  const method = r.method;
  let params: readonly unknown[];
  if (r.params === undefined || r.params === null) params = [];
  else if (Array.isArray(r.params)) params = r.params;
  else return hasId ? errorResponse(id, INVALID_PARAMS, "invalid params: expected an array") : undefined;
  const handler =
    (extra && Object.hasOwn(extra, method) ? extra[method] : undefined) ??
    (Object.hasOwn(opts.methods, method) ? opts.methods[method] : undefined);
  if (handler === undefined) {
    return hasId
      ? errorResponse(id, METHOD_NOT_FOUND, `the method ${method} does not exist/is not available`)
      : undefined;
  }
  try {
    const result = await handler(params, opts.context);
    return hasId ? { jsonrpc: "2.0", id, result: result === undefined ? null : result } : undefined;
  } catch (e) {
    if (!hasId) return undefined;
    if (e instanceof RpcError) return errorResponse(id, e.code, e.message, e.data);
    if (e instanceof HexError) return errorResponse(id, INVALID_PARAMS, `invalid params: ${e.message}`);
    if (e instanceof Error && e.name === "DamagedStoreError") {
      // A record failed its checksum: refuse to answer rather than serve wrong data, and say why.
      opts.onInternalError?.(method, e);
      return errorResponse(id, SERVER_ERROR, e.message);
    }
    opts.onInternalError?.(method, e);
    return errorResponse(id, INTERNAL_ERROR, `internal error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A parsed request body: one request or a batch. Undefined means "send nothing" (notifications only). */
export async function dispatchBody(
  body: unknown,
  opts: DispatchOptions,
  extra?: MethodTable,
): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  if (!Array.isArray(body)) return dispatchOne(body, opts, extra);
  if (body.length === 0) return errorResponse(null, INVALID_REQUEST, "invalid request: empty batch");
  if (body.length > opts.maxBatch) {
    return errorResponse(
      null,
      INVALID_REQUEST,
      `batch too large: ${body.length} requests, limit ${opts.maxBatch}`,
    );
  }
  // Sequential on purpose: a batch of sends keeps its order (nonces), and one batch cannot flood the node.
  const out: JsonRpcResponse[] = [];
  for (const request of body) {
    const response = await dispatchOne(request, opts, extra);
    if (response !== undefined) out.push(response);
  }
  return out.length === 0 ? undefined : out;
}

/**
 * The deepest nesting of arrays and objects in `text`, scanning no further than `limit` + 1 levels (strings are
 * skipped, escapes included). JSON.parse itself copes with deep input, but every recursive walk after it
 * (parameter parsing, error messages) would not: deep input is refused before it is parsed.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Parses a request body; a parse failure is the -32700 response, nesting past `maxDepth` -32600. */
export function parseBody(
  text: string,
  maxDepth = 64,
): { ok: true; value: unknown } | { ok: false; response: JsonRpcResponse } {
  if (jsonDepthExceeds(text, maxDepth)) {
    return {
      ok: false,
      response: errorResponse(
        null,
        INVALID_REQUEST,
        `invalid request: JSON nested deeper than ${maxDepth} levels`,
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: errorResponse(null, PARSE_ERROR, "parse error: invalid JSON") };
  }
}
