// Quantized MLP models as ModelRegistry stores them (contracts/coprocessors/ModelRegistry.sol), with the
// two references inference is checked against: the exact int8 forward pass (what the co-processor and the
// plain-Solidity path compute: int32 sums wrapping, ReLU, requantize) and the float forward pass of the
// model the int8 one was quantized from. Models are JSON files (models/*.json) written by
// tools/coprocessors/train-digits.ts.
import { requantizeOne } from "../simd/reference.js";

export interface QuantizedLayer {
  rows: number;
  cols: number;
  /** int8, row-major rows x cols. */
  weights: Int8Array;
  /** int32, rows. */
  bias: Int32Array;
  /** Requantization of this layer's ReLU output to int8 (unused on the last layer). */
  scale: number;
  shift: number;
  /** Dequantization: a real activation is int32 accumulator x accScale. */
  accScale: number;
  /** The float layer this one was quantized from. */
  floatWeights: Float32Array;
  floatBias: Float32Array;
}

export interface QuantizedModel {
  name: string;
  inputs: number;
  /** Input quantization: x_int8 = round(x * inputScale), x in [0, 1]. */
  inputScale: number;
  layers: QuantizedLayer[];
  /** Figures the training script measured (accuracy, agreement, quantization error). */
  metrics: Record<string, number>;
}

interface LayerJson {
  rows: number;
  cols: number;
  weights: string;
  bias: number[];
  scale: number;
  shift: number;
  accScale: number;
  floatWeights: string;
  floatBias: number[];
}

export interface ModelJson {
  name: string;
  inputs: number;
  inputScale: number;
  layers: LayerJson[];
  metrics: Record<string, number>;
  training?: Record<string, unknown>;
}

function floatsFromBase64(s: string): Float32Array {
  const bytes = Buffer.from(s, "base64");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function floatsToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return Buffer.from(bytes).toString("base64");
}

export function parseModel(json: ModelJson): QuantizedModel {
  const layers = json.layers.map((l): QuantizedLayer => {
    const w = Buffer.from(l.weights, "base64");
    if (w.length !== l.rows * l.cols) throw new Error(`${json.name}: layer weights are not rows x cols`);
    return {
      rows: l.rows,
      cols: l.cols,
      weights: new Int8Array(w.buffer, w.byteOffset, w.length),
      bias: Int32Array.from(l.bias),
      scale: l.scale,
      shift: l.shift,
      accScale: l.accScale,
      floatWeights: floatsFromBase64(l.floatWeights),
      floatBias: Float32Array.from(l.floatBias),
    };
  });
  return { name: json.name, inputs: json.inputs, inputScale: json.inputScale, layers, metrics: json.metrics };
}

/** Input pixels in [0, 1] as the int8 vector the model takes. */
export function quantizeInput(model: QuantizedModel, x: ArrayLike<number>): Int8Array {
  const out = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++)
    out[i] = Math.max(-128, Math.min(127, Math.round(x[i]! * model.inputScale)));
  return out;
}

export interface IntResult {
  class: number;
  scores: Int32Array;
}

/** The exact int8 forward pass (the specification of ModelRegistry.infer). */
export function inferInt8(model: QuantizedModel, input: Int8Array): IntResult {
  let x: Int8Array = input;
  const last = model.layers.length - 1;
  let scores = new Int32Array(0);
  model.layers.forEach((l, i) => {
    const acc = new Int32Array(l.rows);
    for (let r = 0; r < l.rows; r++) {
      let s = l.bias[r]!;
      const base = r * l.cols;
      for (let c = 0; c < l.cols; c++) s = (s + l.weights[base + c]! * x[c]!) | 0;
      acc[r] = s;
    }
    if (i < last) {
      const next = new Int8Array(l.rows);
      for (let r = 0; r < l.rows; r++) next[r] = requantizeOne(acc[r]! > 0 ? acc[r]! : 0, l.scale, l.shift);
      x = next;
    } else {
      scores = acc;
    }
  });
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i]! > scores[best]!) best = i;
  return { class: best, scores };
}

/** The float forward pass: logits of the float model. */
export function inferFloat(model: QuantizedModel, x: ArrayLike<number>): Float64Array {
  let a = Float64Array.from(x);
  const last = model.layers.length - 1;
  model.layers.forEach((l, i) => {
    const out = new Float64Array(l.rows);
    for (let r = 0; r < l.rows; r++) {
      let s = l.floatBias[r]!;
      for (let c = 0; c < l.cols; c++) s += l.floatWeights[r * l.cols + c]! * a[c]!;
      out[r] = i < last && s < 0 ? 0 : s;
    }
    a = out;
  });
  return a;
}

/** The int8 model's scores as real logits (comparable with inferFloat). */
export function dequantizeScores(model: QuantizedModel, scores: Int32Array): Float64Array {
  const s = model.layers[model.layers.length - 1]!.accScale;
  return Float64Array.from(scores, (v) => v * s);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
