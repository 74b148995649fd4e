// The full method table.
import { callMethods } from "./call.js";
import { chainMethods } from "./chain.js";
import { debugMethods } from "./debug.js";
import { devnetMethods } from "./devnet.js";
import { lanesMethods } from "./lanes.js";
import { lookupMethods } from "./lookup.js";
import { sendMethods } from "./send.js";
import { signMethods } from "./sign.js";
import { stateMethods } from "./state.js";
import type { MethodTable } from "./types.js";
import { witnessMethods } from "./witness.js";

export const METHODS: MethodTable = {
  ...chainMethods,
  ...stateMethods,
  ...callMethods,
  ...sendMethods,
  ...signMethods,
  ...lookupMethods,
  ...devnetMethods,
  ...debugMethods,
  ...lanesMethods,
  ...witnessMethods,
};

export type { Handler, MethodContext, MethodTable } from "./types.js";
