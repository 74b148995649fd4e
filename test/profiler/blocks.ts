// Blocks with a known dependency structure for the profiler's tests, built like the bench workloads (a setup
// chain of real signed transactions executed by Lanes, then the block under test).
import { asm, concat } from "../../tools/asm.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import { encodeCall } from "../../tools/workloads/abi.js";
import { signTx } from "../../tools/workloads/chain.js";
import { accounts, address } from "../../tools/workloads/keys.js";
import { SetupChain } from "../../tools/workloads/setup.js";
import { deployToken, mintTokens, transferData } from "../../tools/workloads/tokens.js";
import type { Workload } from "../../tools/workloads/types.js";

/** Initcode deploying `runtime`. */
function deployer(runtime: Uint8Array): Uint8Array {
  const prefix = (offset: number) =>
    asm(`PUSH2 ${runtime.length} PUSH2 ${offset} PUSH0 CODECOPY PUSH2 ${runtime.length} PUSH0 RETURN`);
  return concat(prefix(prefix(0).length), runtime);
}

/**
 * Increments the slot named by the first calldata word, after a busy loop of `iterations` rounds (so that
 * every transaction takes the same, measurable time and chain lengths decide the critical path).
 */
function counterCode(iterations: number): Uint8Array {
  return asm(`
    PUSH3 ${iterations}
    loop:
      JUMPDEST PUSH1 1 SWAP1 SUB DUP1 PUSH @loop JUMPI
    POP
    PUSH0 CALLDATALOAD DUP1 SLOAD PUSH1 1 ADD SWAP1 SSTORE STOP`);
}

export interface ChainBlock {
  workload: Workload;
  contract: bigint;
  /** Per chain, its slot and its transactions (block indexes, ascending). */
  chains: { slot: bigint; txs: number[] }[];
  /** Transactions through slots of their own (no dependency). */
  loose: number[];
}

/**
 * `lengths.length` independent chains through slots 1, 2, ... of one counter contract, interleaved
 * round-robin, plus `loose` transactions through slots of their own; every transaction from its own sender.
 */
export function chainBlock(
  lengths: readonly number[],
  loose: number,
  iterations = 8000,
  seed = 5,
): ChainBlock {
  const chain = new SetupChain(seed);
  const total = lengths.reduce((a, b) => a + b, 0) + loose;
  const senders = accounts(seed, "profiler-sender", total);
  for (const s of senders) chain.fund(s.address);
  const contract = chain.deploy(chain.deployer, deployer(counterCode(iterations)), 500_000n);
  chain.mine();
  const order: { slot: bigint; chain: number }[] = [];
  const remaining = [...lengths];
  let looseLeft = loose;
  let looseSlot = 1000n;
  while (remaining.some((r) => r > 0) || looseLeft > 0) {
    remaining.forEach((r, c) => {
      if (r > 0) {
        order.push({ slot: BigInt(c + 1), chain: c });
        remaining[c] = r - 1;
      }
    });
    if (looseLeft > 0) {
      order.push({ slot: looseSlot++, chain: -1 });
      looseLeft--;
    }
  }
  const chains = lengths.map((_, c) => ({ slot: BigInt(c + 1), txs: [] as number[] }));
  const looseTxs: number[] = [];
  const txs = order.map((o, i) => {
    if (o.chain >= 0) chains[o.chain]!.txs.push(i);
    else looseTxs.push(i);
    const from = senders[i]!;
    const data = new Uint8Array(32);
    data[31] = Number(o.slot & 0xffn);
    data[30] = Number((o.slot >> 8n) & 0xffn);
    return signTx({ from, nonce: chain.nextNonce(from.address), to: contract, data, gasLimit: 2_000_000n });
  });
  return {
    workload: chain.finish("eth-transfer", txs, { chains: lengths.length }),
    contract,
    chains,
    loose: looseTxs,
  };
}

export interface Erc20Block {
  workload: Workload;
  token: bigint;
  /** Receives several transfers (conflicts on _balances[recipient]). */
  recipient: bigint;
  /** Approved `spender`, who then moves its tokens several times (conflicts on _allowances[owner][spender]). */
  owner: bigint;
  spender: bigint;
}

/** An OpenZeppelin ERC-20 block: transfers to one recipient, and transferFrom calls on one allowance. */
export async function erc20Block(seed = 9): Promise<Erc20Block> {
  const artifacts = await loadArtifacts();
  const chain = new SetupChain(seed);
  const holders = accounts(seed, "holder", 6);
  const [owner, spender] = accounts(seed, "allowance", 2) as [(typeof holders)[0], (typeof holders)[0]];
  for (const a of [...holders, owner, spender]) chain.fund(a.address);
  const token = deployToken(chain, artifacts);
  mintTokens(
    chain,
    artifacts,
    token,
    [...holders.map((h) => h.address), owner.address],
    [...holders.map(() => 10n ** 21n), 10n ** 21n],
  );
  const selector = (sig: string) => artifacts.token.selectors.get(sig)!;
  chain.send(
    owner,
    token,
    encodeCall(selector("approve(address,uint256)"), [spender.address, 10n ** 20n]),
    100_000n,
  );
  chain.mine();
  const recipient = address(seed, "recipient", 0);
  const txs = [];
  for (const [i, h] of holders.entries()) {
    txs.push(
      signTx({
        from: h,
        nonce: chain.nextNonce(h.address),
        to: token,
        data: transferData(artifacts, recipient, 1000n + BigInt(i)),
        gasLimit: 120_000n,
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    txs.push(
      signTx({
        from: spender,
        nonce: chain.nextNonce(spender.address),
        to: token,
        data: encodeCall(selector("transferFrom(address,address,uint256)"), [
          owner.address,
          address(seed, "sink", i),
          100n + BigInt(i),
        ]),
        gasLimit: 120_000n,
      }),
    );
  }
  return {
    workload: chain.finish("erc20-transfer", txs, { holders: holders.length }),
    token,
    recipient,
    owner: owner.address,
    spender: spender.address,
  };
}
