// Where the co-processor tools find the repository: the first ancestor of this module holding
// contracts/coprocessors (works from tools/ and from any build output directory under the repository).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "contracts", "coprocessors"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error("cannot find the repository root (contracts/coprocessors) above this module");
}
