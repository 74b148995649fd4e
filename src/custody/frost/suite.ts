// The FROST ciphersuites custody uses, all from @noble/curves (RFC 9591 on secp256k1), and the scalar field
// and group they run on. Keys come from the DKG of the plain secp256k1 suite (FROST-secp256k1-SHA256-v1),
// whose output is the untweaked group key; every signature is made with the BIP340 suite
// (FROST-secp256k1-SHA256-TR-v1), which normalises keys and nonces to even Y and hashes the BIP340 challenge.
// The TR suite's own DKG applies the BIP86 tweak in place and would hide the untweaked key that
// `lanes custody sign` without --taproot signs under, so it is not used for key generation: taproot.ts
// applies the tweak explicitly. Key packages are plain bytes (scalars, compressed points, 32-byte
// identifiers) and mean the same in both suites.
import { schnorr, schnorr_FROST, secp256k1_FROST } from "@noble/curves/secp256k1.js";

export const DKG_SUITE = secp256k1_FROST;
export const SIGN_SUITE = schnorr_FROST;
export const Point = schnorr.Point;
export type Point = InstanceType<typeof schnorr.Point>;
export const Fn = schnorr.Point.Fn;

export type {
  DKG_Round1,
  FrostPublic,
  FrostSecret,
  GenNonce,
  NonceCommitments,
  Nonces,
} from "@noble/curves/abstract/frost.js";
