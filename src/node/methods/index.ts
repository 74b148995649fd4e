// The full method table.
import { callMethods } from "./call.js";
import { chainMethods } from "./chain.js";
import { debugMethods } from "./debug.js";
import { devnetMethods } from "./devnet.js";
import { filterMethods } from "./filter.js";
import { lanesMethods } from "./lanes.js";
import { lookupMethods } from "./lookup.js";
import { profileMethods } from "./profile.js";
import { rawMethods } from "./raw.js";
import { sendMethods } from "./send.js";
import { signMethods } from "./sign.js";
import { stateMethods } from "./state.js";
import { txpoolMethods } from "./txpool.js";
import type { MethodTable } from "./types.js";
import { witnessMethods } from "./witness.js";

export const METHODS: MethodTable = {
  ...chainMethods,
  ...stateMethods,
  ...txpoolMethods,
  ...callMethods,
  ...sendMethods,
  ...signMethods,
  ...lookupMethods,
  ...rawMethods,
  ...filterMethods,
  ...devnetMethods,
  ...debugMethods,
  ...lanesMethods,
  ...witnessMethods,
  ...profileMethods,
};

export type { Handler, MethodContext, MethodTable } from "./types.js";
