// The shard link's shared secret: 32 random bytes in a file of the network directory, readable by its
// owner only. The sequencer and every shard process read it; it is never logged, never sent (the handshake
// proves knowledge of it with HMACs) and never put on a command line.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";

export const LINK_SECRET_FILE = "link.secret";

/** Creates the secret file (mode 0600) if it is missing. */
export function ensureLinkSecret(path: string): void {
  if (existsSync(path)) return;
  writeFileSync(path, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
}

/** Reads the secret; refuses a file other users could read, or one that holds no 32-byte hex secret. */
export function readLinkSecret(path: string): Uint8Array {
  if (!existsSync(path)) throw new Error(`the shard link secret ${path} does not exist`);
  const mode = statSync(path).mode;
  if ((mode & 0o077) !== 0) {
    throw new Error(`the shard link secret ${path} is readable by other users (chmod 600 it)`);
  }
  const text = readFileSync(path, "utf8").trim();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${path} does not hold a 32-byte hex secret`);
  return Uint8Array.from(Buffer.from(text, "hex"));
}
