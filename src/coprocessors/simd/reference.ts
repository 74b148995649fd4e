// Plain-JavaScript reference of the SIMD co-processor's arithmetic (the specification its WebAssembly
// kernels are tested against): int8 products, int32 sums wrapping modulo 2^32, requantization in exact
// (BigInt) arithmetic with round-half-up and saturation to int8.

export function dotRef(a: Int8Array, b: Int8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = (s + a[i]! * b[i]!) | 0;
  return s;
}

export function matVecRef(w: Int8Array, rows: number, cols: number, x: Int8Array): Int32Array {
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) y[r] = dotRef(w.subarray(r * cols, (r + 1) * cols), x);
  return y;
}

export function matMulRef(a: Int8Array, b: Int8Array, m: number, k: number, n: number): Int32Array {
  const c = new Int32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s = (s + a[i * k + t]! * b[t * n + j]!) | 0;
      c[i * n + j] = s;
    }
  }
  return c;
}

export function addRef(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i]! + b[i]!) | 0;
  return out;
}

export function reluRef(a: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! > 0 ? a[i]! : 0;
  return out;
}

/** clamp(floor((x * scale + 2^(shift-1)) / 2^shift), -128, 127); no rounding term when shift is 0. */
export function requantizeOne(x: number, scale: number, shift: number): number {
  const round = shift === 0 ? 0n : 1n << BigInt(shift - 1);
  const v = (BigInt(x) * BigInt(scale) + round) >> BigInt(shift);
  return v > 127n ? 127 : v < -128n ? -128 : Number(v);
}

export function requantizeRef(x: Int32Array, scale: number, shift: number): Int8Array {
  const out = new Int8Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = requantizeOne(x[i]!, scale, shift);
  return out;
}

export function argmaxRef(x: Int32Array): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (x[i]! > x[best]!) best = i;
  return best;
}
