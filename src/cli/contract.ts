// `lanes contract build <file.ts|file.c|file.rs> [--out DIR]`: compiles a WASM contract with its SDK,
// activates the module (the same checks a deployment makes, so a module the chain would reject fails
// here), and writes NAME.wasm (the module), NAME.initcode.hex (deployable init code, 0x-prefixed) and
// NAME.abi.json (from the source's `@abi` lines). Prints one JSON line describing the outputs.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { bytesToHex } from "../primitives/hex.js";
import { keccak256 } from "../primitives/keccak.js";
import { activateModule } from "../wasm/activate.js";
import { wasmContractCode } from "../wasm/code-format.js";
import { wasmInitCode } from "../wasm/deploy.js";
import { WasmActivationError } from "../wasm/errors.js";
import { defineCommand } from "./command.js";
import { AbiSyntaxError, abiFromSource } from "./contract-abi.js";
import {
  ContractCompileError,
  compileContract,
  languageOf,
  ToolchainMissingError,
} from "./contract-compile.js";
import { EXIT_FAILED, EXIT_OK, UsageError } from "./usage-error.js";

const USAGE = `Usage: lanes contract build <file.ts|file.c|file.rs> [--out DIR]

Compiles a WebAssembly contract written in AssemblyScript (.ts), C (.c) or Rust (.rs) with the Lanes SDK
of its language (sdk/), checks that the module activates (imports, memory, no floats, size, ...), and writes
  DIR/NAME.wasm          the WebAssembly module
  DIR/NAME.initcode.hex  init code for an ordinary CREATE/CREATE2 (deploys 0xEF 0xF0 0x00 + module)
  DIR/NAME.abi.json      the ABI, from the source's "@abi function|event|error ..." comment lines
NAME is the source file's name without extension; DIR defaults to the current directory.

Toolchains: AssemblyScript needs the npm package assemblyscript; C needs the Debian packages clang and lld;
Rust needs the Debian packages rustc and libstd-rust-dev-wasm32 (set LANES_RUSTC to pick a rustc).

Options:
  --out DIR    output directory (created if missing)`;

export const contractCommand = defineCommand({
  name: "contract",
  summary: "build WebAssembly contracts (AssemblyScript, C, Rust): lanes contract build <file>",
  usage: USAGE,
  options: { out: { value: true } },
  async run(args) {
    const [action, file, ...extra] = args.positionals;
    if (action !== "build")
      throw new UsageError(`contract: unknown action ${action ?? "(none)"} (expected build)`);
    if (file === undefined) throw new UsageError("contract build: missing source file");
    if (extra.length > 0) throw new UsageError(`contract build: unexpected argument ${extra[0]}`);
    const out = resolve(String(args.options.get("out") ?? "."));
    const name = basename(file, extname(file));
    try {
      languageOf(file);
      const abi = abiFromSource(readFileSync(file, "utf8"), file);
      const module = await compileContract(file);
      activateModule(module);
      mkdirSync(out, { recursive: true });
      const paths = {
        wasm: join(out, `${name}.wasm`),
        initcode: join(out, `${name}.initcode.hex`),
        abi: join(out, `${name}.abi.json`),
      };
      writeFileSync(paths.wasm, module);
      writeFileSync(paths.initcode, `${bytesToHex(wasmInitCode(module))}\n`);
      writeFileSync(paths.abi, `${JSON.stringify(abi, null, 2)}\n`);
      const codeHash = bytesToHex(keccak256(wasmContractCode(module)));
      process.stdout.write(
        `${JSON.stringify({ contract: name, ...paths, moduleSize: module.length, codeHash })}\n`,
      );
      return EXIT_OK;
    } catch (e) {
      if (
        e instanceof ToolchainMissingError ||
        e instanceof ContractCompileError ||
        e instanceof WasmActivationError ||
        e instanceof AbiSyntaxError ||
        (e instanceof Error && "code" in e && (e as NodeJS.ErrnoException).code === "ENOENT")
      ) {
        process.stderr.write(`lanes contract build: ${e.message}\n`);
        return EXIT_FAILED;
      }
      throw e;
    }
  },
});
