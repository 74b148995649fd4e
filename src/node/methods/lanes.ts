// lanes_getBlockStats: the execution statistics recorded with a block.
import * as p from "../params.js";
import { blockNumberOf } from "./resolve.js";
import type { MethodTable } from "./types.js";

export const lanesMethods: MethodTable = {
  lanes_getBlockStats: (params, { node }) => {
    const n = blockNumberOf(node, p.blockTag(params[0], "block"));
    if (n === undefined || n > node.head.header.number) return null;
    const stats = node.store.blockStats(n);
    return stats === undefined ? null : { number: `0x${n.toString(16)}`, ...stats };
  },
};
