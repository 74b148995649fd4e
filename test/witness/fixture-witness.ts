// The witness checks the blockchain-test conformance worker runs on every block it executes.
//
// The worker's parallel cross-check run is itself a witness generation (generateWitnessParallel: Block-STM,
// forced parallel, with the read sets collected), so the witness from the union of the final read sets
// comes with no extra execution. Then, for a block whose execution succeeded:
// - the sequential generation must give the same witness, byte for byte;
// - sent through the JSON form, the witness alone must verify the block (sequentially, and on Block-STM)
//   exactly when its import accepts it: the fixture's state root, receipts root, gas and other commitments
//   match, or a block rejected on its commitments fails to verify; and verification must use every node
//   and code of the witness (minimal).
import { readFileSync } from "node:fs";
import { decodeBlockRlp } from "../../src/block/block-rlp.js";
import { InvalidBlockError } from "../../src/block/errors.js";
import { headerHash } from "../../src/block/header.js";
import { validateBlockResult } from "../../src/block/result-validation.js";
import type { Block, BlockHeader, ChainConfig, ExecuteBlockOptions } from "../../src/block/types.js";
import {
  generateWitnessParallel,
  type ParallelWitness,
  verifyBlockStatelessParallel,
} from "../../src/parallel/witness.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import {
  generateWitness,
  type StatelessResult,
  verifyBlockStateless,
  witnessFromJson,
  witnessToJson,
} from "../../src/witness/index.js";

export interface WitnessCheckBlock {
  block: Block;
  preState: InMemoryState;
  chainConfig: ChainConfig;
  options: ExecuteBlockOptions;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Headers of one fixture file by hash: the genesis headers read from the file, and every block executed. */
export class FixtureHeaders {
  private readonly byHash = new Map<string, BlockHeader>();

  constructor(file: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch {
      return; // the runner reports unreadable files itself
    }
    if (typeof raw !== "object" || raw === null) return;
    for (const test of Object.values(raw as Record<string, { genesisRLP?: unknown }>)) {
      if (typeof test?.genesisRLP !== "string") continue;
      try {
        const genesis = decodeBlockRlp(hexToBytes(test.genesisRLP));
        this.byHash.set(bytesToHex(genesis.hash), genesis.header);
      } catch {
        // the runner reports a bad genesis itself
      }
    }
  }

  /** Records a block about to be executed (a later block's ancestor). */
  add(header: BlockHeader): void {
    this.byHash.set(bytesToHex(headerHash(header)), header);
  }

  get = (hash: Uint8Array): BlockHeader | undefined => this.byHash.get(bytesToHex(hash));
}

/** The parallel cross-check run, generating the block's witness from its read sets on the way. */
export function runParallelWithWitness(
  r: WitnessCheckBlock,
  headers: FixtureHeaders,
  threads: number,
): Promise<ParallelWitness> {
  return generateWitnessParallel(r.block, r.preState, r.chainConfig, {
    ...r.options,
    headerByHash: headers.get,
    mode: "parallel",
    threads,
  });
}

/** Why the witnesses of a block disagree with its import, or undefined when they agree. */
export async function witnessDivergence(
  r: WitnessCheckBlock,
  parallel: ParallelWitness,
  headers: FixtureHeaders,
  threads: number,
): Promise<string | undefined> {
  const json = JSON.stringify(witnessToJson(parallel.witness));
  let sequential: ReturnType<typeof generateWitness>;
  try {
    sequential = generateWitness(r.block, r.preState, r.chainConfig, {
      ...r.options,
      headerByHash: headers.get,
    });
  } catch (e) {
    return `sequential witness generation: ${describe(e)}`;
  }
  if (JSON.stringify(witnessToJson(sequential.witness)) !== json) {
    const [p, s] = [parallel.witness, sequential.witness];
    return `the witness from the parallel read sets differs from the sequential one (${p.state.length} vs ${s.state.length} nodes, ${p.codes.length} vs ${s.codes.length} codes, ${p.headers.length} vs ${s.headers.length} headers; ${parallel.result.stats.reason})`;
  }
  let accepted = true;
  try {
    validateBlockResult(r.block.header, sequential.result);
  } catch (e) {
    if (!(e instanceof InvalidBlockError)) throw e;
    accepted = false;
  }
  const witness = witnessFromJson(JSON.parse(json));
  const options = { systemCalls: r.options.systemCalls };
  const judge = (how: string, v: StatelessResult) => {
    if (v.ok !== accepted) {
      return accepted
        ? `${how} stateless verification fails: ${v.mismatches.join("; ")}`
        : `${how} stateless verification accepts a block its import rejects`;
    }
    if (v.unusedNodes + v.unusedCodes > 0) {
      return `${how} stateless verification left ${v.unusedNodes} nodes and ${v.unusedCodes} codes unused (not minimal)`;
    }
    return undefined;
  };
  try {
    const problem = judge("sequential", verifyBlockStateless(r.block, witness, r.chainConfig, options));
    if (problem !== undefined) return problem;
  } catch (e) {
    return `sequential stateless verification: ${describe(e)}`;
  }
  try {
    return judge(
      "parallel",
      await verifyBlockStatelessParallel(r.block, witness, r.chainConfig, { ...options, threads }),
    );
  } catch (e) {
    return `parallel stateless verification: ${describe(e)}`;
  }
}
