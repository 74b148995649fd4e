// The witness check the blockchain-test conformance worker runs on every block it executes: generate the
// block's witness from its parent state (with the ancestors' headers), send it through the JSON form, verify
// the block statelessly from it alone, and require the verdict to be the full import's: a block whose
// execution matches its header verifies with the fixture's state root and uses every witness entry; one that
// does not (an invalid block rejected on its commitments) fails to verify.
import { readFileSync } from "node:fs";
import { decodeBlockRlp } from "../../src/block/block-rlp.js";
import { InvalidBlockError } from "../../src/block/errors.js";
import { validateBlockResult } from "../../src/block/result-validation.js";
import type { Block, BlockHeader, ChainConfig, ExecuteBlockOptions } from "../../src/block/types.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import type { InMemoryState } from "../../src/state/memory-state.js";
import {
  generateWitness,
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

  add(hash: Uint8Array, header: BlockHeader): void {
    this.byHash.set(bytesToHex(hash), header);
  }

  get = (hash: Uint8Array): BlockHeader | undefined => this.byHash.get(bytesToHex(hash));
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Why the block's stateless verification disagrees with its import, or undefined when it agrees. */
export function witnessDivergence(r: WitnessCheckBlock, headers: FixtureHeaders): string | undefined {
  let generated: ReturnType<typeof generateWitness>;
  try {
    generated = generateWitness(r.block, r.preState, r.chainConfig, {
      ...r.options,
      headerByHash: headers.get,
    });
  } catch (e) {
    // The reference rejected the block's execution: there is no witness to check.
    if (e instanceof InvalidBlockError) return undefined;
    return `witness generation failed: ${describe(e)}`;
  }
  let accepted = true;
  try {
    validateBlockResult(r.block.header, generated.result);
  } catch (e) {
    if (!(e instanceof InvalidBlockError)) throw e;
    accepted = false;
  }
  const witness = witnessFromJson(JSON.parse(JSON.stringify(witnessToJson(generated.witness))));
  try {
    const v = verifyBlockStateless(r.block, witness, r.chainConfig, { systemCalls: r.options.systemCalls });
    if (v.ok !== accepted) {
      return accepted
        ? `stateless verification fails: ${v.mismatches.join("; ")}`
        : "stateless verification accepts a block its import rejects";
    }
    if (v.unusedNodes + v.unusedCodes > 0) {
      return `witness not minimal: ${v.unusedNodes} nodes and ${v.unusedCodes} codes unused`;
    }
  } catch (e) {
    return `stateless verification: ${describe(e)}`;
  }
  return undefined;
}
