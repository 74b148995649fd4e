// Signed custody messages. Every request from the coordinator and every answer from a signer travels as
// {body, from, sig}: `from` is the sender's long-term identity key (x-only, BIP340) and `sig` a BIP340
// signature over SHA-256("lanes-custody/v1/" || kind || 0x00 || canonicalJson(body)), where kind is
// "request" or "response", so neither can be replayed as the other. Peers pin each other's identity keys
// (roster), and a DKG or refresh round forwards the signers' own envelopes so receivers check the sender
// themselves rather than trusting the coordinator.
import { schnorr } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { canonicalJson } from "./canonical-json.js";

export type EnvelopeKind = "request" | "response";

export interface Envelope<B = Record<string, unknown>> {
  body: B;
  /** Sender identity key, x-only hex. */
  from: string;
  /** BIP340 signature, hex. */
  sig: string;
}

function digest(kind: EnvelopeKind, body: unknown): Uint8Array {
  return sha256(
    concatBytes(utf8ToBytes(`lanes-custody/v1/${kind}`), new Uint8Array(1), utf8ToBytes(canonicalJson(body))),
  );
}

export function sealEnvelope<B>(kind: EnvelopeKind, body: B, secretKey: Uint8Array): Envelope<B> {
  return {
    body,
    from: bytesToHex(schnorr.getPublicKey(secretKey)),
    sig: bytesToHex(schnorr.sign(digest(kind, body), secretKey)),
  };
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

/** Checks shape and signature; `expectedFrom` pins the sender. Throws with a one-line reason. */
export function openEnvelope(kind: EnvelopeKind, value: unknown, expectedFrom?: string): Envelope {
  if (typeof value !== "object" || value === null) throw new Error("message is not an object");
  const e = value as Record<string, unknown>;
  if (typeof e.body !== "object" || e.body === null || Array.isArray(e.body))
    throw new Error("message has no body");
  if (typeof e.from !== "string" || !HEX64.test(e.from)) throw new Error("message has no sender key");
  if (typeof e.sig !== "string" || !HEX128.test(e.sig)) throw new Error("message has no signature");
  if (expectedFrom !== undefined && e.from !== expectedFrom)
    throw new Error("message from an unexpected key");
  let ok = false;
  try {
    ok = schnorr.verify(hexToBytes(e.sig), digest(kind, e.body), hexToBytes(e.from));
  } catch {
    ok = false;
  }
  if (!ok) throw new Error("bad message signature");
  return { body: e.body as Record<string, unknown>, from: e.from, sig: e.sig };
}
