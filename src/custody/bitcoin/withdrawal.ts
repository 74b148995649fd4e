// Withdrawals: PSBTs (BIP174, via @scure/btc-signer) that spend deposits held at the group's Taproot
// address by the key path, signed by the group with FROST under the BIP86 output key. Each input's
// message is its BIP341 signature hash (SIGHASH_DEFAULT, committing to every input's amount and
// script); the signature goes into the PSBT as tapKeySig, and the finalized transaction is a fully
// signed raw transaction ready to broadcast.
import { hexToBytes } from "@noble/hashes/utils.js";
import { Address, OutScript, SigHash, Transaction } from "@scure/btc-signer";
import { CustodyError } from "../errors.js";
import { BITCOIN_NETWORKS, type BitcoinNetworkName, taprootScript } from "../frost/taproot.js";

export interface DepositUtxo {
  /** Transaction id, big-endian hex as block explorers and bitcoind show it. */
  txid: string;
  vout: number;
  /** Satoshis. */
  amount: bigint;
}

export interface WithdrawalRequest {
  /** Deposits to spend (all at the group's Taproot address). */
  utxos: DepositUtxo[];
  /** Destination: an address (any standard type) on `network`, or its scriptPubKey. */
  to: string | { script: Uint8Array };
  /** Satoshis to send. */
  amount: bigint;
  /** Satoshis left to miners. */
  fee: bigint;
  network: BitcoinNetworkName;
}

/** Anything under this is not relayed as an output (standard dust limit for P2TR is 330 sats). */
export const DUST_SATS = 330n;

/** Builds the unsigned PSBT; change (if any) returns to the group's address. */
export function buildWithdrawalPsbt(groupKey: Uint8Array, req: WithdrawalRequest): Uint8Array {
  const network = BITCOIN_NETWORKS[req.network];
  if (req.utxos.length === 0) throw new CustodyError("a withdrawal needs at least one deposit to spend");
  if (req.amount < DUST_SATS)
    throw new CustodyError(`withdrawal amount ${req.amount} is below the dust limit`);
  if (req.fee < 0n) throw new CustodyError("negative fee");
  const total = req.utxos.reduce((a, u) => a + u.amount, 0n);
  const change = total - req.amount - req.fee;
  if (change < 0n)
    throw new CustodyError(`deposits hold ${total} sats, the withdrawal needs ${req.amount + req.fee}`);
  const script = taprootScript(groupKey);
  const internal = groupKey.length === 33 ? groupKey.subarray(1) : groupKey;
  const tx = new Transaction({ version: 2 });
  for (const u of req.utxos) {
    tx.addInput({
      txid: hexToBytes(u.txid),
      index: u.vout,
      witnessUtxo: { script, amount: u.amount },
      tapInternalKey: internal,
      sighashType: SigHash.DEFAULT,
    });
  }
  // Decoding the address checks it belongs to the network; a raw script must be a standard output.
  const out = typeof req.to === "string" ? OutScript.encode(Address(network).decode(req.to)) : req.to.script;
  let kind: string;
  try {
    kind = OutScript.decode(out).type;
  } catch {
    throw new CustodyError("destination is not a standard output script");
  }
  if (kind === "unknown") throw new CustodyError("destination is not a standard output script");
  tx.addOutput({ script: out, amount: req.amount });
  if (change >= DUST_SATS) tx.addOutput({ script, amount: change });
  return tx.toPSBT();
}

/** What the group signs for a key-path spend: one BIP341 sighash per input. */
export function withdrawalSighashes(psbt: Uint8Array): Uint8Array[] {
  const tx = Transaction.fromPSBT(psbt);
  const scripts: Uint8Array[] = [];
  const amounts: bigint[] = [];
  for (let i = 0; i < tx.inputsLength; i++) {
    const w = tx.getInput(i).witnessUtxo;
    if (w === undefined) throw new CustodyError(`input ${i} has no witness UTXO`);
    scripts.push(w.script);
    amounts.push(w.amount);
  }
  return Array.from({ length: tx.inputsLength }, (_, i) =>
    tx.preimageWitnessV1(i, scripts, SigHash.DEFAULT, amounts),
  );
}

/**
 * Signs every input with `signTaproot` (a FROST signing session under the BIP86 output key), then
 * finalizes. Returns the signed PSBT and the raw transaction (hex).
 */
export async function signWithdrawal(
  psbt: Uint8Array,
  signTaproot: (sighash: Uint8Array) => Promise<Uint8Array>,
): Promise<{ psbt: Uint8Array; rawTx: string; txid: string }> {
  const tx = Transaction.fromPSBT(psbt);
  const sighashes = withdrawalSighashes(psbt);
  for (let i = 0; i < sighashes.length; i++) {
    const sig = await signTaproot(sighashes[i]!);
    if (sig.length !== 64) throw new CustodyError("expected a 64-byte BIP340 signature");
    tx.updateInput(i, { tapKeySig: sig });
  }
  const signed = tx.toPSBT();
  tx.finalize();
  return { psbt: signed, rawTx: tx.hex, txid: tx.id };
}
