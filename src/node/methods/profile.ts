// lanes_profileBlock(blockNumberOrTag): the parallelism profile of a mined block (src/profiler's report, the
// JSON of `lanes profile --json`; schema in docs/profiler.md), or null when the node has no such block.
import { ProfileError } from "../../profiler/profile-block.js";
import * as p from "../params.js";
import { nodeProfiles } from "../profiles.js";
import { invalidParams, serverError } from "../rpc-errors.js";
import { blockNumberOf } from "./resolve.js";
import type { MethodTable } from "./types.js";

export const profileMethods: MethodTable = {
  lanes_profileBlock: async (params, { node }) => {
    if (params[0] === undefined || params[0] === null) throw invalidParams("missing block number");
    const n = blockNumberOf(node, p.blockTag(params[0], "block"));
    if (n === undefined) return null;
    try {
      return (await nodeProfiles(node).profile(n)) ?? null;
    } catch (e) {
      if (e instanceof ProfileError) throw serverError(`cannot profile block ${n}: ${e.message}`);
      throw e;
    }
  },
};
