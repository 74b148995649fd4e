// Tallies `lanes statetest` outcomes per fork for the summary printed to stderr (layout: FixtureSummary).
import { FixtureSummary } from "../fixture-io/summary.js";
import type { Outcome } from "../statetest/runner.js";

export class StatetestSummary extends FixtureSummary {
  constructor() {
    super("fork".length);
  }

  add(outcome: Outcome): void {
    if (outcome.kind === "error") this.malformed++;
    else if (outcome.kind === "skip") this.skip(outcome.fork, outcome.reason);
    else this.ran(outcome.fork, outcome.pass);
  }
}
