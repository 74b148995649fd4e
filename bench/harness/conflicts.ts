// An engine-independent conflict analysis of a workload's block, from its sequential execution: what each
// transaction writes (nonce, balance, code, storage slots: its state diff against the state before it), and
// from that the write-write dependencies between transactions of the block.
//
// - A transaction is *dependent* when it writes a location an earlier transaction of the block wrote. In
//   these workloads every write is a read-modify-write (nonces, balances, reserves, counters), so that is a
//   true read-after-write dependency Block-STM must respect (by waiting or re-executing).
// - The *critical path* is the longest chain of such dependencies; txs / critical path bounds the speedup
//   of any executor that respects them, however many threads it has.
// - The fee recipient's balance is left out: every transaction credits it, and Lanes' parallel executor
//   applies those credits as commutative deltas instead of as reads and writes. So are, in the same way,
//   plain value transfers to a hot recipient (src/parallel/hot-recipients.ts): such credits do not
//   depend on one another, but the next ordinary write of that balance depends on all of them. They are
//   reported as the field "balance (deltas)".
// - Hot spots: the locations written by the most transactions (a pool's reserves slot, a hot wallet's
//   nonce...), with their account labelled by its code (BenchToken, BenchNFT, UniswapV2Pair, EOA...).
//
// Reads are not captured, so a transaction that only reads what an earlier one wrote is missed; in these
// workloads that does not happen except through the same locations it also writes.

import { blockEnvFromHeader } from "../../src/block/block-env.js";
import { OverlayState } from "../../src/block/overlay-state.js";
import { HotRecipients } from "../../src/parallel/hot-recipients.js";
import { addressToHex, bytesToBigInt, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { applyTransaction } from "../../src/tx/execute.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import type { Workload } from "../../tools/workloads/types.js";

export interface HotSpot {
  /** e.g. "UniswapV2Pair 0x1234…5678 slot 0x8" or "EOA 0xabcd…ef01 nonce". */
  label: string;
  address: string;
  /** "nonce", "balance", "code" or "slot 0x…". */
  field: string;
  /** Transactions of the block that wrote this location (fee credits aside). */
  writers: number;
  /** Writers as a share of the block's transactions. */
  share: number;
}

export interface ConflictReport {
  txs: number;
  /** Transactions that write a location an earlier transaction wrote. */
  dependentTxs: number;
  dependentShare: number;
  /** Longest chain of dependent transactions (1 = none depends on another). */
  criticalPath: number;
  /** txs / criticalPath: the ceiling on any dependency-respecting executor's speedup. */
  maxSpeedup: number;
  /** Locations written by more than one transaction, the most-written first (top 5). */
  hottest: HotSpot[];
  /** Locations written by more than one transaction, counted by the kind of account holding them. */
  sharedLocationsByKind: Record<string, number>;
}

const short = (address: bigint) => {
  const h = addressToHex(address);
  return `${h.slice(0, 6)}…${h.slice(-4)}`;
};

async function codeLabels(): Promise<Map<string, string>> {
  const a = await loadArtifacts();
  const labels = new Map<string, string>();
  for (const c of [a.token, a.nft, a.uniswapFactory, a.uniswapPair])
    labels.set(bytesToHex(keccak256(c.deployedBytecode)), c.name.replace(/^.*:/, ""));
  return labels;
}

export async function conflictReport(w: Workload): Promise<ConflictReport> {
  const labels = await codeLabels();
  const { header } = w;
  const rules = w.chainConfig.rulesAt(header.number, header.timestamp);
  const env = blockEnvFromHeader(header, rules, w.chainConfig.chainId);
  const state = new OverlayState(w.preState);
  /** location key -> the last transaction that wrote it. */
  const lastWriter = new Map<string, number>();
  const writers = new Map<string, { address: bigint; field: string; count: number }>();
  /** location key -> the deepest commutative credit since its last ordinary write. */
  const deltaDepth = new Map<string, number>();
  const hot = HotRecipients.find(
    w.transactions.map((t) => t.tx),
    header.coinbase,
    rules,
  );
  const depth: number[] = [];
  let dependent = 0;
  w.transactions.forEach(({ tx }, i) => {
    // A payer's credit is a delta when the recipient has no code at that point (what applyTransaction checks).
    const credited =
      hot.isPayer(i) && tx.to !== undefined && state.getCode(tx.to).length === 0 ? tx.to : undefined;
    const result = applyTransaction(state, tx, env, rules);
    const written: { address: bigint; field: string }[] = [];
    for (const [address, change] of result.diff) {
      if (address === header.coinbase) continue;
      const before = state.getAccount(address);
      const after = change.account;
      if (before?.nonce !== after?.nonce) written.push({ address, field: "nonce" });
      if (before?.balance !== after?.balance) written.push({ address, field: "balance" });
      if (change.code !== undefined || (before === undefined) !== (after === undefined))
        written.push({ address, field: "code" });
      for (const [slot, value] of change.storage) {
        if (state.getStorage(address, slot) !== value)
          written.push({ address, field: `slot 0x${slot.toString(16)}` });
      }
    }
    let d = 1;
    let isDependent = false;
    for (const { address, field } of written) {
      const key = `${address.toString(16)}/${field}`;
      const delta = address === credited && field === "balance";
      const prev = lastWriter.get(key);
      if (prev !== undefined) {
        isDependent = true;
        d = Math.max(d, depth[prev]! + 1);
      }
      const deltas = deltaDepth.get(key);
      if (!delta && deltas !== undefined) {
        isDependent = true;
        d = Math.max(d, deltas + 1);
      }
      const label = delta ? "balance (deltas)" : field;
      const countKey = `${address.toString(16)}/${label}`;
      const entry = writers.get(countKey);
      if (entry) entry.count++;
      else writers.set(countKey, { address, field: label, count: 1 });
      if (delta) continue; // its depth is recorded below, once known
      lastWriter.set(key, i);
      deltaDepth.delete(key);
    }
    if (credited !== undefined) {
      const key = `${credited.toString(16)}/balance`;
      deltaDepth.set(key, Math.max(deltaDepth.get(key) ?? 0, d));
    }
    depth.push(d);
    if (isDependent) dependent++;
    state.apply(result.diff);
  });
  const txs = w.transactions.length;
  const criticalPath = depth.length === 0 ? 0 : Math.max(...depth);
  const kindOf = (address: bigint): string => {
    const account = state.getAccount(address);
    if (account === undefined) return "account";
    if (state.getCode(address).length === 0) return "EOA";
    return labels.get(bytesToHex(account.codeHash)) ?? "contract";
  };
  // Name what the hot slots hold: the pair's reserves and price accumulators (UniswapV2Pair's layout:
  // slot 8 reserves + timestamp, 9/10 cumulative prices, 12 the lock) and ERC-20 balances (OpenZeppelin's
  // _balances mapping at slot 0: keccak256(holder . 0)) of any account the block touched.
  const balanceSlots = new Map<bigint, bigint>();
  const pad = (v: bigint) => v.toString(16).padStart(64, "0");
  for (const { address } of writers.values()) {
    if (!balanceSlots.has(address))
      balanceSlots.set(bytesToBigInt(keccak256(hexToBytes(`0x${pad(address)}${pad(0n)}`))), address);
  }
  const fieldName = (address: bigint, field: string): string => {
    const kind = kindOf(address);
    if (!field.startsWith("slot ")) return field;
    const slot = BigInt(field.slice(5));
    if (kind === "UniswapV2Pair") {
      const names: Record<string, string> = {
        "8": "reserves",
        "9": "price0CumulativeLast",
        "10": "price1CumulativeLast",
        "12": "lock",
      };
      const name = names[slot.toString()];
      if (name !== undefined) return name;
    }
    const holder = balanceSlots.get(slot);
    if (holder !== undefined) return `balanceOf(${kindOf(holder)} ${short(holder)})`;
    const hex = slot.toString(16);
    return `slot 0x${hex.length > 12 ? `${hex.slice(0, 8)}…` : hex}`;
  };
  const shared = [...writers.values()].filter((x) => x.count > 1).sort((x, y) => y.count - x.count);
  const sharedLocationsByKind: Record<string, number> = {};
  for (const { address } of shared) {
    const kind = kindOf(address);
    sharedLocationsByKind[kind] = (sharedLocationsByKind[kind] ?? 0) + 1;
  }
  return {
    txs,
    dependentTxs: dependent,
    dependentShare: txs === 0 ? 0 : dependent / txs,
    criticalPath,
    maxSpeedup: criticalPath === 0 ? 0 : txs / criticalPath,
    hottest: shared.slice(0, 5).map(({ address, field, count }) => ({
      label: `${kindOf(address)} ${short(address)} ${fieldName(address, field)}`,
      address: addressToHex(address),
      field,
      writers: count,
      share: count / txs,
    })),
    sharedLocationsByKind,
  };
}
