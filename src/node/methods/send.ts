// eth_sendRawTransaction and eth_sendTransaction (signed with a dev account's key, or unsigned from an
// impersonated account).
import { decodeSignedTransaction } from "../../tx/codec/signed.js";
import { signTransaction } from "../../tx/codec/signing.js";
import type { UnsignedTransaction } from "../../tx/codec/types.js";
import { withSender } from "../../tx/codec/with-sender.js";
import { checkSidecar, maxRawTransactionBytes, splitNetworkForm } from "../blob-sidecar.js";
import { blobStoreOf } from "../blob-store.js";
import { estimateGas } from "../call.js";
import * as p from "../params.js";
import { invalidParams, isTxError, serverError, txError } from "../rpc-errors.js";
import { SUGGESTED_TIP } from "./chain.js";
import { throwIfMinedAndFailed } from "./send-failures.js";
import type { MethodTable } from "./types.js";

/** Raw transactions above this size are refused (geth's txMaxSize is 128 KiB), a blob sidecar aside. */
const MAX_RAW_TX_BYTES = 128 * 1024;

export const sendMethods: MethodTable = {
  eth_sendRawTransaction: async (params, ctx) => {
    const { node } = ctx;
    const rules = node.pendingRules();
    const max = maxRawTransactionBytes(rules);
    // The size first, with its own message (a blob transaction's sidecar makes it far larger than 128 KiB).
    if (typeof params[0] === "string" && params[0].length > 2 + 2 * max)
      throw invalidParams(
        `transaction too large: ${(params[0].length - 2) >> 1} bytes (max ${max}, sidecar included)`,
      );
    let raw = p.data(params[0], "transaction", max);
    if (raw.length === 0) throw serverError("empty transaction");
    const network = splitNetworkForm(raw);
    if (network !== undefined) raw = network.tx;
    else if (raw.length > MAX_RAW_TX_BYTES)
      throw invalidParams(`transaction too large: ${raw.length} bytes (max ${MAX_RAW_TX_BYTES})`);
    let signed: ReturnType<typeof decodeSignedTransaction>;
    try {
      signed = decodeSignedTransaction(raw, { chainId: node.options.chainId });
    } catch (e) {
      if (isTxError(e)) throw txError(e);
      throw e;
    }
    if (network !== undefined && signed.tx.type === 3)
      checkSidecar(signed.tx.blobVersionedHashes, network.sidecar, rules);
    const hash = await node.submit(signed);
    // Accepted: keep the checked sidecar for anvil_getBlob* (blob-store.ts).
    if (network !== undefined && signed.tx.type === 3)
      blobStoreOf(node).put(signed.tx.blobVersionedHashes, network.sidecar);
    await throwIfMinedAndFailed(hash, ctx);
    return hash;
  },

  eth_sendTransaction: async (params, ctx) => {
    const { node } = ctx;
    const req = p.callRequest(params[0]);
    if (req.from === undefined) throw serverError("from address is required");
    const key = node.devAccountKey(req.from);
    if (key === undefined && !node.dev.impersonated.has(req.from)) throw serverError("unknown account");
    const baseFee = node.nextBaseFee();
    const legacy = req.gasPrice !== undefined && req.maxFeePerGas === undefined;
    const tip = req.maxPriorityFeePerGas ?? SUGGESTED_TIP;
    const maxFee = req.maxFeePerGas ?? 2n * baseFee + tip;
    let gas = req.gas;
    if (gas === undefined) {
      gas = estimateGas(
        { ...req },
        {
          reader: node.state,
          header: node.pendingHeader(),
          config: node.config,
          blockHash: node.blockHashOf,
          gasCap: ctx.gasCap,
        },
      );
    }
    const tx: UnsignedTransaction = {
      type: legacy ? 0 : req.authorizationList !== undefined ? 4 : 2,
      chainId: node.options.chainId,
      nonce: req.nonce ?? node.pendingNonce(req.from),
      gasLimit: gas,
      to: req.to,
      value: req.value ?? 0n,
      data: req.data ?? new Uint8Array(0),
      gasPrice: legacy ? req.gasPrice! : maxFee,
      maxFeePerGas: legacy ? req.gasPrice! : maxFee,
      maxPriorityFeePerGas: legacy ? req.gasPrice! : tip,
      accessList: req.accessList ?? [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: req.authorizationList ?? [],
    };
    if (tx.type === 0 && req.accessList !== undefined) tx.type = 1;
    let hash: string;
    try {
      const signed =
        key !== undefined ? signTransaction(tx, key) : node.impersonatedTransaction(withSender(tx, req.from));
      hash = await node.submit(signed);
    } catch (e) {
      if (isTxError(e)) throw txError(e);
      throw e;
    }
    await throwIfMinedAndFailed(hash, ctx);
    return hash;
  },
};
