// The example async co-processor (id 1): int8 MLP inference over a ModelRegistry model too large to run
// inside a block, through the same SIMD kernels as the synchronous co-processor. The job input is
// abi.encode(uint32 inputs, (uint32 rows, uint32 cols, int32 scale, uint8 shift, address bias,
// address[] weights)[] layers, bytes x), built on chain by InferenceJobClient.sol: the model is named by its
// SSTORE2 blobs, immutable code every verifier reads the same way. Every layer but the last is
// requantize(relu(W x + b)); the output is abi.encode(uint256 class, bytes scores) (int32 big-endian).
import { simdEngine } from "../simd/engine.js";
import type { AsyncCoprocessor } from "./types.js";

export const MLP_INFERENCE_ID = 1n;
const MAX_LAYERS = 16;
const MAX_WEIGHT_BYTES = 16 * 1024 * 1024;

export class JobInputError extends Error {
  override name = "JobInputError";
}

interface LayerPayload {
  rows: number;
  cols: number;
  scale: number;
  shift: number;
  weights: Uint8Array;
  bias: Uint8Array;
}

export interface MlpPayload {
  layers: LayerPayload[];
  x: Uint8Array;
}

class Reader {
  constructor(private readonly data: Uint8Array) {}
  word(at: number): bigint {
    if (at < 0 || at + 32 > this.data.length) throw new JobInputError("job input truncated");
    let v = 0n;
    for (let i = at; i < at + 32; i++) v = (v << 8n) | BigInt(this.data[i]!);
    return v;
  }
  small(at: number, max: number): number {
    const v = this.word(at);
    if (v > BigInt(max)) throw new JobInputError("job input value out of range");
    return Number(v);
  }
  bytes(at: number): Uint8Array {
    const length = this.small(at, this.data.length);
    if (at + 32 + length > this.data.length) throw new JobInputError("job input truncated");
    return this.data.subarray(at + 32, at + 32 + length);
  }
}

function blob(code: (address: bigint) => Uint8Array, address: bigint): Uint8Array {
  const c = code(address);
  if (c.length === 0) throw new JobInputError(`no blob at 0x${address.toString(16)}`);
  return c.subarray(1); // SSTORE2: a STOP byte, then the data
}

export function prepareMlp(input: Uint8Array, code: (address: bigint) => Uint8Array): MlpPayload {
  const r = new Reader(input);
  const inputs = r.small(0, 1 << 24);
  const layersAt = r.small(32, input.length);
  const x = r.bytes(r.small(64, input.length));
  if (x.length !== inputs) throw new JobInputError("input length is not the model's");
  const count = r.small(layersAt, MAX_LAYERS);
  if (count === 0) throw new JobInputError("model without layers");
  const base = layersAt + 32;
  const layers: LayerPayload[] = [];
  let total = 0;
  let cols = inputs;
  for (let i = 0; i < count; i++) {
    const at = base + r.small(base + 32 * i, input.length);
    const rows = r.small(at, 1 << 24);
    const layerCols = r.small(at + 32, 1 << 24);
    const scaleWord = r.word(at + 64);
    const scale = Number(BigInt.asIntN(32, scaleWord));
    if (BigInt.asIntN(256, scaleWord) !== BigInt(scale)) throw new JobInputError("scale is not an int32");
    const shift = r.small(at + 96, 62);
    const bias = blob(code, r.word(at + 128));
    const weightsAt = at + r.small(at + 160, input.length);
    const blobs = r.small(weightsAt, 1024);
    if (layerCols !== cols) throw new JobInputError("layer shapes do not chain");
    const parts: Uint8Array[] = [];
    let size = 0;
    for (let j = 0; j < blobs; j++) {
      const part = blob(code, r.word(weightsAt + 32 + 32 * j));
      parts.push(part);
      size += part.length;
    }
    total += size;
    if (total > MAX_WEIGHT_BYTES) throw new JobInputError("model too large");
    if (size !== rows * layerCols || bias.length !== rows * 4)
      throw new JobInputError("layer blobs do not match its shape");
    const weights = new Uint8Array(size);
    let k = 0;
    for (const p of parts) {
      weights.set(p, k);
      k += p.length;
    }
    layers.push({ rows, cols: layerCols, scale, shift, weights, bias: bias.slice() });
    cols = rows;
  }
  return { layers, x: x.slice() };
}

function int32s(bytes: Uint8Array): Int32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return Int32Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(4 * i, false));
}

/** The job's computation (runs on a worker thread). */
export function computeMlp(payload: unknown): Uint8Array {
  const { layers, x: input } = payload as MlpPayload;
  const engine = simdEngine();
  let x: Int8Array = new Int8Array(input.buffer, input.byteOffset, input.length);
  let scores: Int32Array = new Int32Array(0);
  layers.forEach((l, i) => {
    const w = new Int8Array(l.weights.buffer, l.weights.byteOffset, l.weights.length);
    let y: Int32Array = engine.add(engine.matVec(w, l.rows, l.cols, x), int32s(l.bias));
    if (i < layers.length - 1) {
      y = engine.relu(y);
      x = engine.requantize(y, l.scale, l.shift);
    } else {
      scores = y;
    }
  });
  const cls = engine.argmax(scores);
  const n = scores.length * 4;
  const out = new Uint8Array(96 + Math.ceil(n / 32) * 32);
  const view = new DataView(out.buffer);
  view.setUint32(28, cls);
  out[63] = 0x40;
  view.setUint32(92, n);
  for (let i = 0; i < scores.length; i++) view.setInt32(96 + 4 * i, scores[i]!, false);
  return out;
}

export function mlpInferenceCoprocessor(): AsyncCoprocessor {
  return {
    id: MLP_INFERENCE_ID,
    name: "mlp-inference",
    prepare: prepareMlp,
    compute: { module: import.meta.url, export: "computeMlp" },
  };
}
