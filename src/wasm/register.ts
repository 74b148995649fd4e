// Registers the WASM runner for code starting with 0xEF 0xF0 0x00 with the EVM (evm/code-runners.ts), once
// per thread. Importing this module is enough: tx/execute.ts does, so every thread that executes
// transactions (the main one, Block-STM workers, the node) runs WASM contracts when the chain enables them.
import { registerCodeRunner } from "../evm/code-runners.js";
import { WASM_CODE_PREFIX } from "./code-format.js";
import { wasmRunner } from "./runner.js";

registerCodeRunner(WASM_CODE_PREFIX, wasmRunner);
