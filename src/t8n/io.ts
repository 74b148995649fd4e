// Where t8n input comes from and output goes: files, or geth's `stdin`/`stdout`/`stderr` selectors. With
// `--input.X=stdin`, stdin holds one JSON object {"alloc", "env", "txs"} (or "txsRlp", a hex RLP list);
// outputs sent to stdout (or stderr) are gathered into one object keyed "alloc", "result", "body".
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { hexToBytes } from "../primitives/hex.js";
import { InputError, inSource, OutputError } from "./errors.js";

export const STDIN = "stdin";

export interface InputPaths {
  alloc: string;
  env: string;
  txs: string;
}

export interface Sourced {
  value: unknown;
  /** Where it came from, for error messages ("env.json", "stdin"). */
  source: string;
}

export type TxsInput = ({ kind: "json" } & Sourced) | { kind: "rlp"; bytes: Uint8Array; source: string };

export interface RawInputs {
  alloc: Sourced;
  env: Sourced;
  txs: TxsInput;
}

function errorText(e: unknown): string {
  if (e instanceof Error && "code" in e && e.code === "ENOENT") return "no such file";
  if (e instanceof Error && "code" in e && e.code === "EISDIR") return "is a directory";
  return e instanceof Error ? e.message : String(e);
}

export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${source}: invalid JSON: ${errorText(e)}`);
  }
}

/** Reads and parses a JSON file; `what` names it in errors ("alloc", "block"). */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${what} file ${path}: ${errorText(e)}`);
  }
  return parseJsonText(text, path);
}

/** An RLP transaction list given as a JSON hex string (geth's `.rlp` txs file and `txsRlp`). */
function rlpHex(value: unknown, source: string): Uint8Array {
  if (typeof value !== "string")
    throw new InputError(`${source}: expected a hex string of RLP-encoded transactions`);
  return inSource(source, () => hexToBytes(value));
}

function stdinObject(readStdin: () => string): Record<string, unknown> {
  let text: string;
  try {
    text = readStdin();
  } catch (e) {
    throw new InputError(`cannot read stdin: ${errorText(e)}`);
  }
  const json = parseJsonText(text, STDIN);
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new InputError('stdin: expected a JSON object {"alloc", "env", "txs"}');
  }
  return json as Record<string, unknown>;
}

function fromStdin(obj: Record<string, unknown>, key: string): Sourced {
  const value = obj[key];
  if (value === undefined || value === null) throw new InputError(`stdin: "${key}" missing`);
  return { value, source: `${STDIN}.${key}` };
}

function loadTxs(path: string, stdin: Record<string, unknown> | undefined): TxsInput {
  if (stdin !== undefined) {
    if (stdin.txsRlp !== undefined && stdin.txsRlp !== null) {
      return { kind: "rlp", bytes: rlpHex(stdin.txsRlp, "stdin.txsRlp"), source: "stdin.txsRlp" };
    }
    // geth treats absent txs on stdin as an empty list.
    return { kind: "json", value: stdin.txs ?? [], source: "stdin.txs" };
  }
  const value = readJsonFile(path, "txs");
  if (path.endsWith(".rlp")) return { kind: "rlp", bytes: rlpHex(value, path), source: path };
  return { kind: "json", value, source: path };
}

/** Loads the three inputs; stdin is read (once) only when some input is "stdin". */
export function loadInputs(
  paths: InputPaths,
  readStdin: () => string = () => readFileSync(0, "utf8"),
): RawInputs {
  const usesStdin = paths.alloc === STDIN || paths.env === STDIN || paths.txs === STDIN;
  const stdin = usesStdin ? stdinObject(readStdin) : undefined;
  const load = (key: "alloc" | "env", path: string): Sourced =>
    path === STDIN ? fromStdin(stdin!, key) : { value: readJsonFile(path, key), source: path };
  return {
    alloc: load("alloc", paths.alloc),
    env: load("env", paths.env),
    txs: loadTxs(paths.txs, paths.txs === STDIN ? stdin : undefined),
  };
}

export interface OutputTargets {
  basedir: string;
  alloc: string;
  result: string;
  body: string;
}

export interface OutputStreams {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * Sends each output to its target: a file (relative to basedir unless absolute), "stdout", "stderr", or
 * nowhere (""). Everything is serialised before the first write, so a failure cannot leave half the output.
 */
export function dispatchOutputs(
  targets: OutputTargets,
  outputs: { alloc: unknown; result: unknown; body: unknown },
  streams: OutputStreams,
): void {
  const toStdout: Record<string, unknown> = {};
  const toStderr: Record<string, unknown> = {};
  const files: [string, string][] = [];
  for (const name of ["alloc", "result", "body"] as const) {
    const target = targets[name];
    if (target === "") continue;
    if (target === "stdout") toStdout[name] = outputs[name];
    else if (target === "stderr") toStderr[name] = outputs[name];
    else {
      const path = isAbsolute(target) || targets.basedir === "" ? target : join(targets.basedir, target);
      files.push([path, `${JSON.stringify(outputs[name], null, 2)}\n`]);
    }
  }
  try {
    if (files.length > 0 && targets.basedir !== "") mkdirSync(targets.basedir, { recursive: true });
    for (const [path, text] of files) writeFileSync(path, text);
  } catch (e) {
    throw new OutputError(`cannot write output: ${errorText(e)}`);
  }
  if (Object.keys(toStdout).length > 0) streams.stdout(`${JSON.stringify(toStdout, null, 2)}\n`);
  if (Object.keys(toStderr).length > 0) streams.stderr(`${JSON.stringify(toStderr, null, 2)}\n`);
}
