// Every engine `lanes bench` can time, by id.
import type { Engine, EngineId } from "../engine.js";
import { anvilEngine } from "./anvil.js";
import { edrEngine } from "./edr.js";
import { ethereumjs } from "./ethereumjs.js";
import { lanesParallel } from "./lanes-parallel.js";
import { lanesSequential } from "./lanes-sequential.js";

export const ENGINES: Readonly<Record<EngineId, Engine>> = {
  "lanes-sequential": lanesSequential,
  "lanes-parallel": lanesParallel,
  ethereumjs,
  edr: edrEngine,
  anvil: anvilEngine,
};
