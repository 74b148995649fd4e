// A generated handwritten-digit data set: each digit 0-9 is a few strokes in a unit box, drawn into a 16x16
// grey image under a random affine transform (scale, rotation, shear, shift), stroke width and pixel noise.
// Deterministic: the same seed gives the same images on every machine (a xorshift generator, and only
// +, *, Math.sqrt, Math.sin/cos on values the generator produced; images are rounded to 1/255).

export const SIDE = 16;
/** The seeds of the training and test sets the shipped models were trained and measured on. */
export const TRAIN_SEED = 20261207;
export const TEST_SEED = 777;
export const PIXELS = SIDE * SIDE;

type Stroke = readonly (readonly [number, number])[];

function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps = 10): Stroke {
  const out: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const t = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    out.push([cx + rx * Math.cos(t), cy + ry * Math.sin(t)]);
  }
  return out;
}

/** Strokes per digit, y down, in [0, 1]. */
const DIGITS: readonly (readonly Stroke[])[] = [
  [arc(0.5, 0.5, 0.28, 0.4, 0, 360, 16)],
  [
    [
      [0.32, 0.25],
      [0.52, 0.1],
      [0.52, 0.9],
    ],
  ],
  [
    [...arc(0.5, 0.32, 0.26, 0.22, 200, 360 + 30, 8)],
    [
      [0.7, 0.45],
      [0.22, 0.9],
      [0.8, 0.9],
    ],
  ],
  [arc(0.48, 0.3, 0.24, 0.2, 210, 360 + 90, 8), arc(0.48, 0.7, 0.26, 0.2, 270, 360 + 150, 8)],
  [
    [
      [0.62, 0.9],
      [0.62, 0.1],
      [0.18, 0.65],
      [0.82, 0.65],
    ],
  ],
  [
    [
      [0.76, 0.1],
      [0.3, 0.1],
      [0.27, 0.45],
    ],
    arc(0.48, 0.66, 0.27, 0.24, 240, 360 + 140, 10),
  ],
  [[[0.7, 0.12], ...arc(0.5, 0.55, 0.22, 0.42, 250, 180, 4)], arc(0.5, 0.7, 0.23, 0.2, 0, 360, 12)],
  [
    [
      [0.2, 0.1],
      [0.8, 0.1],
      [0.42, 0.9],
    ],
  ],
  [arc(0.5, 0.29, 0.2, 0.19, 0, 360, 12), arc(0.5, 0.7, 0.25, 0.21, 0, 360, 12)],
  [
    arc(0.5, 0.32, 0.23, 0.21, 0, 360, 12),
    [
      [0.73, 0.32],
      [0.62, 0.9],
    ],
  ],
];

/** xorshift32: a tiny deterministic generator (not for cryptography). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 4294967296;
  }
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  let t = len === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return Math.sqrt(ex * ex + ey * ey);
}

/** One 16x16 image of `digit`, pixels in [0, 1] (multiples of 1/255). */
export function drawDigit(digit: number, rng: Rng): Float64Array {
  const scale = rng.range(0.75, 1.05);
  const angle = rng.range(-0.22, 0.22);
  const shear = rng.range(-0.2, 0.2);
  const tx = rng.range(-0.12, 0.12);
  const ty = rng.range(-0.1, 0.1);
  const width = rng.range(0.05, 0.1);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const map = ([x, y]: readonly [number, number]): [number, number] => {
    const u = (x - 0.5 + shear * (y - 0.5)) * scale;
    const v = (y - 0.5) * scale;
    return [0.5 + tx + cos * u - sin * v, 0.5 + ty + sin * u + cos * v];
  };
  const strokes = DIGITS[digit]!.map((s) => s.map(map));
  const img = new Float64Array(PIXELS);
  for (let py = 0; py < SIDE; py++) {
    for (let px = 0; px < SIDE; px++) {
      const x = (px + 0.5) / SIDE;
      const y = (py + 0.5) / SIDE;
      let d = Number.POSITIVE_INFINITY;
      for (const s of strokes) {
        for (let i = 0; i + 1 < s.length; i++) {
          const dd = segmentDistance(x, y, s[i]![0], s[i]![1], s[i + 1]![0], s[i + 1]![1]);
          if (dd < d) d = dd;
        }
      }
      let value = d <= width ? 1 : d <= width + 0.06 ? 1 - (d - width) / 0.06 : 0;
      value += rng.range(-0.08, 0.08);
      value = value < 0 ? 0 : value > 1 ? 1 : value;
      img[py * SIDE + px] = Math.round(value * 255) / 255;
    }
  }
  return img;
}

export interface Sample {
  image: Float64Array;
  label: number;
}

/** `count` samples, labels cycling 0..9, from `seed`. */
export function digitSamples(count: number, seed: number): Sample[] {
  const rng = new Rng(seed);
  const out: Sample[] = [];
  for (let i = 0; i < count; i++) out.push({ image: drawDigit(i % 10, rng), label: i % 10 });
  return out;
}

/** A picture of an image in text, for eyeballing the generator. */
export function asciiImage(image: Float64Array): string {
  const shades = " .:-=+*#%@";
  const rows: string[] = [];
  for (let y = 0; y < SIDE; y++) {
    let row = "";
    for (let x = 0; x < SIDE; x++) row += shades[Math.min(9, Math.floor(image[y * SIDE + x]! * 10))];
    rows.push(row);
  }
  return rows.join("\n");
}
