// Workloads shaped like real L1 traffic (issue 11): most of a mainnet block's transactions are cheap
// transfers and swaps, but a few are long because they call precompiles, and the block's time goes to those.
//
// - rollup-blobs: ERC-20 transfers plus a few rollup batch verifications, each making 24 KZG point
//   evaluations (EIP-4844 precompile 0x0a) in one transaction, as a rollup's inbox verifies openings of the
//   blobs it posted (one transaction per 500 of the block, at seeded positions: a block dominated by a few
//   long transactions, like the mainnet block where 3 transactions made ~70 point evaluations each).
// - zk-verify: ERC-20 transfers plus zk proof verifications (one per 40 transactions): each runs what a
//   Groth16 verifier does on BN254: an ecMul and an ecAdd for the public input, then a 4-pair pairing check
//   (precompiles 0x07, 0x06, 0x08), and counts the verified proof in its own slot.
// - defi-mix: price-oracle updates at the top of the block (4 feeds), then Uniswap V2 swaps of which half go
//   through an aggregator contract that reads the oracle feed before routing the swap to the pool (so they
//   all depend on the oracle updates, as on mainnet), and ERC-20 transfers, shuffled.
// The verifier, aggregator and oracle are small assembled contracts (tools/asm.ts) placed in the pre-state.

import { hexToBytes } from "../../src/primitives/hex.js";
import type { SignedTransaction } from "../../src/tx/codec/types.js";
import { asm, concat, word } from "../asm.js";
import { loadArtifacts } from "../contracts/artifacts.js";
import { ETHER, signTx } from "./chain.js";
import { type Account, accounts, address } from "./keys.js";
import { Rng } from "./rng.js";
import { SetupChain } from "./setup.js";
import { deployToken, ERC20_TRANSFER_GAS, mintTokens, transferData } from "./tokens.js";
import type { WorkloadGenerator } from "./types.js";
import { deployUniswap, fundTraders, planSwap, swapTransactions } from "./uniswap.js";

const HOLDING = 1_000n * ETHER;

/**
 * One valid point-evaluation input (versioned hash, z, y, commitment, proof) for a blob whose first 16 field
 * elements are 1..16: computed once with micro-eth-signer's KZG (computing a proof takes seconds in pure JS)
 * and checked by every run, since the verifier reverts on a wrong one.
 */
const KZG_COMMITMENT =
  "0x85854e3f37b434f389e1c6df4402fffaced42f3d0757d9101c8d7d2886782c61b072ba520425d9a36dfd32b2b7a6c5ec";
const KZG_Z = `0x${"11".repeat(31)}05`;
const KZG_Y = "0x6ddaaccec4e551a05c313dcf74600f127bb53807e2633db21349c3226dec2ed7";
const KZG_PROOF =
  "0xa5aa0225e1058927be79934bb4d620678015da6a4cd9c858016cde288d46418b7ac844dcb811b62cbd2278b9a727d2ba";
const EVALUATIONS_PER_BATCH = 24;

async function pointEvaluationInput(): Promise<Uint8Array> {
  const { sha256 } = await import("@noble/hashes/sha2.js");
  const commitment = hexToBytes(KZG_COMMITMENT);
  const versioned = sha256(commitment);
  versioned[0] = 0x01;
  return concat(versioned, hexToBytes(KZG_Z), hexToBytes(KZG_Y), commitment, hexToBytes(KZG_PROOF));
}

/** Calldata: n x 192-byte point-evaluation inputs; each must verify; then counts a batch for the caller. */
const BLOB_VERIFIER = asm(`
  PUSH0                                   ; offset of the next input
  loop:
  JUMPDEST
  DUP1 CALLDATASIZE GT ISZERO PUSH @done JUMPI
  PUSH1 192 DUP2 PUSH0 CALLDATACOPY       ; mem[0..192] = calldata[offset..offset+192]
  PUSH1 0x40 PUSH1 0xc0 PUSH1 0xc0 PUSH0 PUSH1 0x0a GAS STATICCALL
  ISZERO PUSH @fail JUMPI
  PUSH1 192 ADD PUSH @loop JUMP
  done:
  JUMPDEST POP
  CALLER SLOAD PUSH1 1 ADD CALLER SSTORE STOP
  fail:
  JUMPDEST PUSH0 PUSH0 REVERT
`);

/** Calldata: ecMul input (96 bytes) || pairing input (4 x 192 bytes). Verifies, then counts for the caller. */
const ZK_VERIFIER = asm(`
  PUSH1 0x60 PUSH0 PUSH0 CALLDATACOPY                                   ; mem[0..96] = ecMul input
  PUSH1 0x40 PUSH1 0x80 PUSH1 0x60 PUSH0 PUSH1 0x07 GAS STATICCALL        ; mem[0x80..0xc0] = k * P
  ISZERO PUSH @fail JUMPI
  PUSH1 0x80 MLOAD PUSH1 0xc0 MSTORE PUSH1 0xa0 MLOAD PUSH1 0xe0 MSTORE    ; second operand = k * P
  PUSH1 0x40 PUSH1 0x80 PUSH1 0x80 PUSH1 0x80 PUSH1 0x06 GAS STATICCALL   ; mem[0x80..0xc0] = 2k * P
  ISZERO PUSH @fail JUMPI
  PUSH1 0x60 CALLDATASIZE SUB PUSH1 0x60 PUSH2 0x100 CALLDATACOPY        ; mem[0x100..] = pairing input
  PUSH1 0x20 PUSH0 PUSH1 0x60 CALLDATASIZE SUB PUSH2 0x100 PUSH1 0x08 GAS STATICCALL
  ISZERO PUSH @fail JUMPI
  PUSH0 MLOAD ISZERO PUSH @fail JUMPI                                     ; the pairing must hold
  CALLER SLOAD PUSH1 1 ADD CALLER SSTORE STOP
  fail:
  JUMPDEST PUSH0 PUSH0 REVERT
`);

/** 32 bytes of calldata: returns the feed's price; 64 bytes (feed, price): stores it. */
const ORACLE = asm(`
  PUSH1 0x20 CALLDATASIZE EQ PUSH @read JUMPI
  PUSH1 0x20 CALLDATALOAD PUSH0 CALLDATALOAD SSTORE STOP
  read:
  JUMPDEST PUSH0 CALLDATALOAD SLOAD PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN
`);

/** Calldata: pair (32) || feed (32) || the pair's swap calldata. Checks the feed has a price, then swaps. */
function aggregatorCode(oracle: bigint): Uint8Array {
  return asm(`
    PUSH1 0x20 CALLDATALOAD PUSH0 MSTORE
    PUSH1 0x20 PUSH0 PUSH1 0x20 PUSH0 PUSH20 ${oracle} GAS STATICCALL
    ISZERO PUSH @fail JUMPI
    PUSH0 MLOAD ISZERO PUSH @fail JUMPI                 ; no price: refuse to route
    PUSH1 0x40 CALLDATASIZE SUB PUSH1 0x40 PUSH0 CALLDATACOPY
    PUSH0 PUSH0 PUSH1 0x40 CALLDATASIZE SUB PUSH0 PUSH0 PUSH0 CALLDATALOAD GAS CALL
    ISZERO PUSH @fail JUMPI
    STOP
    fail:
    JUMPDEST PUSH0 PUSH0 REVERT
  `);
}

// BN254: the G1 generator, its negation and the G2 generator (EIP-197 order: x.c1, x.c0, y.c1, y.c0), so that
// e(P, Q) * e(-P, Q) * e(P, Q) * e(-P, Q) = 1.
/** The BN254 base field modulus. */
const BN_FIELD_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const G1 = [1n, 2n] as const;
const G2 = [
  11559732032986387107991004021392285783925812861821192530917403151452391805634n,
  10857046999023057135944570762232829481370756359578518086990519993285655852781n,
  4082367875863433681332203403145435568316851327593401208105741076214120093531n,
  8495653923123431417604973247489272438418190587263600148770280649306958101930n,
] as const;

function zkCalldata(k: bigint): Uint8Array {
  const negY = BN_FIELD_MODULUS - G1[1];
  const pair = (y: bigint) => concat(word(G1[0]), word(y), ...G2.map(word));
  return concat(word(G1[0]), word(G1[1]), word(k), pair(G1[1]), pair(negY), pair(G1[1]), pair(negY));
}

function placeContract(chain: SetupChain, seed: number, role: string, code: Uint8Array): bigint {
  const at = address(seed, role, 0);
  chain.state.putAccount(at, { nonce: 1n, code });
  return at;
}

/** ERC-20 transfers from `senders` on one token; `heavy` transactions inserted at seeded positions. */
async function transfersWithHeavy(
  seed: number,
  id: "rollup-blobs" | "zk-verify",
  txs: number,
  heavyCount: number,
  verifierCode: Uint8Array,
  heavyData: (i: number) => Uint8Array,
  heavyGas: bigint,
) {
  const artifacts = await loadArtifacts();
  const chain = new SetupChain(seed);
  const light = Math.max(0, txs - heavyCount);
  const senders = accounts(seed, "sender", light);
  const provers = accounts(seed, "prover", heavyCount);
  for (const s of senders) chain.fund(s.address);
  for (const p of provers) chain.fund(p.address);
  const token = deployToken(chain, artifacts);
  mintTokens(
    chain,
    artifacts,
    token,
    senders.map((s) => s.address),
    senders.map(() => HOLDING),
  );
  const verifier = placeContract(chain, seed, `${id}/verifier`, verifierCode);
  const rng = new Rng(seed, id);
  const out: SignedTransaction[] = senders.map((from, i) =>
    signTx({
      from,
      nonce: chain.nextNonce(from.address),
      to: token,
      data: transferData(artifacts, address(seed, "recipient", i), rng.bigint(1n, HOLDING)),
      gasLimit: ERC20_TRANSFER_GAS,
    }),
  );
  const positions: number[] = [];
  provers.forEach((from, i) => {
    const heavy = signTx({
      from,
      nonce: chain.nextNonce(from.address),
      to: verifier,
      data: heavyData(i),
      gasLimit: heavyGas,
    });
    const at = rng.int(out.length + 1);
    out.splice(at, 0, heavy);
    positions.push(at);
  });
  return chain.finish(id, out, {
    transfers: light,
    heavyTxs: heavyCount,
    heavyPositions: positions.sort((a, b) => a - b).join(" "),
  });
}

export const rollupBlobs: WorkloadGenerator = {
  id: "rollup-blobs",
  description: `ERC-20 transfers plus one rollup batch per 500 txs verifying ${EVALUATIONS_PER_BATCH} KZG point evaluations`,
  gasPerTx: 60_000,
  async generate({ seed, txs }) {
    const input = await pointEvaluationInput();
    const batch = concat(...Array.from({ length: EVALUATIONS_PER_BATCH }, () => input));
    const gas = 100_000n + BigInt(EVALUATIONS_PER_BATCH) * 60_000n;
    return transfersWithHeavy(
      seed,
      "rollup-blobs",
      txs,
      Math.max(1, Math.round(txs / 500)),
      BLOB_VERIFIER,
      () => batch,
      gas,
    );
  },
};

export const zkVerify: WorkloadGenerator = {
  id: "zk-verify",
  description:
    "ERC-20 transfers plus one Groth16-shaped BN254 verification (ecMul, ecAdd, 4-pair pairing) per 40 txs",
  gasPerTx: 55_000,
  async generate({ seed, txs }) {
    return transfersWithHeavy(
      seed,
      "zk-verify",
      txs,
      Math.max(1, Math.round(txs / 40)),
      ZK_VERIFIER,
      (i) => zkCalldata(BigInt(i + 3)),
      400_000n,
    );
  },
};

const FEEDS = 4;

export const defiMix: WorkloadGenerator = {
  id: "defi-mix",
  description:
    "oracle updates, then Uniswap V2 swaps (half through an aggregator reading the oracle) and ERC-20 transfers",
  gasPerTx: 80_000,
  async generate({ seed, txs }) {
    const artifacts = await loadArtifacts();
    const chain = new SetupChain(seed);
    const swaps = Math.max(1, Math.floor((txs - FEEDS) / 4));
    const transfers = Math.max(0, txs - FEEDS - swaps * 2);
    const traders = accounts(seed, "trader", swaps);
    const senders = accounts(seed, "sender", transfers);
    const updater = accounts(seed, "oracle-updater", 1)[0]!;
    for (const a of [...traders, ...senders, updater]) chain.fund(a.address);
    const oracle = placeContract(chain, seed, "defi-mix/oracle", ORACLE);
    const aggregator = placeContract(chain, seed, "defi-mix/aggregator", aggregatorCode(oracle));
    const poolRng = new Rng(seed, "uniswap/15/100");
    const { pools } = deployUniswap(chain, artifacts, poolRng, 15, 100);
    const token = deployToken(chain, artifacts);
    mintTokens(
      chain,
      artifacts,
      token,
      senders.map((s) => s.address),
      senders.map(() => HOLDING),
    );
    const rng = new Rng(seed, "defi-mix");
    const plans = traders.map((t) => planSwap(t, pools[rng.int(pools.length)]!, rng));
    fundTraders(chain, artifacts, plans);
    chain.mine();
    // Old prices in the pre-state, so a read before the update would also pass (the dependency is the point).
    for (let f = 0; f < FEEDS; f++) chain.state.setStorage(oracle, BigInt(f), 1_000n + BigInt(f));
    const updates = Array.from({ length: FEEDS }, (_, f) =>
      signTx({
        from: updater,
        nonce: chain.nextNonce(updater.address),
        to: oracle,
        data: concat(word(BigInt(f)), word(2_000n + BigInt(f) + BigInt(seed))),
        gasLimit: 60_000n,
      }),
    );
    // Actions are shuffled first and emitted in final block order, so each swap's output is computed at the
    // pool's reserves at that point of the block (swapTransactions tracks them).
    type Action = { kind: "swap"; index: number } | { kind: "transfer"; index: number };
    const actions: Action[] = [
      ...plans.map((_, index): Action => ({ kind: "swap", index })),
      ...senders.map((_, index): Action => ({ kind: "transfer", index })),
    ];
    for (let i = actions.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [actions[i], actions[j]] = [actions[j]!, actions[i]!];
    }
    const body: SignedTransaction[] = [];
    for (const action of actions) {
      const i = action.index;
      if (action.kind === "transfer") {
        const from: Account = senders[i]!;
        body.push(
          signTx({
            from,
            nonce: chain.nextNonce(from.address),
            to: token,
            data: transferData(artifacts, address(seed, "recipient", i), rng.bigint(1n, HOLDING)),
            gasLimit: ERC20_TRANSFER_GAS,
          }),
        );
        continue;
      }
      const plan = plans[i]!;
      const nonce = chain.nextNonce(plan.trader.address);
      chain.nextNonce(plan.trader.address);
      const [transfer, swap] = swapTransactions(artifacts, plan, nonce);
      if (i % 2 === 1) {
        body.push(transfer!, swap!);
        continue;
      }
      // Through the aggregator: the same swap, routed after the oracle check.
      body.push(
        transfer!,
        signTx({
          from: plan.trader,
          nonce: nonce + 1n,
          to: aggregator,
          data: concat(word(plan.pool.pair), word(BigInt(i % FEEDS)), swap!.tx.data),
          gasLimit: 200_000n,
        }),
      );
    }
    return chain.finish("defi-mix", [...updates, ...body], {
      oracleUpdates: FEEDS,
      swaps,
      aggregatedSwaps: Math.ceil(swaps / 2),
      transfers,
    });
  },
};
