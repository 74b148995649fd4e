// The rpc-compat chain on a Lanes node: `lanes node --genesis tests/genesis.json`, then `--import
// tests/chain.rlp`, every block (Frontier to BPO2) executed and checked by Lanes alone. Then hive's forkchoice
// head (headfcu.json) must be the node's head. Mining stops, as on hive's node (nothing is mined between the
// test files).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseGethGenesis } from "../../src/block/genesis-config.js";
import { importChain } from "../../src/node/chain-import.js";
import { type RunningNode, startNode } from "../../src/node/index.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { tempDir } from "../../tools/node-client.js";

export const RPC_COMPAT_DIR = join(
  process.env.EXECUTION_APIS_TESTS ?? "../shared/execution-apis-tests",
  "tests",
);

export function haveFixtures(): boolean {
  return existsSync(join(RPC_COMPAT_DIR, "chain.rlp"));
}

export interface CompatChain {
  running: RunningNode;
  url: string;
  /** Blocks imported (executed by Lanes). */
  imported: number;
  close(): Promise<void>;
}

export async function startCompatChain(): Promise<CompatChain> {
  const genesisJson = JSON.parse(readFileSync(join(RPC_COMPAT_DIR, "genesis.json"), "utf8"));
  const genesis = parseGethGenesis(genesisJson);
  const dir = tempDir("lanes-rpc-compat-");
  const running = await startNode({
    dataDir: dir.path,
    host: "127.0.0.1",
    port: 0,
    genesis,
    threads: 1,
    accounts: 0,
  });
  try {
    const imported = await importChain(running.node, readFileSync(join(RPC_COMPAT_DIR, "chain.rlp")));
    running.node.setAutomine(false);
    const fcu = JSON.parse(readFileSync(join(RPC_COMPAT_DIR, "headfcu.json"), "utf8"));
    const head = fcu.params[0].headBlockHash as string;
    if (bytesToHex(running.node.head.hash) !== head)
      throw new Error(`imported head ${bytesToHex(running.node.head.hash)} is not hive's head ${head}`);
    return {
      running,
      url: running.url,
      imported,
      close: async () => {
        await running.close();
        dir.remove();
      },
    };
  } catch (e) {
    await running.close();
    dir.remove();
    throw e;
  }
}
