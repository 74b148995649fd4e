// The full method table.
import { blobMethods } from "./blobs.js";
import { callMethods } from "./call.js";
import { chainMethods } from "./chain.js";
import { configMethods } from "./config.js";
import { debugMethods } from "./debug.js";
import { devnetMethods } from "./devnet.js";
import { filterMethods } from "./filter.js";
import { lanesMethods } from "./lanes.js";
import { lookupMethods } from "./lookup.js";
import { profileMethods } from "./profile.js";
import { rawMethods } from "./raw.js";
import { sendMethods } from "./send.js";
import { signMethods } from "./sign.js";
import { simulateMethods } from "./simulate.js";
import { stateMethods } from "./state.js";
import { testingMethods } from "./testing.js";
import { txpoolMethods } from "./txpool.js";
import type { MethodTable } from "./types.js";
import { witnessMethods } from "./witness.js";

export const METHODS: MethodTable = {
  ...chainMethods,
  ...configMethods,
  ...stateMethods,
  ...txpoolMethods,
  ...testingMethods,
  ...callMethods,
  ...blobMethods,
  ...simulateMethods,
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
