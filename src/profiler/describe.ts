// Names for locations, contracts and transactions: raw (kind, address, slot) -> the report's LocationJson,
// with the contract's name and the decoded variable when the user's files describe the contract, and the
// mapping keys found from keccak preimages even when they do not.
import { bytesToHex } from "../primitives/hex.js";
import type { ContractBook, ContractInfo } from "./contracts.js";
import { formatRawKey, mappingPath, type PreimageIndex } from "./preimages.js";
import { SlotDecoder } from "./storage-layout.js";
import type { LocationJson } from "./types.js";

/** A location as the analysis keeps it (src/parallel/profile-data.ts ProfileLocation). */
export interface RawLocation {
  kind: LocationJson["kind"];
  address: bigint;
  slot: bigint;
  delta?: "fee" | "credit";
}

export const addressHex = (a: bigint) => `0x${a.toString(16).padStart(40, "0")}`;
export const slotHex = (s: bigint) => `0x${s.toString(16)}`;

const FIELD_NAMES = { nonce: "nonce", balance: "balance", codeHash: "code hash" } as const;

/** Parses a report location's raw fields back (for relabelling a report). */
export function rawOf(loc: LocationJson): RawLocation {
  const raw: RawLocation = {
    kind: loc.kind,
    address: BigInt(loc.address),
    slot: loc.slot === undefined ? 0n : BigInt(loc.slot),
  };
  if (loc.delta !== undefined) raw.delta = loc.delta;
  return raw;
}

export class Namer {
  private readonly decoders = new Map<string, SlotDecoder | undefined>();
  private readonly cache = new Map<string, LocationJson>();

  constructor(
    private readonly book: ContractBook | undefined,
    private readonly preimages: PreimageIndex,
    /** Runtime code hash (0x-hex) of an address, if it has code. */
    private readonly codeHashOf: (address: string) => string | undefined,
    readonly coinbase: string,
  ) {}

  contract(address: string): ContractInfo | undefined {
    return this.book?.lookup(address, this.codeHashOf(address));
  }

  contractName(address: string): string | undefined {
    return this.contract(address)?.name;
  }

  functionName(address: string, selector: string): string | undefined {
    return this.contract(address)?.functions?.get(selector);
  }

  private decoder(address: string): SlotDecoder | undefined {
    if (!this.decoders.has(address)) {
      const layout = this.contract(address)?.layout;
      this.decoders.set(address, layout === undefined ? undefined : new SlotDecoder(layout, this.preimages));
    }
    return this.decoders.get(address);
  }

  /** The owner's label: contract name + short address, or the address (and "fee recipient"). */
  accountLabel(address: string): string {
    const name = this.contractName(address);
    const base = name === undefined ? address : `${name} ${address}`;
    return address === this.coinbase ? `fee recipient ${base}` : base;
  }

  describe(raw: RawLocation): LocationJson {
    const id = `${raw.kind}:${raw.address}:${raw.slot}:${raw.delta ?? ""}`;
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const address = addressHex(raw.address);
    const loc: LocationJson = { kind: raw.kind, address, label: "" };
    const contract = this.contractName(address);
    if (contract !== undefined) loc.contract = contract;
    if (raw.delta !== undefined) loc.delta = raw.delta;
    if (raw.kind !== "storage") {
      const what =
        raw.delta === "fee"
          ? "balance (fee credits)"
          : raw.delta === "credit"
            ? "balance (credits)"
            : FIELD_NAMES[raw.kind];
      loc.label = `${this.accountLabel(address)} ${what}`;
    } else {
      loc.slot = slotHex(raw.slot);
      const path = mappingPath(raw.slot, this.preimages);
      if (path !== undefined) loc.keys = path.keys.map(formatRawKey);
      const variable = this.decoder(address)?.decode(raw.slot);
      if (variable !== undefined) loc.variable = variable;
      const owner = contract === undefined ? address : `${contract}@${address}`;
      if (variable !== undefined) loc.label = `${owner}.${variable}`;
      else if (path !== undefined) {
        const tail = path.offset === 0 ? "" : ` +${path.offset}`;
        loc.label = `${owner} slot ${slotHex(path.root)}${path.keys.map((k) => `[${formatRawKey(k)}]`).join("")}${tail}`;
      } else loc.label = `${owner} slot ${slotHex(raw.slot)}`;
    }
    this.cache.set(id, loc);
    return loc;
  }
}

/** The first 4 bytes of calldata as 0x-hex, when there are 4. */
export function selectorOf(data: Uint8Array): string | undefined {
  return data.length >= 4 ? bytesToHex(data.subarray(0, 4)) : undefined;
}
