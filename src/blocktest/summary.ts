// Tallies `lanes blocktest` outcomes per network for the summary printed to stderr (layout: FixtureSummary),
// adding the blocks imported and the invalid blocks rejected for another reason than expected.
import { FixtureSummary } from "../fixture-io/summary.js";
import type { BlockchainOutcome } from "./runner.js";

export class BlocktestSummary extends FixtureSummary {
  blocks = 0;
  /** Expected-invalid blocks rejected for another reason than the expected one. */
  exceptionMismatches = 0;

  constructor() {
    super("network".length);
  }

  add(outcome: BlockchainOutcome): void {
    if (outcome.kind === "error") this.malformed++;
    else if (outcome.kind === "skip") this.skip(outcome.network, outcome.reason);
    else {
      this.blocks += outcome.blocks;
      this.exceptionMismatches += outcome.exceptionMismatches;
      this.ran(outcome.network, outcome.pass);
    }
  }

  protected override notes(): string[] {
    return this.exceptionMismatches > 0
      ? [`  invalid blocks rejected for another reason than expected: ${this.exceptionMismatches}`]
      : [];
  }

  protected override extraCounts(): string[] {
    return [`${this.blocks} blocks`];
  }
}
