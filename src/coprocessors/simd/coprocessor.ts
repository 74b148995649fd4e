// The SIMD co-processor (address 0x0c01): int8 x int8 -> int32 vector and matrix arithmetic for on-chain
// inference, called with the Solidity ABI of contracts/coprocessors/ILanesSimd.sol. Vectors travel as
// `bytes`: int8 vectors one byte per element (two's complement), int32 vectors four bytes per element,
// big-endian (what Solidity reads with `int32(uint32(bytes4(...)))`). Gas is computed from the decoded
// call before anything runs (gas.ts); the arithmetic runs in the WebAssembly kernels (engine.ts).
import {
  type AbiType,
  type AbiValue,
  decodeArgs,
  dimension,
  encodeBytes,
  encodeWords,
  readSelector,
  selectorOf,
} from "../abi.js";
import { SIMD_ADDRESS } from "../addresses.js";
import { type Coprocessor, CoprocessorInputError } from "../types.js";
import { simdEngine } from "./engine.js";
import { simdGas } from "./gas.js";

/** Largest operand and result, in bytes (a bound on memory per call, far above any gas limit's reach). */
export const MAX_OPERAND_BYTES = 4 * 1024 * 1024;
/** Largest requantization shift: keeps x * scale + 2^(shift-1) inside int64. */
export const MAX_SHIFT = 62;

interface Call {
  gas: number;
  run(): Uint8Array;
}

interface Op {
  signature: string;
  types: readonly AbiType[];
  plan(args: AbiValue[], inputBytes: number): Call;
}

function int8s(value: AbiValue): Int8Array {
  const b = value as Uint8Array;
  if (b.length > MAX_OPERAND_BYTES) throw new CoprocessorInputError("operand too large");
  return new Int8Array(b.buffer, b.byteOffset, b.length);
}

function int32s(value: AbiValue): Int32Array {
  const b = value as Uint8Array;
  if (b.length % 4 !== 0) throw new CoprocessorInputError("int32 vector length is not a multiple of 4");
  if (b.length > MAX_OPERAND_BYTES) throw new CoprocessorInputError("operand too large");
  const view = new DataView(b.buffer, b.byteOffset, b.length);
  const out = new Int32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * 4, false);
  return out;
}

function int32Bytes(values: Int32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i]!, false);
  return out;
}

function int8Bytes(values: Int8Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.length);
}

function checkOutput(bytes: number): void {
  if (bytes > MAX_OPERAND_BYTES) throw new CoprocessorInputError("result too large");
}

/** Bytes of an ABI-encoded `bytes` return value of `n` bytes. */
function bytesReturn(n: number): number {
  return 64 + Math.ceil(n / 32) * 32;
}

function sameLength(a: { length: number }, b: { length: number }): void {
  if (a.length !== b.length) throw new CoprocessorInputError("operands differ in length");
}

const OPS: Op[] = [
  {
    signature: "dot(bytes,bytes)",
    types: ["bytes", "bytes"],
    plan([a, b], inputBytes) {
      const x = int8s(a!);
      const y = int8s(b!);
      sameLength(x, y);
      return {
        gas: simdGas(inputBytes, 32, x.length, 0),
        run: () => encodeWords([simdEngine().dot(x, y)], [true]),
      };
    },
  },
  {
    signature: "matVec(bytes,uint256,uint256,bytes)",
    types: ["bytes", "uint256", "uint256", "bytes"],
    plan([w, rowsArg, colsArg, xArg], inputBytes) {
      const weights = int8s(w!);
      const rows = dimension(rowsArg!, MAX_OPERAND_BYTES, "rows");
      const cols = dimension(colsArg!, MAX_OPERAND_BYTES, "cols");
      const x = int8s(xArg!);
      if (rows * cols !== weights.length) throw new CoprocessorInputError("matrix size is not rows x cols");
      if (x.length !== cols) throw new CoprocessorInputError("vector length is not cols");
      checkOutput(rows * 4);
      return {
        gas: simdGas(inputBytes, bytesReturn(rows * 4), rows * cols, 0),
        run: () => encodeBytes(int32Bytes(simdEngine().matVec(weights, rows, cols, x))),
      };
    },
  },
  {
    signature: "matMul(bytes,bytes,uint256,uint256,uint256)",
    types: ["bytes", "bytes", "uint256", "uint256", "uint256"],
    plan([aArg, bArg, mArg, kArg, nArg], inputBytes) {
      const a = int8s(aArg!);
      const b = int8s(bArg!);
      const m = dimension(mArg!, MAX_OPERAND_BYTES, "m");
      const k = dimension(kArg!, MAX_OPERAND_BYTES, "k");
      const n = dimension(nArg!, MAX_OPERAND_BYTES, "n");
      if (m * k !== a.length) throw new CoprocessorInputError("left matrix size is not m x k");
      if (k * n !== b.length) throw new CoprocessorInputError("right matrix size is not k x n");
      if (m * n * 4 > MAX_OPERAND_BYTES) throw new CoprocessorInputError("result too large");
      return {
        gas: simdGas(inputBytes, bytesReturn(m * n * 4), m * k * n, k * n),
        run: () => encodeBytes(int32Bytes(simdEngine().matMul(a, b, m, k, n))),
      };
    },
  },
  {
    signature: "add(bytes,bytes)",
    types: ["bytes", "bytes"],
    plan([aArg, bArg], inputBytes) {
      const a = int32s(aArg!);
      const b = int32s(bArg!);
      sameLength(a, b);
      return {
        gas: simdGas(inputBytes, bytesReturn(a.length * 4), 0, a.length),
        run: () => encodeBytes(int32Bytes(simdEngine().add(a, b))),
      };
    },
  },
  {
    signature: "relu(bytes)",
    types: ["bytes"],
    plan([aArg], inputBytes) {
      const a = int32s(aArg!);
      return {
        gas: simdGas(inputBytes, bytesReturn(a.length * 4), 0, a.length),
        run: () => encodeBytes(int32Bytes(simdEngine().relu(a))),
      };
    },
  },
  {
    signature: "requantize(bytes,int32,uint8)",
    types: ["bytes", "int32", "uint8"],
    plan([xArg, scaleArg, shiftArg], inputBytes) {
      const x = int32s(xArg!);
      const scale = scaleArg as number;
      const shift = shiftArg as number;
      if (shift > MAX_SHIFT) throw new CoprocessorInputError(`shift above ${MAX_SHIFT}`);
      return {
        gas: simdGas(inputBytes, bytesReturn(x.length), 0, x.length),
        run: () => encodeBytes(int8Bytes(simdEngine().requantize(x, scale, shift))),
      };
    },
  },
  {
    signature: "argmax(bytes)",
    types: ["bytes"],
    plan([xArg], inputBytes) {
      const x = int32s(xArg!);
      if (x.length === 0) throw new CoprocessorInputError("argmax of an empty vector");
      return {
        gas: simdGas(inputBytes, 64, 0, x.length),
        run: () => {
          const index = simdEngine().argmax(x);
          return encodeWords([index, x[index]!], [false, true]);
        },
      };
    },
  },
  {
    signature: "dense(bytes,uint256,uint256,bytes,bytes,bool)",
    types: ["bytes", "uint256", "uint256", "bytes", "bytes", "bool"],
    plan([w, rowsArg, colsArg, xArg, biasArg, reluArg], inputBytes) {
      const weights = int8s(w!);
      const rows = dimension(rowsArg!, MAX_OPERAND_BYTES, "rows");
      const cols = dimension(colsArg!, MAX_OPERAND_BYTES, "cols");
      const x = int8s(xArg!);
      const bias = int32s(biasArg!);
      const relu = reluArg as boolean;
      if (rows * cols !== weights.length) throw new CoprocessorInputError("matrix size is not rows x cols");
      if (x.length !== cols) throw new CoprocessorInputError("vector length is not cols");
      if (bias.length !== 0 && bias.length !== rows)
        throw new CoprocessorInputError("bias length is not rows");
      checkOutput(rows * 4);
      const elements = (bias.length === 0 ? 0 : rows) + (relu ? rows : 0);
      return {
        gas: simdGas(inputBytes, bytesReturn(rows * 4), rows * cols, elements),
        run: () => {
          const engine = simdEngine();
          let y = engine.matVec(weights, rows, cols, x);
          if (bias.length !== 0) y = engine.add(y, bias);
          if (relu) y = engine.relu(y);
          return encodeBytes(int32Bytes(y));
        },
      };
    },
  },
];

const BY_SELECTOR = new Map<number, Op>(OPS.map((o) => [selectorOf(o.signature), o]));

/** The function signatures the co-processor answers (its ABI; ILanesSimd.sol declares the same). */
export const SIMD_SIGNATURES: readonly string[] = OPS.map((o) => o.signature);

function plan(input: Uint8Array): Call {
  const op = BY_SELECTOR.get(readSelector(input));
  if (op === undefined) throw new CoprocessorInputError("unknown SIMD co-processor function");
  return op.plan(decodeArgs(input, op.types), input.length);
}

/** The SIMD co-processor at `address` (SIMD_ADDRESS unless given). */
export function createSimdCoprocessor(options?: { address?: bigint }): Coprocessor {
  // gas() and run() are called back to back with the same input: run() reuses the plan gas() made for
  // that very input object (and only once), so the input is decoded once per call.
  let lastInput: Uint8Array | undefined;
  let lastCall: Call | undefined;
  return {
    name: "simd",
    address: options?.address ?? SIMD_ADDRESS,
    gas: (input) => {
      lastInput = undefined;
      lastCall = plan(input);
      lastInput = input;
      return lastCall.gas;
    },
    run: (input) => {
      const call = input === lastInput && lastCall !== undefined ? lastCall : plan(input);
      lastInput = undefined;
      lastCall = undefined;
      return call.run();
    },
  };
}
