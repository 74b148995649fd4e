// Events: emit_log with up to four topics (the first is usually the event signature's hash) followed by
// the ABI-encoded data words.
import { emit_log } from "./hostio";
import { revertMessage } from "./revert";
import { U256 } from "./u256";

export function emitEvent(topics: U256[], data: U256[]): void {
  if (topics.length > 4) revertMessage("more than 4 topics");
  const len = 32 * (topics.length + data.length);
  const buf = heap.alloc(<usize>len);
  for (let i = 0; i < topics.length; i++) topics[i].store(buf + 32 * i);
  for (let i = 0; i < data.length; i++) data[i].store(buf + 32 * (topics.length + i));
  emit_log(buf, <u32>len, <u32>topics.length);
}
