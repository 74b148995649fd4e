// A stand-in worker for the pool's own tests: behaves according to the file name it is given ("hang",
// "crash", "exit", "slow-N"), so timeouts and crashes can be provoked. Inert when loaded as a test file.
import { parentPort } from "node:worker_threads";
import type { RunMessage, WorkerMessage } from "./protocol.js";

const port = parentPort;
if (port) {
  port.on("message", (message: RunMessage) => {
    for (const { file, skipReason } of message.files) {
      if (file.includes("hang")) for (;;);
      if (file.includes("crash")) throw new Error(`crashed on ${file}`);
      if (file.includes("exit")) process.exit(3);
      // "slow-N": N cases of 1.5 s each, a heartbeat after each (longer in all than the test's timeout).
      const slow = /slow-(\d+)/.exec(file);
      for (let i = 0; slow && i < Number(slow[1]); i++) {
        const until = Date.now() + 1500;
        while (Date.now() < until);
        const progress: WorkerMessage = { type: "progress" };
        port.postMessage(progress);
      }
      const skipped: Record<string, number> = skipReason ? { [skipReason]: 1 } : {};
      const reply: WorkerMessage = {
        type: "file",
        result: { file, cases: skipReason ? 0 : 1, passed: skipReason ? 0 : 1, skipped, failures: [], ms: 1 },
      };
      port.postMessage(reply);
    }
    const idle: WorkerMessage = { type: "idle" };
    port.postMessage(idle);
  });
}
