// LOG0..LOG4: append a log record to the transaction (reverted with the frame that wrote it).
import type { Frame } from "../frame.js";
import { G_LOG_DATA, G_LOG_TOPIC } from "../gas-constants.js";
import { WRITE_PROTECTION } from "../halt.js";

export function makeLog(topicCount: number): (f: Frame) => void {
  return (f: Frame) => {
    if (f.isStatic) throw WRITE_PROTECTION;
    const s = f.stack;
    const top = f.sp - 1;
    const offset = s[top]!;
    const size = s[top - 1]!;
    f.sp -= 2 + topicCount;
    const o = f.memoryRange(offset, size);
    const n = Number(size);
    f.useGas(G_LOG_TOPIC * topicCount + G_LOG_DATA * n);
    const topics: bigint[] = [];
    for (let i = 0; i < topicCount; i++) topics.push(s[top - 2 - i]!);
    f.host.emitLog({ address: f.address, topics, data: f.memory.read(o, n) });
  };
}
