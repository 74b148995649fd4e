// The package version, read from package.json so it cannot drift from what was published.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Walks up from this module (src/primitives/ or dist/src/primitives/) to the package root. */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    try {
      const pkg: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string") {
        return pkg.version;
      }
    } catch {
      // Not at the root yet.
    }
    dir = dirname(dir);
  }
  return "unknown";
}
