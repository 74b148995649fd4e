// Shapes shared by the signer and the coordinator: request and response bodies, the forwarded
// envelopes of earlier rounds, and the per-protocol contexts that bind point-to-point ciphertexts.
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";
import type { Envelope } from "./crypto/envelope.js";

export const PROTOCOL_VERSION = 1;

export interface RequestBody {
  method: string;
  /** Recipient signer index. */
  to: number;
  session: string;
  params: Record<string, unknown>;
  /** Coordinator clock (ms); requests older than REQUEST_MAX_AGE_MS are refused. */
  time: number;
}

export interface ResponseBody {
  method: string;
  session: string;
  /** Sender signer index. */
  index: number;
  ok: boolean;
  result?: Record<string, unknown>;
  error?: string;
  /** A signer's claim that these senders' secret shares to it were bad (resolved by the coordinator). */
  complaints?: number[];
}

export type SignedResponse = Envelope<ResponseBody>;

export const REQUEST_MAX_AGE_MS = 5 * 60_000;

export type ShareProtocol = "dkg" | "refresh" | "reshare";

/** Associated data of a point-to-point share: protocol, session, sender, recipient. */
export function shareContext(protocol: ShareProtocol, session: string, from: number, to: number): string {
  return `${protocol}|${session}|${from}|${to}`;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function requireInt(v: unknown, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max)
    throw new Error(`${what} must be an integer in ${min}..${max}`);
  return v;
}

export function requireHex(v: unknown, what: string, bytes?: number): string {
  if (typeof v !== "string" || !/^[0-9a-f]*$/.test(v) || v.length % 2 !== 0)
    throw new Error(`${what} must be lowercase hex`);
  if (bytes !== undefined && v.length !== bytes * 2) throw new Error(`${what} must be ${bytes} bytes`);
  return v;
}

export function requireIndexList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length === 0 || v.length > 255)
    throw new Error(`${what} must be a non-empty list`);
  const out = v.map((x) => requireInt(x, what, 1, 0xffff));
  if (new Set(out).size !== out.length) throw new Error(`${what} has duplicates`);
  return out;
}

export function requireRoster(v: unknown, what: string): Record<string, string> {
  if (!isRecord(v)) throw new Error(`${what} must be an object`);
  const entries = Object.entries(v);
  if (entries.length < 2 || entries.length > 255) throw new Error(`${what} must list 2..255 signers`);
  const out: Record<string, string> = {};
  for (const [k, key] of entries) {
    requireInt(Number(k), `${what} index`, 1, 0xffff);
    if (String(Number(k)) !== k) throw new Error(`${what} index ${k} is not canonical`);
    out[k] = requireHex(key, `${what} key`, 32);
  }
  return out;
}

/**
 * The message a reshared group signs (with the same key) to prove to old signers outside the new set that
 * the new shares work, so they may delete theirs. A coordinator alone cannot forge it.
 */
export function retireDigest(groupKey: string, epoch: number): Uint8Array {
  return sha256(utf8ToBytes(`lanes-custody/v1/retire|${groupKey}|${epoch}`));
}
