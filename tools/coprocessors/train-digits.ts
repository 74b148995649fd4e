// Trains the demonstration digit classifier deterministically and writes its int8 quantization to
// models/<name>.json: a ReLU MLP (256 inputs, hidden layers as given, 10 outputs) trained with minibatch SGD
// and softmax cross-entropy on generated digits (digits-data.ts), float weights rounded to float32, then
// quantized symmetrically per layer: int8 weights, int32 biases, and per hidden layer the requantization
// (scale, shift) that maps its ReLU output to int8 with the activation range seen on the training set.
// Same seeds, same file: the generator, the initialisation and the sample order are all seeded, and the
// arithmetic is IEEE float64 (Math.exp only in the loss gradient).
//
// Usage: npm run build && node dist/tools/coprocessors/train-digits.js [--hidden 64[,32]] [--name NAME]
//   [--epochs N] [--train N] [--test N]
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  argmax,
  dequantizeScores,
  floatsToBase64,
  inferFloat,
  inferInt8,
  type ModelJson,
  parseModel,
  quantizeInput,
} from "../../src/coprocessors/inference/model.js";
import { digitSamples, PIXELS, Rng, type Sample, TEST_SEED, TRAIN_SEED } from "./digits-data.js";
import { repoRoot } from "./paths.js";

const INIT_SEED = 42;
const CLASSES = 10;

interface FloatLayer {
  rows: number;
  cols: number;
  w: Float64Array;
  b: Float64Array;
}

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

function initLayers(sizes: number[], rng: Rng): FloatLayer[] {
  const layers: FloatLayer[] = [];
  for (let i = 1; i < sizes.length; i++) {
    const cols = sizes[i - 1]!;
    const rows = sizes[i]!;
    const limit = Math.sqrt(6 / (rows + cols));
    const w = new Float64Array(rows * cols);
    for (let k = 0; k < w.length; k++) w[k] = rng.range(-limit, limit);
    layers.push({ rows, cols, w, b: new Float64Array(rows) });
  }
  return layers;
}

function forward(layers: FloatLayer[], x: Float64Array): Float64Array[] {
  const acts: Float64Array[] = [x];
  let a = x;
  layers.forEach((l, i) => {
    const out = new Float64Array(l.rows);
    for (let r = 0; r < l.rows; r++) {
      let s = l.b[r]!;
      const base = r * l.cols;
      for (let c = 0; c < l.cols; c++) s += l.w[base + c]! * a[c]!;
      out[r] = i < layers.length - 1 && s < 0 ? 0 : s;
    }
    acts.push(out);
    a = out;
  });
  return acts;
}

function train(layers: FloatLayer[], data: Sample[], epochs: number, rng: Rng): void {
  const batch = 32;
  const order = data.map((_, i) => i);
  const gw = layers.map((l) => new Float64Array(l.w.length));
  const gb = layers.map((l) => new Float64Array(l.b.length));
  for (let epoch = 0; epoch < epochs; epoch++) {
    const lr = 0.08 / (1 + epoch * 0.25);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < order.length; start += batch) {
      for (const g of gw) g.fill(0);
      for (const g of gb) g.fill(0);
      const end = Math.min(order.length, start + batch);
      for (let k = start; k < end; k++) {
        const sample = data[order[k]!]!;
        const acts = forward(layers, sample.image);
        const logits = acts[acts.length - 1]!;
        const max = Math.max(...logits);
        const exps = logits.map((v) => Math.exp(v - max));
        const sum = exps.reduce((p, v) => p + v, 0);
        let delta = exps.map((v, c) => v / sum - (c === sample.label ? 1 : 0));
        for (let li = layers.length - 1; li >= 0; li--) {
          const l = layers[li]!;
          const input = acts[li]!;
          const prev = new Float64Array(l.cols);
          for (let r = 0; r < l.rows; r++) {
            const d = delta[r]!;
            if (d === 0) continue;
            gb[li]![r]! += d;
            const base = r * l.cols;
            for (let c = 0; c < l.cols; c++) {
              gw[li]![base + c]! += d * input[c]!;
              prev[c]! += d * l.w[base + c]!;
            }
          }
          if (li > 0) for (let c = 0; c < l.cols; c++) if (input[c]! <= 0) prev[c] = 0;
          delta = prev;
        }
      }
      const n = end - start;
      layers.forEach((l, li) => {
        for (let k = 0; k < l.w.length; k++) l.w[k]! -= (lr * gw[li]![k]!) / n;
        for (let k = 0; k < l.b.length; k++) l.b[k]! -= (lr * gb[li]![k]!) / n;
      });
    }
    console.log(`epoch ${epoch + 1}/${epochs}: train accuracy ${accuracy(layers, data).toFixed(4)}`);
  }
}

function accuracy(layers: FloatLayer[], data: Sample[]): number {
  let ok = 0;
  for (const s of data) if (argmax(forward(layers, s.image).at(-1)!) === s.label) ok++;
  return ok / data.length;
}

/** (scale, shift) with scale / 2^shift ~= m, scale < 2^31 and shift <= 62. */
function fixedPoint(m: number): { scale: number; shift: number } {
  let shift = 0;
  while (shift < 62 && Math.round(m * 2 ** (shift + 1)) < 2 ** 31) shift++;
  return { scale: Math.round(m * 2 ** shift), shift };
}

function quantize(layers: FloatLayer[], data: Sample[], name: string, inputScale: number): ModelJson {
  const f32 = layers.map((l) => ({ ...l, w: Float32Array.from(l.w), b: Float32Array.from(l.b) }));
  const asF64 = f32.map((l) => ({
    rows: l.rows,
    cols: l.cols,
    w: Float64Array.from(l.w),
    b: Float64Array.from(l.b),
  }));
  // Largest ReLU output of each hidden layer over the training set: the int8 range of the next layer's input.
  const maxAct = layers.slice(0, -1).map(() => 0);
  for (const s of data) {
    const acts = forward(asF64, s.image);
    maxAct.forEach((m, i) => {
      for (const v of acts[i + 1]!) if (v > m) maxAct[i] = v;
      maxAct[i] = Math.max(maxAct[i]!, m);
    });
  }
  let inScale = 1 / inputScale; // real value of one input step
  return {
    name,
    inputs: PIXELS,
    inputScale,
    layers: f32.map((l, i) => {
      const wMax = l.w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const wScale = wMax / 127;
      const weights = Int8Array.from(l.w, (v) => Math.max(-127, Math.min(127, Math.round(v / wScale))));
      const accScale = wScale * inScale;
      const bias = Array.from(l.b, (v) => Math.round(v / accScale));
      let scale = 0;
      let shift = 0;
      if (i < f32.length - 1) {
        const outScale = maxAct[i]! / 127;
        ({ scale, shift } = fixedPoint(accScale / outScale));
        inScale = outScale;
      }
      return {
        rows: l.rows,
        cols: l.cols,
        weights: Buffer.from(weights.buffer).toString("base64"),
        bias,
        scale,
        shift,
        accScale,
        floatWeights: floatsToBase64(l.w),
        floatBias: Array.from(l.b),
      };
    }),
    metrics: {},
  };
}

function measure(json: ModelJson, train: Sample[], test: Sample[]): void {
  const model = parseModel(json);
  const stats = (data: Sample[]) => {
    let floatOk = 0;
    let intOk = 0;
    let agree = 0;
    let maxError = 0;
    for (const s of data) {
      const logits = inferFloat(model, s.image);
      const q = inferInt8(model, quantizeInput(model, s.image));
      const deq = dequantizeScores(model, q.scores);
      for (let c = 0; c < CLASSES; c++) maxError = Math.max(maxError, Math.abs(deq[c]! - logits[c]!));
      if (argmax(logits) === s.label) floatOk++;
      if (q.class === s.label) intOk++;
      if (q.class === argmax(logits)) agree++;
    }
    return {
      floatOk: floatOk / data.length,
      intOk: intOk / data.length,
      agree: agree / data.length,
      maxError,
    };
  };
  const tr = stats(train);
  const te = stats(test);
  json.metrics = {
    trainSamples: train.length,
    testSamples: test.length,
    floatTrainAccuracy: tr.floatOk,
    floatTestAccuracy: te.floatOk,
    int8TrainAccuracy: tr.intOk,
    int8TestAccuracy: te.intOk,
    classAgreementTest: te.agree,
    /** Largest |dequantized int8 logit - float logit| over the training set: the quantization error bound. */
    maxLogitErrorTrain: tr.maxError,
    maxLogitErrorTest: te.maxError,
  };
}

function main(): void {
  const hidden = option("--hidden", "64")
    .split(",")
    .map((s) => Number.parseInt(s, 10));
  const name = option("--name", `digits-mlp-${hidden.join("-")}`);
  const epochs = Number.parseInt(option("--epochs", "10"), 10);
  const trainCount = Number.parseInt(option("--train", "6000"), 10);
  const testCount = Number.parseInt(option("--test", "1000"), 10);
  const trainSet = digitSamples(trainCount, TRAIN_SEED);
  const testSet = digitSamples(testCount, TEST_SEED);
  const layers = initLayers([PIXELS, ...hidden, CLASSES], new Rng(INIT_SEED));
  const started = performance.now();
  train(layers, trainSet, epochs, new Rng(INIT_SEED + 1));
  const json = quantize(layers, trainSet, name, 127);
  measure(json, trainSet, testSet);
  json.training = {
    hidden,
    epochs,
    trainSeed: TRAIN_SEED,
    testSeed: TEST_SEED,
    initSeed: INIT_SEED,
    command: `node dist/tools/coprocessors/train-digits.js --hidden ${hidden.join(",")} --epochs ${epochs} --train ${trainCount} --test ${testCount}`,
  };
  const path = join(repoRoot(), "models", `${name}.json`);
  writeFileSync(path, `${JSON.stringify(json, null, 1)}\n`);
  console.log(`trained in ${Math.round(performance.now() - started)} ms -> ${path}`);
  console.log(JSON.stringify(json.metrics, null, 2));
}

main();
