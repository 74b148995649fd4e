// Groth16 verification keys: snarkjs's JSON (`snarkjs zkey export verificationkey`) and the binary form the
// co-processor takes, 32-byte big-endian words in EIP-197 order (an Fp2 element imaginary part first):
//   alpha1 (x, y) | beta2 (x.c1, x.c0, y.c1, y.c0) | gamma2 | delta2 | IC[0..nPublic] (x, y each)
// = 448 + 64 * (nPublic + 1) bytes. Proofs travel as uint256[8]: A (x, y), B (x.c1, x.c0, y.c1, y.c0), C (x, y),
// the order of the call data snarkjs exports for its Solidity verifier.

/** snarkjs verification_key.json (only the fields verification needs). */
export interface SnarkjsVerificationKey {
  protocol: string;
  curve: string;
  nPublic: number;
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
}

/** snarkjs proof.json. */
export interface SnarkjsProof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol?: string;
  curve?: string;
}

export const KEY_HEADER_BYTES = 448;
export const IC_POINT_BYTES = 64;

function word(value: string | bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = BigInt(value);
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function g1Words(p: readonly string[]): bigint[] {
  if (BigInt(p[2] ?? "1") !== 1n) throw new Error("G1 point is not affine (z != 1)");
  return [BigInt(p[0]!), BigInt(p[1]!)];
}

function g2Words(p: readonly string[][]): bigint[] {
  const z = p[2];
  if (z !== undefined && (BigInt(z[0]!) !== 1n || BigInt(z[1]!) !== 0n)) {
    throw new Error("G2 point is not affine (z != 1)");
  }
  // snarkjs writes Fp2 as [c0, c1]; EIP-197 wants c1 first.
  return [BigInt(p[0]![1]!), BigInt(p[0]![0]!), BigInt(p[1]![1]!), BigInt(p[1]![0]!)];
}

/** The co-processor's binary form of a snarkjs Groth16 BN254 verification key. */
export function encodeVerificationKey(vk: SnarkjsVerificationKey): Uint8Array {
  if (vk.protocol !== "groth16") throw new Error(`not a Groth16 key (protocol ${vk.protocol})`);
  if (vk.curve !== "bn128" && vk.curve !== "bn254") throw new Error(`not a BN254 key (curve ${vk.curve})`);
  if (vk.IC.length !== vk.nPublic + 1) throw new Error("IC does not have nPublic + 1 points");
  const words = [
    ...g1Words(vk.vk_alpha_1),
    ...g2Words(vk.vk_beta_2),
    ...g2Words(vk.vk_gamma_2),
    ...g2Words(vk.vk_delta_2),
    ...vk.IC.flatMap(g1Words),
  ];
  const out = new Uint8Array(words.length * 32);
  for (let i = 0; i < words.length; i++) out.set(word(words[i]!), i * 32);
  return out;
}

/** A snarkjs proof as the co-processor's uint256[8] (and the snarkjs Solidity verifier's call data). */
export function proofWords(proof: SnarkjsProof): bigint[] {
  return [...g1Words(proof.pi_a), ...g2Words(proof.pi_b), ...g1Words(proof.pi_c)];
}
