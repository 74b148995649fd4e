// BIP341/BIP86 key-path tweaking of a FROST key set, and the group's Taproot addresses. The output key is
// Q = lift_x(P) + [t]G with t = TaggedHash("TapTweak", x(P) || merkleRoot) (BIP86: no script tree, empty
// merkle root). A key set tweaks linearly: every share s_i of the even-Y key becomes s_i + t, and every
// verifying share gains [t]G, so the same threshold of tweaked shares signs for Q. Normalisation to even Y
// (negating every share when P has odd Y) comes first, as BIP340 keys are x-only. Built on noble's point
// and field operations; noble's TR ciphersuite applies the same tweak inside its DKG (checked in tests).
import { schnorr } from "@noble/curves/secp256k1.js";
import { bytesToNumberBE } from "@noble/curves/utils.js";
import { hexToBytes } from "@noble/hashes/utils.js";
import { NETWORK as MAINNET, p2tr, TEST_NETWORK as TESTNET } from "@scure/btc-signer";
import { Fn, type FrostPublic, type FrostSecret, Point } from "./suite.js";

/** bitcoind's regtest address parameters. */
export const REGTEST = { bech32: "bcrt", pubKeyHash: 0x6f, scriptHash: 0xc4, wif: 0xef } as const;
export const BITCOIN_NETWORKS = { regtest: REGTEST, testnet: TESTNET, mainnet: MAINNET } as const;
export type BitcoinNetworkName = keyof typeof BITCOIN_NETWORKS;

export interface TaprootAddresses {
  regtest: string;
  testnet: string;
  mainnet: string;
}

const EMPTY = new Uint8Array(0);

/** The BIP341 tweak scalar for an x-only internal key; throws if the hash is not below n (BIP341). */
export function tapTweak(internalXOnly: Uint8Array, merkleRoot: Uint8Array = EMPTY): bigint {
  if (internalXOnly.length !== 32) throw new Error("internal key must be 32 bytes (x-only)");
  const t = bytesToNumberBE(schnorr.utils.taggedHash("TapTweak", internalXOnly, merkleRoot));
  if (!Fn.isValid(t)) throw new Error("TapTweak hash is not below the group order");
  return t;
}

export function xOnly(point: Point): Uint8Array {
  return point.toBytes(true).subarray(1);
}

/** lift_x(x(P)): the even-Y point with P's x coordinate. */
export function evenY(point: Point): Point {
  return point.y % 2n === 0n ? point : point.negate();
}

/** The BIP86 output key of an internal key given compressed (33 bytes) or x-only (32 bytes). */
export function taprootOutputKey(internalKey: Uint8Array, merkleRoot: Uint8Array = EMPTY): Uint8Array {
  const p =
    internalKey.length === 32
      ? schnorr.utils.lift_x(bytesToNumberBE(internalKey))
      : Point.fromBytes(internalKey);
  const even = evenY(p);
  const q = even.add(Point.BASE.multiply(tapTweak(xOnly(even), merkleRoot)));
  return xOnly(q);
}

/** The FROST public package for the tweaked key Q (even-Y normalised first). */
export function tweakPublic(pub: FrostPublic, merkleRoot: Uint8Array = EMPTY): FrostPublic {
  const key = Point.fromBytes(pub.commitments[0]!);
  const flip = key.y % 2n !== 0n;
  const norm = (bytes: Uint8Array): Point =>
    flip ? Point.fromBytes(bytes).negate() : Point.fromBytes(bytes);
  const tG = Point.BASE.multiply(tapTweak(xOnly(evenY(key)), merkleRoot));
  const verifyingShares: Record<string, Uint8Array> = {};
  for (const [id, share] of Object.entries(pub.verifyingShares)) {
    verifyingShares[id] = norm(share).add(tG).toBytes(true);
  }
  return {
    signers: { min: pub.signers.min, max: pub.signers.max },
    commitments: pub.commitments.map((c, i) => (i === 0 ? norm(c).add(tG) : norm(c)).toBytes(true)),
    verifyingShares,
  } as FrostPublic;
}

/** A signer's share of the tweaked key; `pub` is the untweaked package. */
export function tweakSecret(
  secret: FrostSecret,
  pub: FrostPublic,
  merkleRoot: Uint8Array = EMPTY,
): FrostSecret {
  const key = Point.fromBytes(pub.commitments[0]!);
  let s = Fn.fromBytes(secret.signingShare);
  if (key.y % 2n !== 0n) s = Fn.neg(s);
  s = Fn.add(s, tapTweak(xOnly(evenY(key)), merkleRoot));
  return { identifier: secret.identifier, signingShare: Fn.toBytes(s) } as FrostSecret;
}

/** The BIP86 key-path addresses of an internal key (compressed or x-only, hex or bytes). */
export function taprootAddresses(internalKey: Uint8Array | string): TaprootAddresses {
  const bytes = typeof internalKey === "string" ? hexToBytes(internalKey.replace(/^0x/, "")) : internalKey;
  const x = bytes.length === 33 ? bytes.subarray(1) : bytes;
  return {
    regtest: p2tr(x, undefined, REGTEST).address!,
    testnet: p2tr(x, undefined, TESTNET).address!,
    mainnet: p2tr(x, undefined, MAINNET).address!,
  };
}

/** The P2TR scriptPubKey (OP_1 <Q>) for an internal key, key path only. */
export function taprootScript(internalKey: Uint8Array): Uint8Array {
  const x = internalKey.length === 33 ? internalKey.subarray(1) : internalKey;
  return p2tr(x, undefined, MAINNET).script;
}
