// The co-processor registry: which co-processor lives at which address, as a PrecompileSet the chain
// config hands to the EVM (ForkRules.extraPrecompiles). Public: users register their own co-processors
// next to (or instead of) the built-ins. A registry whose every entry has a module source is portable:
// the parallel executor's workers rebuild it from its description (loadPrecompileSet below).
import type { PortablePrecompileSet, Precompile, PrecompileSet } from "../evm/precompiles/types.js";
import { EMPTY, FAILURE, ok, rethrowStackOverflow } from "../evm/precompiles/util.js";
import {
  ETHEREUM_PRECOMPILE_SPACE_LAST,
  LANES_RESERVED_FIRST,
  LANES_RESERVED_LAST,
  MAX_ADDRESS,
} from "./addresses.js";
import type { Coprocessor, CoprocessorFactory, CoprocessorSource } from "./types.js";

interface Entry {
  coprocessor: Coprocessor;
  precompile: Precompile;
  source: CoprocessorSource | undefined;
}

export interface RegisterOptions {
  /** Allow an address in Lanes' reserved range 0x0c00..0x0cff (the built-ins use it). */
  reserved?: boolean;
}

/**
 * The precompile that runs `c`: gas first (so a call without enough gas never runs), then the output. Any
 * exception other than the JavaScript stack running out is the call failing: co-processors must make every
 * rejection a deterministic function of the input.
 */
export function coprocessorPrecompile(c: Coprocessor): Precompile {
  return (input, gasLimit) => {
    let gas: number;
    try {
      gas = c.gas(input);
    } catch (e) {
      rethrowStackOverflow(e);
      return FAILURE;
    }
    if (!(gas >= 0 && gas <= gasLimit)) return FAILURE;
    try {
      const output = c.run(input);
      return ok(gas, output.length === 0 ? EMPTY : output);
    } catch (e) {
      rethrowStackOverflow(e);
      return FAILURE;
    }
  };
}

function checkAddress(address: bigint, reserved: boolean): void {
  if (address <= ETHEREUM_PRECOMPILE_SPACE_LAST || address > MAX_ADDRESS) {
    throw new RangeError(
      `co-processor address 0x${address.toString(16)} must be above 0x1ff (Ethereum's precompile space) and below 2^160`,
    );
  }
  if (!reserved && address >= LANES_RESERVED_FIRST && address <= LANES_RESERVED_LAST) {
    throw new RangeError(
      `co-processor address 0x${address.toString(16)} is in Lanes' reserved range 0x0c00..0x0cff`,
    );
  }
}

export class CoprocessorRegistry implements PrecompileSet {
  private readonly entries = new Map<bigint, Entry>();
  private sorted: bigint[] = [];

  /** Every registered address, ascending. */
  get addresses(): readonly bigint[] {
    return this.sorted;
  }

  /** The precompile at `address`, or undefined. Called on every CALL to a non-Ethereum address. */
  get(address: bigint): Precompile | undefined {
    return this.entries.get(address)?.precompile;
  }

  coprocessor(address: bigint): Coprocessor | undefined {
    return this.entries.get(address)?.coprocessor;
  }

  list(): Coprocessor[] {
    return this.sorted.map((a) => this.entries.get(a)!.coprocessor);
  }

  /**
   * Adds `coprocessor` at its address. With `source`, worker threads can rebuild it (blocks run in
   * parallel); without, blocks of a chain with this registry run sequentially. Throws if the address is
   * taken, in Ethereum's precompile space, or (unless `options.reserved`) in Lanes' reserved range.
   */
  register(coprocessor: Coprocessor, source?: CoprocessorSource, options: RegisterOptions = {}): this {
    const address = coprocessor.address;
    checkAddress(address, options.reserved === true);
    const existing = this.entries.get(address);
    if (existing !== undefined) {
      throw new Error(
        `address 0x${address.toString(16)} already has co-processor ${existing.coprocessor.name}`,
      );
    }
    this.entries.set(address, { coprocessor, precompile: coprocessorPrecompile(coprocessor), source });
    this.sorted = [...this.entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return this;
  }

  /** Imports `source`, builds the co-processor with its factory and registers it with that source. */
  async registerModule(source: CoprocessorSource, options: RegisterOptions = {}): Promise<Coprocessor> {
    const coprocessor = await instantiate(source);
    this.register(coprocessor, source, options);
    return coprocessor;
  }

  /** The sources of every entry, in address order; undefined if one was registered without a source. */
  sources(): CoprocessorSource[] | undefined {
    const out: CoprocessorSource[] = [];
    for (const address of this.sorted) {
      const source = this.entries.get(address)!.source;
      if (source === undefined) return undefined;
      out.push(source);
    }
    return out;
  }

  portable(): PortablePrecompileSet | undefined {
    const sources = this.sources();
    if (sources === undefined) return undefined;
    return { module: import.meta.url, description: sources, key: sourcesKey(sources) };
  }

  /** A registry of the co-processors `sources` build (what a worker thread does with a description). */
  static async fromSources(sources: readonly CoprocessorSource[]): Promise<CoprocessorRegistry> {
    const registry = new CoprocessorRegistry();
    for (const source of sources) registry.register(await instantiate(source), source, { reserved: true });
    return registry;
  }
}

async function instantiate(source: CoprocessorSource): Promise<Coprocessor> {
  const mod = (await import(source.module)) as Record<string, unknown>;
  const factory = mod[source.export];
  if (typeof factory !== "function") {
    throw new Error(`${source.module} has no co-processor factory export "${source.export}"`);
  }
  const coprocessor = await (factory as CoprocessorFactory)(source.options);
  if (
    coprocessor === null ||
    typeof coprocessor !== "object" ||
    typeof coprocessor.run !== "function" ||
    typeof coprocessor.gas !== "function" ||
    typeof coprocessor.address !== "bigint"
  ) {
    throw new Error(`${source.module}#${source.export} did not return a co-processor`);
  }
  return coprocessor;
}

function sourcesKey(sources: readonly CoprocessorSource[]): string {
  return JSON.stringify(sources, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

/** The PrecompileSet module contract (src/evm/precompiles/portable.ts): rebuilds a registry in a worker. */
export function loadPrecompileSet(description: unknown): Promise<CoprocessorRegistry> {
  if (!Array.isArray(description)) throw new Error("co-processor description: not a list of sources");
  return CoprocessorRegistry.fromSources(description as CoprocessorSource[]);
}
