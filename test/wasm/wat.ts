// WebAssembly text -> binary for tests, through binaryen (a dependency of assemblyscript), with every
// feature enabled so tests can build the modules activation must reject (floats, SIMD, atomics, ...).
import binaryen from "binaryen";

export function wat(text: string): Uint8Array {
  const m = binaryen.parseText(text);
  try {
    m.setFeatures(binaryen.Features.All);
    if (!m.validate()) throw new Error("wat: binaryen rejected the module");
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

/** A minimal valid contract: `user_entrypoint` returning `status`, with `body` run before. */
export function contractWat(
  body = "",
  imports = "",
  extra = "",
  memory = '(memory (export "memory") 1 1)',
): string {
  return `(module
    ${imports}
    ${memory}
    ${extra}
    (func (export "user_entrypoint") (param $len i32) (result i32)
      ${body}
      (i32.const 0)))`;
}
