// A VM module that misbehaves on purpose, to test how the pool and the driver contain failures:
//   "exit"    the worker thread exits in the middle of a block (a crash);
//   "throw"   createVm throws (module-level failure, not a transaction failure);
//   "clone"   a transaction returns an output that cannot be posted back.
import type { ParallelVm, TxView } from "../../src/block-stm/vm-interface.js";

export function createVm(input: unknown): ParallelVm {
  const mode = String(input);
  if (mode === "throw") throw new Error("faulty VM refuses to start");
  return {
    execute(tx: number, _view: TxView): unknown {
      if (mode === "exit" && tx === 3) process.exit(7);
      if (mode === "clone") return () => tx;
      return tx;
    },
  };
}
