// Module-level policy checks of activation (beside those the decoder applies while reading): every import
// is a vm_hooks function with its exact signature, no start function, one memory exported as "memory",
// `user_entrypoint: (i32) -> i32` exported, and no export in the reserved "stylus" namespace.
import { ExternKind, type FuncType, functionType, valueTypeName, type WasmModule } from "./binary/module.js";
import { reject } from "./errors.js";
import { ENTRYPOINT, HOST_FUNCTIONS, HOST_MODULE, MEMORY_EXPORT, RESERVED_PREFIX } from "./host-abi.js";

const TYPE_CODE = { i32: 0x7f, i64: 0x7e } as const;

function typeText(t: FuncType): string {
  return `(${t.params.map(valueTypeName).join(", ")}) -> (${t.results.map(valueTypeName).join(", ")})`;
}

function sameTypes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Index of each vm_hooks import by name (only the names the module imports). */
export type HostImports = Map<string, number>;

export function checkModule(m: WasmModule): HostImports {
  const hostImports: HostImports = new Map();
  m.imports.forEach((imp, index) => {
    const what = `import "${imp.module}"."${imp.name}"`;
    if (imp.module !== HOST_MODULE)
      reject("unknown-import", `${what}: only module "${HOST_MODULE}" may be imported from`);
    if (imp.name.startsWith(RESERVED_PREFIX))
      reject("unknown-import", `${what} uses the reserved "stylus" prefix`);
    const host = Object.hasOwn(HOST_FUNCTIONS, imp.name) ? HOST_FUNCTIONS[imp.name] : undefined;
    if (host === undefined) reject("unknown-import", `${what} is not a host function`);
    const type = m.types[imp.typeIndex];
    if (type === undefined) reject("malformed", `${what} has unknown type index ${imp.typeIndex}`);
    const params = host.params.map((p) => TYPE_CODE[p]);
    const results = host.results.map((p) => TYPE_CODE[p]);
    if (!sameTypes(type.params, params) || !sameTypes(type.results, results))
      reject(
        "unknown-import",
        `${what} has type ${typeText(type)}, but the host function is ${typeText({ params, results })}`,
      );
    if (hostImports.has(imp.name)) reject("unknown-import", `${what} is imported twice`);
    hostImports.set(imp.name, index);
  });

  if (m.start !== undefined)
    reject(
      "start-function",
      `the module has a start function (function ${m.start}); contracts may not have one`,
    );
  if (m.memory === undefined)
    reject("exports", `the module has no memory (it must export one as "${MEMORY_EXPORT}")`);

  let entry = false;
  let memory = false;
  const seen = new Set<string>();
  for (const e of m.exports) {
    if (seen.has(e.name)) reject("malformed", `export "${e.name}" appears twice`);
    seen.add(e.name);
    if (e.name.startsWith(RESERVED_PREFIX))
      reject("exports", `export "${e.name}" uses the reserved "stylus" prefix`);
    if (e.name === ENTRYPOINT) {
      if (e.kind !== ExternKind.Func) reject("exports", `"${ENTRYPOINT}" is exported but is not a function`);
      const t = functionType(m, e.index);
      if (t === undefined) reject("malformed", `"${ENTRYPOINT}" exports unknown function ${e.index}`);
      if (!sameTypes(t.params, [0x7f]) || !sameTypes(t.results, [0x7f]))
        reject("exports", `"${ENTRYPOINT}" has type ${typeText(t)}; it must be (i32) -> (i32)`);
      entry = true;
    } else if (e.name === MEMORY_EXPORT) {
      if (e.kind !== ExternKind.Memory)
        reject("exports", `"${MEMORY_EXPORT}" is exported but is not a memory`);
      memory = true;
    }
  }
  if (!entry) reject("exports", `the module does not export "${ENTRYPOINT}: (i32) -> (i32)"`);
  if (!memory) reject("exports", `the module does not export its memory as "${MEMORY_EXPORT}"`);
  return hostImports;
}
