// Runs DEEP_CALL_WAT 50 and 1,000 deep in a Worker with V8's default stack and reports the outcomes.
import { parentPort } from "node:worker_threads";
import { wasmInitCode } from "../../src/wasm/deploy.js";
import { TestChain } from "../../tools/wasm-contracts/chain.js";
import { DEEP_CALL_WAT, depthInput } from "./deep-call.js";
import { wat } from "./wat.js";

const chain = new TestChain();
const c = chain.deploy(chain.user(0), wasmInitCode(wat(DEEP_CALL_WAT)));
const shallow = chain.call(c, depthInput(50));
const deep = chain.call(c, depthInput(1000));
parentPort!.postMessage({
  shallow: shallow.success
    ? new DataView(shallow.output.buffer, shallow.output.byteOffset).getUint32(0, true)
    : -1,
  deep: [deep.success, deep.error],
});
