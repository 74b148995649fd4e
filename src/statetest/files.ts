// Expands the paths given to the runner into fixture files: directories are searched recursively for .json.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export interface CollectedFiles {
  files: string[];
  /** Paths that could not be read, with the reason; the caller reports them and carries on. */
  errors: { file: string; error: string }[];
}

function walk(dir: string, out: string[]): void {
  // Sorted so that runs, and therefore outputs, are reproducible across file systems.
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && entry.name.endsWith(".json")) out.push(path);
  }
}

/** A file named explicitly is taken whatever its extension; directories contribute only `.json` files. */
export function collectJsonFiles(paths: readonly string[]): CollectedFiles {
  const result: CollectedFiles = { files: [], errors: [] };
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) walk(path, result.files);
      else result.files.push(path);
    } catch (e) {
      result.errors.push({ file: path, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}
