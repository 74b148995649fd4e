// Decoding a finished report again with other contract files: what `lanes profile --rpc` does with the report
// the node returns (the node has no storage layouts). Every location is described anew from its raw fields and
// the report's keccak preimages, names come from the files, and the advice is re-worded.
import { writeAdvice } from "./advice.js";
import type { ContractBook } from "./contracts.js";
import { Namer, rawOf } from "./describe.js";
import { PreimageIndex } from "./preimages.js";
import { type BlockProfile, type LocationJson, PROFILE_SCHEMA } from "./types.js";

export class ReportError extends Error {
  override readonly name = "ReportError";
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks that `value` looks like a profile report (the fields this module and the renderers use). */
export function asProfile(value: unknown, where: string): BlockProfile {
  if (!isRecord(value) || value.schema !== PROFILE_SCHEMA) {
    throw new ReportError(`${where}: not a ${PROFILE_SCHEMA} report`);
  }
  for (const field of ["edges", "transactions", "hotLocations", "hotContracts", "contracts"]) {
    if (!Array.isArray(value[field])) throw new ReportError(`${where}: ${field} is not a list`);
  }
  for (const field of ["block", "criticalPath", "speedupBound", "timeline", "keccakPreimages", "stats"]) {
    if (!isRecord(value[field])) throw new ReportError(`${where}: ${field} is missing`);
  }
  return value as unknown as BlockProfile;
}

export function relabelProfile(profile: BlockProfile, book: ContractBook): BlockProfile {
  const codeHashes = new Map(profile.contracts.map((c) => [c.address, c.codeHash]));
  const namer = new Namer(
    book,
    PreimageIndex.fromJson(profile.keccakPreimages),
    (a) => codeHashes.get(a),
    profile.block.coinbase,
  );
  const again = (loc: LocationJson) => namer.describe(rawOf(loc));
  for (const e of profile.edges) {
    e.location = again(e.location);
    e.locations = e.locations.map(again);
  }
  for (const h of profile.hotLocations) h.location = again(h.location);
  for (const h of profile.hotContracts) {
    const name = namer.contractName(h.address);
    if (name !== undefined) h.name = name;
  }
  for (const c of profile.contracts) {
    const name = namer.contractName(c.address);
    if (name !== undefined) c.name = name;
  }
  for (const t of profile.transactions) {
    if (t.to === null || t.selector === undefined) continue;
    const fn = namer.functionName(t.to, t.selector);
    if (fn !== undefined) t.function = fn;
  }
  writeAdvice(profile);
  return profile;
}
