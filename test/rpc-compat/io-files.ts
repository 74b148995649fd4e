// Reading and judging the execution-apis rpc-compat test files (`tests/<method>/<name>.io`) the way hive's
// rpc-compat simulator does: `>>` lines are requests, `<<` lines the expected responses, `//` comments; a
// `// speconly` file checks only the result's shape against the method's OpenRPC result schema (src/*.yaml).
// A response must equal the expected JSON with keys in any order and numbers compared by value; when both
// sides are errors, `error.message` is not compared.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { parse as parseYaml } from "yaml";

export interface IoExchange {
  request: string;
  expected: string;
}

export interface IoTest {
  /** `<method>/<name>` (the file's path without `.io`). */
  name: string;
  method: string;
  speconly: boolean;
  exchanges: IoExchange[];
}

/** Every test file under `dir`, in the order hive runs them (alphabetical by path). */
export function readIoTests(dir: string): IoTest[] {
  const out: IoTest[] = [];
  const methods = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  for (const method of methods) {
    for (const file of readdirSync(join(dir, method)).sort()) {
      if (!file.endsWith(".io")) continue;
      const text = readFileSync(join(dir, method, file), "utf8");
      const exchanges: IoExchange[] = [];
      let speconly = false;
      let pending: string | undefined;
      for (const line of text.split("\n")) {
        if (line.startsWith("//")) {
          if (/^\/\/\s*speconly/.test(line)) speconly = true;
        } else if (line.startsWith(">>")) {
          pending = line.slice(2).trim();
        } else if (line.startsWith("<<")) {
          if (pending === undefined) throw new Error(`${method}/${file}: response without a request`);
          exchanges.push({ request: pending, expected: line.slice(2).trim() });
          pending = undefined;
        }
      }
      out.push({ name: `${method}/${file.slice(0, -3)}`, method, speconly, exchanges });
    }
  }
  return out;
}

/** The first difference between `got` and `want` (JSON values), or undefined when they are equal. */
export function jsonDifference(got: unknown, want: unknown, path = ""): string | undefined {
  if (typeof want === "number" && typeof got === "number")
    return got === want ? undefined : `${path}: ${got} != ${want}`;
  if (want === null || typeof want !== "object") {
    return got === want
      ? undefined
      : `${path || "value"}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got)) return `${path}: got ${JSON.stringify(got)?.slice(0, 80)}, want an array`;
    if (got.length !== want.length) return `${path}: ${got.length} items, want ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const d = jsonDifference(got[i], want[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (got === null || typeof got !== "object" || Array.isArray(got))
    return `${path}: got ${JSON.stringify(got)?.slice(0, 80)}, want an object`;
  const g = got as Record<string, unknown>;
  const w = want as Record<string, unknown>;
  for (const key of Object.keys(w)) {
    if (!(key in g)) return `${path}.${key}: missing`;
    const d = jsonDifference(g[key], w[key], `${path}.${key}`);
    if (d !== undefined) return d;
  }
  for (const key of Object.keys(g)) if (!(key in w)) return `${path}.${key}: unexpected`;
  return undefined;
}

/** Compares a response with the expected one as hive does (error messages aside). */
export function compareResponse(got: unknown, want: unknown): string | undefined {
  const g = got as Record<string, unknown> | undefined;
  const w = want as Record<string, unknown>;
  if (g !== null && typeof g === "object" && typeof g.error === "object" && typeof w.error === "object") {
    const ge = { ...(g.error as object) } as Record<string, unknown>;
    const we = { ...(w.error as object) } as Record<string, unknown>;
    delete ge.message;
    delete we.message;
    return jsonDifference({ ...g, error: ge }, { ...w, error: we });
  }
  return jsonDifference(got, want);
}

/** Result schemas of every method in the OpenRPC definitions (`src/`), checked with Ajv. */
export class SpecSchemas {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  private readonly results = new Map<string, unknown>();
  private readonly components: Record<string, unknown> = {};

  constructor(specDir: string) {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? walk(join(dir, d.name)) : d.name.endsWith(".yaml") ? [join(dir, d.name)] : [],
      );
    for (const file of walk(specDir)) {
      const doc = parseYaml(readFileSync(file, "utf8")) as unknown;
      if (file.includes("/schemas/")) Object.assign(this.components, doc as object);
      else if (Array.isArray(doc)) {
        for (const m of doc as { name?: string; result?: { schema?: unknown } }[]) {
          if (m.name !== undefined && m.result?.schema !== undefined)
            this.results.set(m.name, m.result.schema);
        }
      }
    }
  }

  /** Why `result` does not fit `method`'s result schema, or undefined when it does. */
  check(method: string, result: unknown): string | undefined {
    const schema = this.results.get(method);
    if (schema === undefined) return `no result schema for ${method}`;
    const validate = this.ajv.compile({ ...(schema as object), components: { schemas: this.components } });
    if (validate(result)) return undefined;
    const e = validate.errors?.[0];
    return `schema: ${e?.instancePath ?? ""} ${e?.message ?? "invalid"}`;
  }
}
