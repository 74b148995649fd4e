// Canonical JSON for signed custody messages: object keys sorted, no whitespace, only strings, safe
// integers, booleans, null, arrays and objects. Signing the canonical form makes a signature independent
// of how a peer happened to order its keys. Input is bounded (depth) so a hostile body cannot recurse deep.
const MAX_DEPTH = 16;

export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new Error("message nested too deeply");
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isSafeInteger(value)) throw new Error("only safe integers are allowed in messages");
      return String(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(",")}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(",")}}`;
    }
    default:
      throw new Error(`value of type ${typeof value} is not allowed in messages`);
  }
}
