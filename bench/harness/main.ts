// `lanes bench` behind the CLI: parse the options, run the harness, print the table, write the files.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ParsedArgs } from "../../src/cli/args.js";
import { benchOptions } from "./options.js";
import { stderrProgress } from "./progress.js";
import { formatJson, formatMarkdown, formatText } from "./report.js";
import { runBench } from "./run.js";
import { formatSvg } from "./svg.js";

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Exit status: 0 when every engine that ran agreed with the reference, 1 on any mismatch. */
export async function benchMain(args: ParsedArgs, argv: readonly string[]): Promise<number> {
  const { options, outputs } = benchOptions(args);
  const progress = stderrProgress({ quiet: args.options.has("quiet") });
  const report = await runBench(options, progress, ["lanes bench", ...argv].join(" "));
  process.stdout.write(formatText(report));
  if (outputs.json) write(outputs.json, formatJson(report));
  if (outputs.markdown) write(outputs.markdown, formatMarkdown(report));
  if (outputs.svg) write(outputs.svg, formatSvg(report));
  return report.mismatches.length === 0 ? 0 : 1;
}
