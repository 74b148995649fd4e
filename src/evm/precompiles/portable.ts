// Rebuilds a chain's extra precompile set (ForkRules.extraPrecompiles) in another thread from its portable
// recipe: the parallel executor's workers receive fork rules by structured clone, which cannot carry
// functions, so they get the recipe and load the set here, once per thread and recipe key.
import type { PortablePrecompileSet, PrecompileSet } from "./types.js";

const loaded = new Map<string, Promise<PrecompileSet>>();

interface PrecompileSetModule {
  loadPrecompileSet(description: unknown): PrecompileSet | Promise<PrecompileSet>;
}

async function load(recipe: PortablePrecompileSet): Promise<PrecompileSet> {
  const mod = (await import(recipe.module)) as Partial<PrecompileSetModule>;
  if (typeof mod.loadPrecompileSet !== "function") {
    throw new Error(`${recipe.module} does not export loadPrecompileSet`);
  }
  return mod.loadPrecompileSet(recipe.description);
}

/** The set `recipe` describes; loaded once per key in this thread (a failed load is retried next time). */
export function loadPortablePrecompiles(recipe: PortablePrecompileSet): Promise<PrecompileSet> {
  let set = loaded.get(recipe.key);
  if (set === undefined) {
    set = load(recipe);
    loaded.set(recipe.key, set);
    set.catch(() => loaded.delete(recipe.key));
  }
  return set;
}
