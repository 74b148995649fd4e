// The integrity check's child process (store-integrity.ts, verifyInChild): opens the environment, reads every
// record and verifies its checksum. Prints the problem and exits 1 on a damaged record; a damaged page that
// crashes LMDB ends this process, not the node.
import { ChainStore } from "./chain-store.js";

const dir = process.argv[2];
if (dir === undefined) {
  process.stdout.write("usage: store-check DIR\n");
  process.exit(2);
}
try {
  const store = new ChainStore(dir);
  const records = store.verifyAll();
  await store.close();
  process.stdout.write(`ok ${records} records\n`);
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  // The detail only: the parent wraps it in its own DamagedStoreError.
  process.stdout.write(
    `${message.replace(/^data directory .* is damaged: /, "").replace(/\. Lanes will not.*$/, "")}\n`,
  );
  process.exit(1);
}
