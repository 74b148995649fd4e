// The Groth16 co-processor (address 0x0c02): `verify(bytes vk, uint256[8] proof, uint256[] publicSignals)
// returns (bool)`, vk and proof encoded as key.ts describes (contracts/coprocessors/ILanesGroth16.sol).
// An invalid proof returns false; a malformed call (unknown selector, bad ABI, a key that is not one, a
// signal count other than the key's) fails. Gas (see docs/coprocessors.md, "Calibration"):
//   GROTH16_BASE_GAS + GROTH16_SIGNAL_GAS * nPublic + 3 per 32-byte word of call data.
import { decodeArgs, encodeWords, readSelector, selectorOf } from "../abi.js";
import { GROTH16_ADDRESS } from "../addresses.js";
import { type Coprocessor, CoprocessorInputError } from "../types.js";
import { keyPublicCount, preparedKey, verifyGroth16 } from "./verify.js";

/** Fixed part: three Miller loops and one final exponentiation (the e(alpha, beta) term is per key). */
export const GROTH16_BASE_GAS = 100_000;
/** Per public signal: one G1 scalar multiplication and addition (EIP-1108 prices them 6,000 + 150). */
export const GROTH16_SIGNAL_GAS = 6_150;
export const GROTH16_WORD_GAS = 3;
/** Public signals allowed in one call. */
export const MAX_PUBLIC_SIGNALS = 1024;

export const VERIFY_SIGNATURE = "verify(bytes,uint256[8],uint256[])";
const VERIFY = selectorOf(VERIFY_SIGNATURE);

function decode(input: Uint8Array) {
  if (readSelector(input) !== VERIFY)
    throw new CoprocessorInputError("unknown Groth16 co-processor function");
  const [key, proof, signals] = decodeArgs(input, ["bytes", "uint256[8]", "uint256[]"]) as [
    Uint8Array,
    bigint[],
    bigint[],
  ];
  const nPublic = keyPublicCount(key.length);
  if (nPublic > MAX_PUBLIC_SIGNALS) throw new CoprocessorInputError("too many public signals");
  if (signals.length !== nPublic) {
    throw new CoprocessorInputError(`expected ${nPublic} public signals, got ${signals.length}`);
  }
  return { key, proof, signals };
}

export function groth16Gas(inputBytes: number, nPublic: number): number {
  return GROTH16_BASE_GAS + GROTH16_SIGNAL_GAS * nPublic + GROTH16_WORD_GAS * Math.ceil(inputBytes / 32);
}

export function createGroth16Coprocessor(options?: { address?: bigint }): Coprocessor {
  return {
    name: "groth16",
    address: options?.address ?? GROTH16_ADDRESS,
    gas: (input) => groth16Gas(input.length, decode(input).signals.length),
    run: (input) => {
      const { key, proof, signals } = decode(input);
      const valid = verifyGroth16(preparedKey(key), proof, signals);
      return encodeWords([valid ? 1 : 0], [false]);
    },
  };
}
