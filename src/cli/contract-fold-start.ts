// AssemblyScript's runtime sets its heap pointer in a start function (`offset = __heap_base`, a constant
// once the module is linked), and contracts may not have a start function. When the start function only
// stores constants into globals, those constants are moved into the globals' initializers and the start
// section is dropped: the module then behaves the same with nothing running at instantiation. Any other
// start function is left alone, and activation rejects it with a message naming the start function.
import { ByteReader } from "../wasm/binary/reader.js";
import { ByteWriter } from "../wasm/binary/writer.js";

interface Section {
  id: number;
  payload: Uint8Array;
}

function sections(wasm: Uint8Array): Section[] {
  const r = new ByteReader(wasm, 8);
  const out: Section[] = [];
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    out.push({ id, payload: r.bytesOf(size) });
  }
  return out;
}

/** The constant stores of a start function body (global index -> initializer bytes), or undefined. */
function constantStores(body: Uint8Array): Map<number, Uint8Array> | undefined {
  const r = new ByteReader(body);
  if (r.u32() !== 0) return undefined; // declares locals
  const stores = new Map<number, Uint8Array>();
  for (;;) {
    const start = r.pos;
    const op = r.u8();
    if (op === 0x0b) return r.done ? stores : undefined;
    if (op !== 0x41 && op !== 0x42) return undefined;
    r.skipSigned(op === 0x41 ? 32 : 64);
    const value = body.subarray(start, r.pos);
    if (r.u8() !== 0x24) return undefined;
    stores.set(r.u32(), value);
  }
}

/** Returns the module with a constant-only start function folded into global initializers. */
export function foldConstantStart(wasm: Uint8Array): Uint8Array {
  const all = sections(wasm);
  const start = all.find((s) => s.id === 8);
  if (start === undefined) return wasm;
  const startIndex = new ByteReader(start.payload).u32();
  const imports = all.find((s) => s.id === 2);
  let importedFuncs = 0;
  if (imports !== undefined) {
    const r = new ByteReader(imports.payload);
    for (let n = r.u32(); n > 0; n--) {
      r.name();
      r.name();
      const kind = r.u8();
      if (kind === 0) {
        importedFuncs++;
        r.u32();
      } else return wasm;
    }
  }
  const code = all.find((s) => s.id === 10);
  const globals = all.find((s) => s.id === 6);
  if (code === undefined || globals === undefined || startIndex < importedFuncs) return wasm;
  const cr = new ByteReader(code.payload);
  const count = cr.u32();
  let body: Uint8Array | undefined;
  for (let i = 0; i < count; i++) {
    const b = cr.bytesOf(cr.u32());
    if (i === startIndex - importedFuncs) body = b;
  }
  const stores = body && constantStores(body);
  if (stores === undefined) return wasm;

  const gr = new ByteReader(globals.payload);
  const g = new ByteWriter();
  const n = gr.u32();
  g.u32(n);
  for (let i = 0; i < n; i++) {
    const type = gr.u8();
    const mutable = gr.u8();
    const initStart = gr.pos;
    // The initializers AssemblyScript emits are single constants (or global.get) followed by end.
    const op = gr.u8();
    if (op === 0x41) gr.skipSigned(32);
    else if (op === 0x42) gr.skipSigned(64);
    else if (op === 0x23) gr.u32();
    else return wasm;
    if (gr.u8() !== 0x0b) return wasm;
    const init = globals.payload.subarray(initStart, gr.pos);
    const folded = stores.get(i);
    g.u8(type).u8(mutable);
    if (folded !== undefined) g.bytes(folded).u8(0x0b);
    else g.bytes(init);
  }
  const out = new ByteWriter().bytes(wasm.subarray(0, 8));
  for (const s of all) {
    if (s.id === 8) continue;
    if (s.id === 6) out.section(6, g);
    else out.section(s.id, new ByteWriter().bytes(s.payload));
  }
  return out.finish();
}
