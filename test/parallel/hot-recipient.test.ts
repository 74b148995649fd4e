// Plain value transfers to one hot recipient as commutative deltas (hot-recipients.ts, applyTransaction's
// deferValueTransfer): many senders paying one account must not conflict, and every way of observing that
// account in the same block (it sends a transaction itself, a contract reads BALANCE of it, it turns out to
// be a contract) must give exactly the sequential result.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { executeBlock } from "../../src/block/execute-block.js";
import { WorkerPool } from "../../src/block-stm/worker-pool.js";
import { canonicalResultLines, firstDifference } from "../../src/parallel/canonical-result.js";
import { executeBlockParallel, type ParallelBlockResult } from "../../src/parallel/index.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import { asm, concat } from "../../tools/asm.js";
import { signTx } from "../../tools/workloads/chain.js";
import { type Account, account, accounts, address } from "../../tools/workloads/keys.js";
import { SetupChain } from "../../tools/workloads/setup.js";
import { lanesBlock, type Workload } from "../../tools/workloads/types.js";

const SEED = 77;
const pool = new WorkerPool({ maxThreads: 4 });
after(() => pool.close());

/** Initcode deploying `runtime` (CODECOPY of the bytes after the prefix). */
function deployer(runtime: Uint8Array): Uint8Array {
  const prefix = (offset: number) =>
    asm(`PUSH2 ${runtime.length} PUSH2 ${offset} PUSH0 CODECOPY PUSH2 ${runtime.length} PUSH0 RETURN`);
  return concat(prefix(prefix(0).length), runtime);
}

/** Runtime that stores BALANCE(target) in slot 0. */
function balanceProbe(target: bigint): Uint8Array {
  return asm(`PUSH20 0x${target.toString(16).padStart(40, "0")} BALANCE PUSH0 SSTORE STOP`);
}

interface Scenario {
  name: string;
  build(chain: SetupChain, payers: Account[], hot: Account): SignedTransaction[];
  /** Credits the parallel run must have deferred. */
  deferred: number;
  /** Whether the block's only shared state is the recipient (no conflicts at all). */
  independent: boolean;
  /** Whether the recipient exists before the block. */
  funded: boolean;
}

const pay = (chain: SetupChain, from: Account, to: bigint, i: number) =>
  signTx({
    from,
    nonce: chain.nextNonce(from.address),
    to,
    value: 10n ** 15n + BigInt(i),
    gasLimit: 21_000n,
  });

const SCENARIOS: Scenario[] = [
  {
    name: "40 payers to an absent account",
    funded: false,
    deferred: 40,
    independent: true,
    build: (chain, payers, hot) => payers.slice(0, 40).map((p, i) => pay(chain, p, hot.address, i)),
  },
  {
    name: "40 payers to a funded account, with calldata",
    funded: true,
    deferred: 40,
    independent: true,
    build: (chain, payers, hot) =>
      payers.slice(0, 40).map((from, i) =>
        signTx({
          from,
          nonce: chain.nextNonce(from.address),
          to: hot.address,
          value: 5n + BigInt(i),
          data: Uint8Array.of(1, 2, 3, i),
          gasLimit: 30_000n,
        }),
      ),
  },
  {
    name: "payers, then the recipient sends, a contract reads its balance, more payers",
    funded: false,
    deferred: 40,
    independent: false,
    build: (chain, payers, hot) => {
      const probe = chain.deploy(chain.deployer, deployer(balanceProbe(hot.address)), 200_000n);
      chain.mine();
      const txs = payers.slice(0, 20).map((p, i) => pay(chain, p, hot.address, i));
      txs.push(pay(chain, hot, address(SEED, "sink", 0), 0)); // spends from the credits
      txs.push(
        signTx({
          from: payers[20]!,
          nonce: chain.nextNonce(payers[20]!.address),
          to: probe,
          gasLimit: 60_000n,
        }),
      );
      txs.push(...payers.slice(21, 41).map((p, i) => pay(chain, p, hot.address, 100 + i)));
      return txs;
    },
  },
  {
    name: "payers to a contract (paid the ordinary way: it has code)",
    funded: false,
    deferred: 0,
    independent: false,
    build: (chain, payers) => {
      const sink = chain.deploy(chain.deployer, deployer(asm("STOP")), 200_000n);
      chain.mine();
      return payers.slice(0, 40).map((p, i) => pay(chain, p, sink, i));
    },
  },
];

async function workload(s: Scenario): Promise<Workload> {
  const chain = new SetupChain(SEED);
  const payers = accounts(SEED, "payer", 41);
  for (const p of payers) chain.fund(p.address);
  const hot = account(SEED, "hot", 0);
  // Unfunded, the recipient can still send in the third scenario: it is paid before it sends.
  if (s.funded) chain.fund(hot.address);
  const txs = s.build(chain, payers, hot);
  return chain.finish("eth-transfer", txs, { senders: txs.length, recipients: 1 });
}

describe("plain value transfers to a hot recipient", () => {
  for (const s of SCENARIOS) {
    test(s.name, async () => {
      const w = await workload(s);
      const block = lanesBlock(w);
      const expected = canonicalResultLines(executeBlock(block, w.preState, w.chainConfig));
      for (const threads of [1, 2, 4]) {
        const got: ParallelBlockResult = await executeBlockParallel(block, w.preState, w.chainConfig, {
          threads,
          mode: "parallel",
          pool,
        });
        assert.equal(got.stats.mode, "parallel", got.stats.reason);
        const difference = firstDifference(canonicalResultLines(got), expected);
        assert.equal(difference, undefined, `threads=${threads}: ${difference}`);
        assert.equal(got.stats.deferredCredits, s.deferred, `threads=${threads}: deferred credits`);
        if (s.independent) {
          // Payers share nothing but the recipient's code hash: no read of theirs can be invalidated.
          assert.equal(got.stats.validationAborts, 0, `threads=${threads}: validation aborts`);
          assert.equal(got.stats.reExecutions, 0, `threads=${threads}: re-executions`);
        }
      }
    });
  }
});
