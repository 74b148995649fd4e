// Account and storage reads at a block.
import { bytesToHex, quantityToHex, wordToHex } from "../../primitives/hex.js";
import * as p from "../params.js";
import { accountProof } from "../proof.js";
import { invalidParams } from "../rpc-errors.js";
import { stateFor } from "./resolve.js";
import type { MethodTable } from "./types.js";

export const stateMethods: MethodTable = {
  eth_getBalance: (params, { node }) => {
    const address = p.address(params[0]);
    const { state } = stateFor(node, p.blockTag(params[1]));
    return quantityToHex(state.getAccount(address)?.balance ?? 0n);
  },
  eth_getTransactionCount: (params, { node }) => {
    const address = p.address(params[0]);
    const tag = p.blockTag(params[1]);
    if (tag.kind === "pending") return quantityToHex(node.pendingNonce(address));
    const { state } = stateFor(node, tag);
    return quantityToHex(state.getAccount(address)?.nonce ?? 0n);
  },
  eth_getCode: (params, { node }) => {
    const address = p.address(params[0]);
    const { state } = stateFor(node, p.blockTag(params[1]));
    return bytesToHex(state.getCode(address));
  },
  eth_getStorageAt: (params, { node }) => {
    const address = p.address(params[0]);
    const slot = p.word(params[1], "slot");
    const { state } = stateFor(node, p.blockTag(params[2]));
    return wordToHex(state.getStorage(address, slot));
  },
  eth_getProof: (params, { node }) => {
    const address = p.address(params[0]);
    if (!Array.isArray(params[1])) throw invalidParams("invalid storageKeys: expected an array");
    if (params[1].length > 1024) throw invalidParams("too many storage keys (max 1024)");
    const slots = params[1].map((k, i) => p.word(k, `storageKeys[${i}]`));
    const { state } = stateFor(node, p.blockTag(params[2]));
    return accountProof(state, address, slots, params[1]);
  },
};
