// A whole Lanes network in one process: the L1 (an embedded Lanes devnet, or any Ethereum JSON-RPC endpoint),
// ShardHub and the committee verifier deployed on it at first start, N shard hosts (each a Lanes chain with
// its own chain id, LMDB directory and JSON-RPC port), the verifier committee (t-of-n stateless verifiers
// holding FROST shares) and the sequencer. Everything lives under one network directory, so a restart
// resumes the same network:
//   <dir>/network.json   the L1, the hub and verifier addresses, the shard chain ids (written once)
//   <dir>/l1/            the embedded L1's chain
//   <dir>/shard-K/       shard K's chain and superblock store
//   <dir>/sequencer/     the decision log
//   <dir>/committee/     each member's FROST share, sealed by custody's keystore
//   <dir>/link.secret    the shard link's secret (--shard-processes)
// The sequencer talks to shards only through ShardEndpoint (protocol.ts), whose messages are plain data: by
// default the shards share this process; with `shardProcesses` each runs as `lanes shard` in a child process
// (restarted when it dies), reached over the authenticated loopback shard link (link/, docs/shards.md).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { signingKey } from "../custody/frost/signing.js";
import { writeFileAtomic } from "../custody/store/atomic-file.js";
import { derivePrivateKey, mnemonicToSeed } from "../node/dev-accounts.js";
import { DEFAULT_MNEMONIC, NODE_DEFAULTS, type RunningNode, startNode } from "../node/index.js";
import { addressToHex } from "../primitives/hex.js";
import { operatorAddress, type ShardSpec } from "./chain.js";
import { ShardHost } from "./host/shard-host.js";
import { deployShardHub, HubClient } from "./l1/hub-client.js";
import { JsonRpcClient } from "./l1/json-rpc.js";
import { L1Wallet } from "./l1/wallet.js";
import { ensureLinkSecret, LINK_SECRET_FILE, readLinkSecret } from "./link/secret.js";
import { ShardProcess } from "./link/shard-process.js";
import type { ShardEndpoint } from "./protocol.js";
import { DecisionLog } from "./sequencer/decision-log.js";
import { Sequencer } from "./sequencer/sequencer.js";
import { Committee, type CommitteeMember, committeeKeys } from "./verifier/committee.js";
import { GarbageVerifier, StatelessVerifier } from "./verifier/verifier.js";

/** Shard K's chain id: SHARD_CHAIN_ID_BASE + K. */
export const SHARD_CHAIN_ID_BASE = 710_000n;
export const MAX_NETWORK_SHARDS = 64;

export interface NetworkOptions {
  shards: number;
  dataDir: string;
  /** Loopback by default. */
  host?: string;
  /** L1 at basePort (embedded), shard K at basePort + 1 + K; 0: ephemeral ports. */
  basePort?: number;
  /** Use this L1 instead of an embedded devnet. */
  l1Rpc?: string;
  /** Read deposits only this many blocks below the L1's latest (SequencerL1.confirmations; default 0). */
  l1Confirmations?: number;
  mnemonic?: string;
  fork?: string;
  l1ChainId?: bigint;
  /** t-of-n committee (default 2-of-3); members listed in `garbage` sign garbage (tests). */
  committee?: { threshold: number; size: number; garbage?: number[] };
  /** The passphrase that seals the committee's shares (default: LANES_COMMITTEE_PASSPHRASE or a devnet one). */
  committeePassphrase?: string;
  /** scrypt cost of the committee keystores (2^logN; default custody's). */
  kdfLogN?: number;
  /** Sequencer poll interval, ms. */
  intervalMs?: number;
  log?: (line: string) => void;
  /** Run each shard as `lanes shard` in a child process, linked over loopback TCP (an extension). */
  shardProcesses?: boolean;
  /** Extra environment of the shard processes (tests: LANES_SHARD_CRASH). */
  shardEnv?: Record<string, string>;
  /** Crash tests only (SequencerOptions.crash); `lanes network` reads it from LANES_SHARDS_CRASH. */
  crash?: { afterSeal?: number; afterFirstCommit?: number };
}

export interface Endpoint {
  url: string;
  chainId: bigint;
}

/** A shard as the network holds it: in this process, or in a child process behind the link. */
interface NetworkShard {
  endpoint: ShardEndpoint;
  url: string;
  spec: ShardSpec;
  /** The child process (--shard-processes). */
  process?: ShardProcess;
  close(): Promise<void>;
}

interface NetworkFile {
  version: 1;
  l1ChainId: string;
  hub: string;
  verifier: string;
  deployBlock: string;
  shardChainIds: string[];
  committee: { threshold: number; size: number };
}

/**
 * The L1 account that deploys ShardHub and is its sequencer: the mnemonic's tenth dev account (anvil, Hardhat
 * and Lanes devnets all prefund it), apart from account 0 that users and tests usually send from.
 */
export const L1_SEQUENCER_PATH = "m/44'/60'/0'/0/9";

const DEVNET_PASSPHRASE = "lanes devnet committee (not a secret: set LANES_COMMITTEE_PASSPHRASE)";

export class LanesNetwork {
  private constructor(
    readonly l1: Endpoint,
    readonly shards: (Endpoint & { shardId: number })[],
    readonly hub: bigint,
    readonly verifier: bigint,
    readonly sequencer: Sequencer,
    private readonly members: NetworkShard[],
    private readonly l1Node: RunningNode | undefined,
    private readonly decisionLog: DecisionLog,
    readonly hubClient: HubClient,
    readonly committee: Committee,
    /** The L1 sequencer account (ShardHub's `sequencer`). */
    readonly l1Wallet: L1Wallet,
  ) {}

  /** The lines `lanes network` prints, one per endpoint. */
  lines(): string[] {
    return [
      `l1 ${this.l1.url} chainId=${this.l1.chainId}`,
      ...this.shards.map((s) => `shard ${s.shardId} ${s.url} chainId=${s.chainId}`),
    ];
  }

  json(): Record<string, unknown> {
    return {
      l1: { url: this.l1.url, chainId: Number(this.l1.chainId) },
      shards: this.shards.map((s) => ({ shardId: s.shardId, url: s.url, chainId: Number(s.chainId) })),
      shardHub: addressToHex(this.hub),
      verifier: addressToHex(this.verifier),
    };
  }

  static async start(o: NetworkOptions): Promise<LanesNetwork> {
    if (!Number.isInteger(o.shards) || o.shards < 1 || o.shards > MAX_NETWORK_SHARDS) {
      throw new Error(`the shard count must be 1..${MAX_NETWORK_SHARDS}`);
    }
    mkdirSync(o.dataDir, { recursive: true });
    const mnemonic = o.mnemonic ?? DEFAULT_MNEMONIC;
    const host = o.host ?? "127.0.0.1";
    const fork = o.fork ?? NODE_DEFAULTS.fork;
    const port = (i: number) => (o.basePort === undefined || o.basePort === 0 ? 0 : o.basePort + i);
    const metaPath = join(o.dataDir, "network.json");
    const existing = existsSync(metaPath)
      ? (JSON.parse(readFileSync(metaPath, "utf8")) as NetworkFile)
      : undefined;
    if (existing !== undefined && existing.shardChainIds.length !== o.shards) {
      throw new Error(
        `${o.dataDir} holds a network of ${existing.shardChainIds.length} shards, not ${o.shards}`,
      );
    }
    const opened: { close(): Promise<void> }[] = [];
    const t0 = performance.now();
    const phase = (what: string) => o.log?.(`network: ${what} (${Math.round(performance.now() - t0)} ms)`);
    try {
      // The L1.
      let l1Node: RunningNode | undefined;
      let l1Url: string;
      if (o.l1Rpc === undefined) {
        l1Node = await startNode({
          dataDir: join(o.dataDir, "l1"),
          host,
          port: port(0),
          chainId: o.l1ChainId ?? NODE_DEFAULTS.chainId,
          mnemonic,
          threads: 1,
          coprocessors: false,
        });
        opened.push(l1Node);
        l1Url = l1Node.url;
      } else {
        l1Url = o.l1Rpc;
      }
      phase("L1 up");
      const l1Rpc = new JsonRpcClient(l1Url);
      const l1ChainId = BigInt(await l1Rpc.call<string>("eth_chainId", []));
      if (existing !== undefined && BigInt(existing.l1ChainId) !== l1ChainId) {
        throw new Error(
          `the L1 has chain id ${l1ChainId}, the network was deployed on ${existing.l1ChainId}`,
        );
      }

      // The shards.
      const hosts: NetworkShard[] = [];
      const secretFile = join(o.dataDir, LINK_SECRET_FILE);
      if (o.shardProcesses === true) ensureLinkSecret(secretFile);
      const operator = operatorAddress(mnemonic);
      for (let k = 0; k < o.shards; k++) {
        const chainId =
          existing !== undefined ? BigInt(existing.shardChainIds[k]!) : SHARD_CHAIN_ID_BASE + BigInt(k);
        const spec: ShardSpec = { shardId: k, shardCount: o.shards, chainId, fork, operator };
        const dataDir = join(o.dataDir, `shard-${k}`);
        let member: NetworkShard;
        if (o.shardProcesses === true) {
          const p = await ShardProcess.start({
            shardId: k,
            shardCount: o.shards,
            chainId,
            fork,
            dataDir,
            host,
            rpcPort: port(1 + k),
            secretFile,
            secret: readLinkSecret(secretFile),
            ...(o.mnemonic === undefined ? {} : { mnemonic: o.mnemonic }),
            ...(o.shardEnv === undefined ? {} : { env: o.shardEnv }),
            ...(o.log === undefined ? {} : { log: o.log }),
          });
          member = { endpoint: p.remote, url: p.url, spec, process: p, close: () => p.close() };
        } else {
          const h = await ShardHost.open({
            spec: { shardId: k, shardCount: o.shards, chainId, fork },
            dataDir,
            host,
            port: port(1 + k),
            mnemonic,
            ...(o.log === undefined ? {} : { log: o.log }),
          });
          member = { endpoint: h, url: h.url, spec: h.spec, close: () => h.close() };
        }
        opened.push(member);
        hosts.push(member);
      }

      phase(`${hosts.length} shards up`);
      // The committee's keys, and ShardHub (first start only).
      const committeeShape = existing?.committee ?? o.committee ?? { threshold: 2, size: 3 };
      const keys = committeeKeys(
        join(o.dataDir, "committee"),
        committeeShape.threshold,
        committeeShape.size,
        o.committeePassphrase ?? process.env.LANES_COMMITTEE_PASSPHRASE ?? DEVNET_PASSPHRASE,
        o.kdfLogN,
      );
      const wallet = new L1Wallet(
        l1Rpc,
        derivePrivateKey(mnemonicToSeed(mnemonic), L1_SEQUENCER_PATH),
        l1ChainId,
      );
      phase("committee keys ready");
      let file = existing;
      if (file === undefined) {
        const statuses = await Promise.all(hosts.map((h) => h.endpoint.status()));
        const deployed = await deployShardHub(
          wallet,
          {
            groupKey: signingKey(keys.group, "plain"),
            threshold: committeeShape.threshold,
            size: committeeShape.size,
          },
          statuses.map((s) => ({
            chainId: s.chainId,
            genesisBlockHash: s.headHash,
            genesisStateRoot: s.headStateRoot,
          })),
        );
        file = {
          version: 1,
          l1ChainId: l1ChainId.toString(),
          hub: addressToHex(deployed.hub),
          verifier: addressToHex(deployed.verifier),
          deployBlock: deployed.deployBlock.toString(),
          shardChainIds: statuses.map((s) => s.chainId.toString()),
          committee: { threshold: committeeShape.threshold, size: committeeShape.size },
        };
        writeFileAtomic(metaPath, `${JSON.stringify(file, null, 2)}\n`);
      }
      phase("ShardHub ready");
      const hub = new HubClient(l1Rpc, BigInt(file.hub));
      const specs: ShardSpec[] = hosts.map((h) => h.spec);
      const garbage = new Set(o.committee?.garbage ?? []);
      const members: CommitteeMember[] = keys.shares.map((share) => {
        const bad = garbage.has(share.index);
        const member: CommitteeMember = {
          index: share.index,
          share,
          verifier: bad
            ? new GarbageVerifier(hub)
            : new StatelessVerifier({
                name: `verifier-${share.index}`,
                hub,
                l1ChainId,
                shards: hosts.map((h) => new JsonRpcClient(h.url)),
                specs,
              }),
        };
        if (bad) member.signsGarbage = true;
        return member;
      });
      const committee = new Committee(keys.group, members);

      // The sequencer.
      const decisionLog = new DecisionLog(join(o.dataDir, "sequencer"));
      opened.push(decisionLog);
      const sequencer = new Sequencer({
        shards: hosts.map((h) => h.endpoint),
        log: decisionLog,
        l1: {
          rpc: l1Rpc,
          hub,
          wallet,
          deployBlock: BigInt(file.deployBlock),
          committee,
          ...(o.l1Confirmations === undefined ? {} : { confirmations: o.l1Confirmations }),
        },
        ...(o.intervalMs === undefined ? {} : { intervalMs: o.intervalMs }),
        ...(o.crash === undefined ? {} : { crash: o.crash }),
        ...(o.log === undefined ? {} : { logLine: o.log }),
      });
      await sequencer.start();
      phase("sequencer started");

      // Every endpoint answers before anything is printed.
      const l1 = { url: l1Url, chainId: l1ChainId };
      const shards = [];
      for (const h of hosts) {
        const id = BigInt(await new JsonRpcClient(h.url).call<string>("eth_chainId", []));
        shards.push({ shardId: h.spec.shardId, url: h.url, chainId: id });
      }
      return new LanesNetwork(
        l1,
        shards,
        hub.hub,
        BigInt(file.verifier),
        sequencer,
        hosts,
        l1Node,
        decisionLog,
        hub,
        committee,
        wallet,
      );
    } catch (e) {
      for (const c of opened.reverse()) await c.close().catch(() => undefined);
      throw e;
    }
  }

  /** The shard operator (sender of the system transactions) on every shard. */
  static operator(mnemonic = DEFAULT_MNEMONIC): bigint {
    return operatorAddress(mnemonic);
  }

  /** The process ids of the shard processes (--shard-processes; undefined for shards in this process). */
  shardPids(): (number | undefined)[] {
    return this.members.map((m) => m.process?.pid);
  }

  /** How many times each shard process was started (1 + its restarts; 0 for shards in this process). */
  shardStarts(): number[] {
    return this.members.map((m) => m.process?.starts ?? 0);
  }

  async close(): Promise<void> {
    await this.sequencer.stop();
    for (const h of this.members) await h.close();
    await this.decisionLog.close();
    await this.l1Node?.close();
  }
}
