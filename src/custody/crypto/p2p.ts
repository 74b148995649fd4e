// Point-to-point encryption of secret shares between signers (DKG, refresh and reshare shares), relayed by
// the coordinator, which cannot read them. ECIES on secp256k1: the sender draws an ephemeral key e, the
// AES-256-GCM key is HKDF-SHA256(x([e]P_recipient), salt = E || P_recipient, info = context), and the
// context (protocol, session, sender, recipient) is also the AEAD's associated data, so a ciphertext
// cannot be moved to another session or pair. The envelope carrying the ciphertexts is signed by the
// sender. For blame, the sender can later reveal e for one ciphertext: anyone can then recompute the key,
// decrypt, and check the share against the sender's commitments (a false complaint blames the receiver).
import { gcm } from "@noble/ciphers/aes.js";
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE } from "@noble/curves/utils.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { Fn, Point } from "../frost/suite.js";

export interface SealedShare {
  /** Ephemeral public key E, compressed hex. */
  ephemeral: string;
  nonce: string;
  ciphertext: string;
}

function recipientPoint(recipientXOnly: string): Point {
  return schnorr.utils.lift_x(bytesToNumberBE(hexToBytes(recipientXOnly)));
}

function keyFor(shared: Point, ephemeral: Point, recipient: Point, context: string): Uint8Array {
  const salt = concatBytes(ephemeral.toBytes(true), recipient.toBytes(true));
  return hkdf(
    sha256,
    shared.toBytes(true).subarray(1),
    salt,
    utf8ToBytes(`lanes-custody/p2p/v1|${context}`),
    32,
  );
}

/** Encrypts `plaintext` to the holder of `recipientXOnly`; returns the sealed share and e (keep for blame). */
export function sealShare(
  plaintext: Uint8Array,
  recipientXOnly: string,
  context: string,
): { sealed: SealedShare; ephemeralSecret: bigint } {
  const e = Fn.fromBytes(schnorr.utils.randomSecretKey());
  const E = Point.BASE.multiply(e);
  const P = recipientPoint(recipientXOnly);
  const key = keyFor(P.multiply(e), E, P, context);
  const nonce = randomBytes(12);
  const ciphertext = gcm(key, nonce, utf8ToBytes(context)).encrypt(plaintext);
  key.fill(0);
  return {
    sealed: {
      ephemeral: bytesToHex(E.toBytes(true)),
      nonce: bytesToHex(nonce),
      ciphertext: bytesToHex(ciphertext),
    },
    ephemeralSecret: e,
  };
}

/** Decrypts with the recipient's identity secret key (its x-only public key is even-Y by BIP340). */
export function openShare(sealed: SealedShare, recipientSecret: Uint8Array, context: string): Uint8Array {
  let d = Fn.fromBytes(recipientSecret);
  const P = Point.BASE.multiply(d);
  if (P.y % 2n !== 0n) d = Fn.neg(d);
  const E = Point.fromHex(sealed.ephemeral);
  const key = keyFor(E.multiply(d), E, P.y % 2n === 0n ? P : P.negate(), context);
  try {
    return gcm(key, hexToBytes(sealed.nonce), utf8ToBytes(context)).decrypt(hexToBytes(sealed.ciphertext));
  } finally {
    key.fill(0);
  }
}

/** Decrypts with a revealed ephemeral secret (blame); throws if e does not match E or decryption fails. */
export function openRevealed(
  sealed: SealedShare,
  ephemeralSecret: bigint,
  recipientXOnly: string,
  context: string,
): Uint8Array {
  const E = Point.fromHex(sealed.ephemeral);
  if (
    !Fn.isValid(ephemeralSecret) ||
    Fn.is0(ephemeralSecret) ||
    !Point.BASE.multiply(ephemeralSecret).equals(E)
  ) {
    throw new Error("revealed ephemeral key does not match");
  }
  const P = recipientPoint(recipientXOnly);
  const key = keyFor(P.multiply(ephemeralSecret), E, P, context);
  return gcm(key, hexToBytes(sealed.nonce), utf8ToBytes(context)).decrypt(hexToBytes(sealed.ciphertext));
}
