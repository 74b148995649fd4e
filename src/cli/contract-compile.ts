// Compiling a WASM contract from AssemblyScript (.ts), C (.c) or Rust (.rs) with the SDKs in sdk/, and the
// toolchains each needs. A missing toolchain is a ToolchainMissingError naming what to install:
//   AssemblyScript  the npm package `assemblyscript` (run in-process)
//   C               Debian `clang` and `lld` (clang --target=wasm32, linked by wasm-ld)
//   Rust            Debian `rustc` and `libstd-rust-dev-wasm32` (a rustc with the wasm32-unknown-unknown
//                   target; the first such rustc among $LANES_RUSTC, those on PATH and /usr/bin/rustc)
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { foldConstantStart } from "./contract-fold-start.js";

export type ContractLanguage = "assemblyscript" | "c" | "rust";

/** A toolchain the language needs is not installed; the message says what to install. */
export class ToolchainMissingError extends Error {
  override name = "ToolchainMissingError";
}

/** The compiler ran and rejected the source; the message carries its diagnostics. */
export class ContractCompileError extends Error {
  override name = "ContractCompileError";
}

/** The sdk/ folder of this installation (dist/src/cli -> the package root). */
export function sdkRoot(): string {
  return fileURLToPath(new URL("../../../sdk/", import.meta.url));
}

export function languageOf(file: string): ContractLanguage {
  switch (extname(file)) {
    case ".ts":
      return "assemblyscript";
    case ".c":
      return "c";
    case ".rs":
      return "rust";
    default:
      throw new ContractCompileError(`${file}: unknown contract language (expected .ts, .c or .rs)`);
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every executable called `name` on PATH, in PATH order. */
function onPath(name: string): string[] {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((d) => d !== "")
    .map((d) => join(d, name))
    .filter(executable);
}

/**
 * PATH without npm's `node_modules/.bin` folders. Inside an npm script those come first, and they hold
 * binaryen's `wasm-opt` (an assemblyscript dependency): clang runs any `wasm-opt` it finds on PATH after
 * linking at -O1 and above, with binaryen's default features, which reject the bulk-memory code that
 * `-mbulk-memory` asks for. The same build must give the same module from a shell and from `npm test`.
 */
function pathWithoutNpmBins(): string {
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((d) => !/[\\/]node_modules[\\/]\.bin[\\/]?$/.test(d))
    .join(delimiter);
}

function run(tool: string, args: string[], what: string): void {
  const r = spawnSync(tool, args, {
    encoding: "utf8",
    maxBuffer: 16 << 20,
    env: { ...process.env, PATH: pathWithoutNpmBins() },
  });
  if (r.error !== undefined)
    throw new ContractCompileError(`${what}: cannot run ${tool}: ${r.error.message}`);
  if (r.status !== 0) throw new ContractCompileError(`${what} failed:\n${(r.stderr || r.stdout).trim()}`);
}

async function compileAssemblyScript(file: string, out: string): Promise<void> {
  let asc: typeof import("assemblyscript/asc");
  try {
    asc = await import("assemblyscript/asc");
  } catch {
    throw new ToolchainMissingError(
      "the AssemblyScript compiler is not installed: install the npm package assemblyscript (npm install --save-dev assemblyscript)",
    );
  }
  let diagnostics = "";
  const sink = {
    write(chunk: string | Uint8Array) {
      diagnostics += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    },
  };
  const { error } = await asc.main(
    [
      file,
      "--outFile",
      out,
      "--runtime",
      "stub",
      "--optimizeLevel",
      "3",
      "--shrinkLevel",
      "1",
      "--noAssert",
      "--noColors",
      "--path",
      join(sdkRoot(), "assemblyscript"),
      "--use",
      "abort=~lib/lanes/revert/abort",
    ],
    { stdout: sink, stderr: sink },
  );
  if (error)
    throw new ContractCompileError(`asc ${basename(file)} failed:\n${diagnostics.trim() || error.message}`);
}

function compileC(file: string, out: string): void {
  const clang = process.env.LANES_CLANG ?? onPath("clang")[0];
  if (clang === undefined)
    throw new ToolchainMissingError(
      "clang is not installed: install the Debian packages clang and lld (apt-get install clang lld)",
    );
  if (onPath("wasm-ld").length === 0 && process.env.LANES_CLANG === undefined)
    throw new ToolchainMissingError(
      "wasm-ld is not installed: install the Debian package lld (apt-get install lld)",
    );
  run(
    clang,
    [
      "--target=wasm32",
      "-O2",
      "-nostdlib",
      "-ffreestanding",
      "-mbulk-memory",
      "-std=c11",
      "-Wall",
      `-I${join(sdkRoot(), "c")}`,
      "-Wl,--no-entry",
      "-Wl,-z,stack-size=32768",
      "-Wl,--strip-all",
      "-o",
      out,
      file,
    ],
    `clang ${basename(file)}`,
  );
}

/** A rustc whose sysroot has the wasm32-unknown-unknown standard library. */
function findRustc(): string {
  const candidates = [process.env.LANES_RUSTC, ...onPath("rustc"), "/usr/bin/rustc"].filter(
    (c): c is string => c !== undefined && c !== "" && executable(c),
  );
  for (const rustc of new Set(candidates)) {
    const r = spawnSync(rustc, ["--print", "target-libdir", "--target", "wasm32-unknown-unknown"], {
      encoding: "utf8",
    });
    const dir = r.status === 0 ? r.stdout.trim() : "";
    if (dir !== "" && existsSync(dir) && readdirSync(dir).some((f) => f.startsWith("libcore-"))) return rustc;
  }
  throw new ToolchainMissingError(
    candidates.length === 0
      ? "rustc is not installed: install the Debian packages rustc and libstd-rust-dev-wasm32 (apt-get install rustc libstd-rust-dev-wasm32)"
      : `no rustc with the wasm32-unknown-unknown target (tried ${[...new Set(candidates)].join(", ")}): install the Debian package libstd-rust-dev-wasm32 (apt-get install rustc libstd-rust-dev-wasm32), or set LANES_RUSTC`,
  );
}

function compileRust(file: string, out: string, work: string): void {
  const rustc = findRustc();
  const common = [
    "--edition",
    "2021",
    "--target",
    "wasm32-unknown-unknown",
    "-C",
    "opt-level=3",
    "-C",
    "panic=abort",
  ];
  const rlib = join(work, "liblanes.rlib");
  run(
    rustc,
    [
      ...common,
      "--crate-type",
      "rlib",
      "--crate-name",
      "lanes",
      "-o",
      rlib,
      join(sdkRoot(), "rust/lanes/src/lib.rs"),
    ],
    "rustc (Lanes SDK)",
  );
  run(
    rustc,
    [
      ...common,
      "--crate-type",
      "cdylib",
      "-C",
      "link-arg=-zstack-size=32768",
      "-C",
      "link-arg=--strip-all",
      "-L",
      work,
      "--extern",
      `lanes=${rlib}`,
      "-o",
      out,
      file,
    ],
    `rustc ${basename(file)}`,
  );
}

/** Compiles a contract source to a WebAssembly module (not yet prefixed or activated). */
export async function compileContract(file: string): Promise<Uint8Array> {
  if (!existsSync(file)) throw new ContractCompileError(`${file}: no such file`);
  const language = languageOf(file);
  const work = mkdtempSync(join(tmpdir(), "lanes-contract-"));
  try {
    const out = join(work, "contract.wasm");
    if (language === "assemblyscript") await compileAssemblyScript(file, out);
    else if (language === "c") compileC(file, out);
    else compileRust(file, out, work);
    const wasm = new Uint8Array(readFileSync(out));
    return language === "assemblyscript" ? foldConstantStart(wasm) : wasm;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
