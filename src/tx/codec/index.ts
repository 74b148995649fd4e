// Public API of the transaction codec (types 0-4): decode, encode, sign, recover, static checks.
export { decodeTransaction } from "./decode.js";
export { encodeTransaction, payloadFields } from "./encode.js";
export { type LegacyV, legacyV, parseLegacyV } from "./legacy-v.js";
export { type RecoverOptions, recoverSender } from "./sender.js";
export { decodeSignedTransaction, transactionHash } from "./signed.js";
export { signAuthorization, signingHash, signingPayload, signTransaction } from "./signing.js";
export type { DecodedTransaction, SignedTransaction, TxSignature, UnsignedTransaction } from "./types.js";
export { type StaticCheck, validateStatic } from "./validate-static.js";
