// The built-in co-processors and the chain configs that enable them. Built-ins are on for `lanes node` and
// off for the Ethereum forks (fixedForkConfig and friends add nothing), so conformance is unchanged. Each
// is registered with a module source (this file), so the parallel executor's workers rebuild the same set.
import { withExtraPrecompiles } from "../block/chain-config.js";
import type { ChainConfig } from "../block/types.js";
import { createGroth16Coprocessor } from "./groth16/coprocessor.js";
import { CoprocessorRegistry } from "./registry.js";
import { createSimdCoprocessor } from "./simd/coprocessor.js";
import type { Coprocessor } from "./types.js";

const HERE = import.meta.url;

/** Factory export for worker threads (CoprocessorSource `simdCoprocessor`). */
export function simdCoprocessor(): Coprocessor {
  return createSimdCoprocessor();
}

/** Factory export for worker threads (CoprocessorSource `groth16Coprocessor`). */
export function groth16Coprocessor(): Coprocessor {
  return createGroth16Coprocessor();
}

/**
 * A new registry holding the built-in co-processors (SIMD at 0x0c01, Groth16 at 0x0c02). Add your own with
 * `register` or `registerModule` before handing it to a chain config.
 */
export function builtinCoprocessors(): CoprocessorRegistry {
  const registry = new CoprocessorRegistry();
  registry.register(simdCoprocessor(), { module: HERE, export: "simdCoprocessor" }, { reserved: true });
  registry.register(groth16Coprocessor(), { module: HERE, export: "groth16Coprocessor" }, { reserved: true });
  return registry;
}

/** `config` with `registry` (the built-ins by default) added to every block's rules. */
export function withCoprocessors(
  config: ChainConfig,
  registry: CoprocessorRegistry = builtinCoprocessors(),
): ChainConfig {
  return withExtraPrecompiles(config, registry);
}
