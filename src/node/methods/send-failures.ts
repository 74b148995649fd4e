// Hardhat's `throwOnTransactionFailures`, opt-in (`lanes node --throw-on-transaction-failures`): a
// transaction sent with eth_sendTransaction or eth_sendRawTransaction that is mined (automine) and fails is
// answered with an error carrying its revert data, as Hardhat's node answers, instead of its hash (anvil's
// and geth's answer, the default). Test suites whose matchers read the revert data from the send's error
// (hardhat-chai-matchers' revertedWith*) need it. The transaction stays mined either way.
import { hexToBytes } from "../../primitives/hex.js";
import { INTERNAL_ERROR, RpcError } from "../rpc-errors.js";
import { debugMethods } from "./debug.js";
import type { MethodContext } from "./types.js";

interface TopCall {
  output?: string;
  error?: string;
  revertReason?: string;
}

/** Hardhat's wording for why a transaction failed. */
function reasonOf(frame: TopCall): string {
  if (frame.error !== "execution reverted") return frame.error ?? "failed";
  if (frame.revertReason !== undefined) return `reverted with reason string '${frame.revertReason}'`;
  if (frame.output !== undefined && frame.output !== "0x")
    return `reverted with an unrecognized custom error (return data: ${frame.output})`;
  return "reverted without a reason string";
}

/**
 * With the option on: throws Hardhat's error (code -32603, `data: { message, txHash, data }` where `data`
 * is the revert data) when the sent transaction `hashHex` is mined with status 0. Nothing when the option
 * is off, or the transaction is not mined yet (automine off) or succeeded.
 */
export async function throwIfMinedAndFailed(hashHex: string, ctx: MethodContext): Promise<void> {
  const { node } = ctx;
  if (node.options.throwOnTransactionFailures !== true) return;
  const loc = node.store.txLocation(hexToBytes(hashHex));
  if (loc === undefined) return;
  const found = node.store.receiptEntry(loc.number, loc.index);
  if (found === undefined || found.receipt.status !== 0) return;
  // The revert data is not stored: the top call is re-executed on the block's pre-state (debug tracing).
  const traced = await debugMethods.debug_traceTransaction!(
    [hashHex, { tracer: "callTracer", tracerConfig: { onlyTopCall: true } }],
    ctx,
  );
  const frame = JSON.parse(String((traced as { text: string }).text)) as TopCall;
  const message = `VM Exception while processing transaction: ${reasonOf(frame)}`;
  throw new RpcError(INTERNAL_ERROR, message, { message, txHash: hashHex, data: frame.output ?? "0x" });
}
