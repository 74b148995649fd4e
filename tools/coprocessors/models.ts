// Loading the trained models (models/*.json) and registering them in a ModelRegistry contract: one
// transaction to create the model, one per layer (its bias), one per weight chunk (an SSTORE2 blob each),
// and one to seal it. Works with any `send` (the test chain, or a viem wallet through lanes node).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ModelJson, parseModel, type QuantizedModel } from "../../src/coprocessors/inference/model.js";
import { encodeCall } from "./harness.js";
import { repoRoot } from "./paths.js";

/** Largest weight chunk per blob (Blobs.MAX_BYTES in LanesCoprocessors.sol). */
export const MAX_CHUNK = 24575;

export function loadModel(name: string): QuantizedModel {
  return parseModel(
    JSON.parse(readFileSync(join(repoRoot(), "models", `${name}.json`), "utf8")) as ModelJson,
  );
}

export function int32BigEndian(values: Int32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, false);
  return out;
}

export function hex(bytes: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}

/** The ModelRegistry calls that register `model` as model `modelId` (createModel first). */
export function registrationCalls(model: QuantizedModel, modelId: bigint): Uint8Array[] {
  const calls = [encodeCall("ModelRegistry", "createModel", [model.inputs])];
  for (const l of model.layers) {
    calls.push(
      encodeCall("ModelRegistry", "addLayer", [
        modelId,
        l.rows,
        l.cols,
        l.scale,
        l.shift,
        hex(int32BigEndian(l.bias)),
      ]),
    );
    const rowsPerChunk = Math.max(1, Math.floor(MAX_CHUNK / l.cols));
    for (let r = 0; r < l.rows; r += rowsPerChunk) {
      const chunk = l.weights.subarray(r * l.cols, Math.min(l.rows, r + rowsPerChunk) * l.cols);
      calls.push(
        encodeCall("ModelRegistry", "appendWeights", [
          modelId,
          hex(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)),
        ]),
      );
    }
  }
  calls.push(encodeCall("ModelRegistry", "seal", [modelId]));
  return calls;
}
