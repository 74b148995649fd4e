// ShardHub from TypeScript: deployment (with the committee verifier), commitSuperblock, finalize, the views
// the sequencer and the verifiers read, and the Deposit logs the sequencer turns into deliveries.
import {
  addressToHex,
  bytesToBigInt,
  bytesToHex,
  concatBytes,
  hexToBytes,
  parseQuantity,
} from "../../primitives/hex.js";
import { decodeTuple, encodeCall, encodeTuple, eventTopic } from "../abi.js";
import { creationCode } from "../contracts.js";
import type { Deposit } from "../system-ops.js";
import type { JsonRpcClient } from "./json-rpc.js";
import type { SuperblockRoots } from "./superblock-hash.js";
import { L1Error, type L1Wallet } from "./wallet.js";

export const DEPOSIT_TOPIC = eventTopic(
  "Deposit(uint256,uint64,uint8,bytes32,address,address,address,uint256,bytes)",
);

export interface HubDeployment {
  hub: bigint;
  verifier: bigint;
  deployBlock: bigint;
}

export interface CommitteeParams {
  /** x-only BIP340 group key of the committee. */
  groupKey: Uint8Array;
  threshold: number;
  size: number;
}

export interface ShardRegistration {
  chainId: bigint;
  genesisBlockHash: Uint8Array;
  genesisStateRoot: Uint8Array;
}

/** Deploys FrostCommitteeVerifier and ShardHub (sequencer = the wallet) on the L1. */
export async function deployShardHub(
  wallet: L1Wallet,
  committee: CommitteeParams,
  shards: ShardRegistration[],
): Promise<HubDeployment> {
  const verifierCode = concatBytes(
    creationCode("FrostCommitteeVerifier"),
    encodeTuple(
      ["uint256", "uint16", "uint16"],
      [bytesToBigInt(committee.groupKey), BigInt(committee.threshold), BigInt(committee.size)],
    ),
  );
  const v = await wallet.send({ data: verifierCode, gas: 2_000_000n });
  if (v.contractAddress === null) throw new L1Error("the committee verifier was not deployed");
  const verifier = BigInt(v.contractAddress);
  const hubCode = concatBytes(
    creationCode("ShardHub"),
    encodeTuple(
      ["address", "address", "uint64[]", "bytes32[]", "bytes32[]"],
      [
        wallet.address,
        verifier,
        shards.map((s) => s.chainId),
        shards.map((s) => s.genesisBlockHash),
        shards.map((s) => s.genesisStateRoot),
      ],
    ),
  );
  const h = await wallet.send({ data: hubCode, gas: 8_000_000n });
  if (h.contractAddress === null) throw new L1Error("ShardHub was not deployed");
  return { hub: BigInt(h.contractAddress), verifier, deployBlock: parseQuantity(h.blockNumber) };
}

export class HubClient {
  constructor(
    readonly rpc: JsonRpcClient,
    readonly hub: bigint,
  ) {}

  private async view(signature: string, args: (bigint | Uint8Array)[], out: string[]) {
    const data = encodeCall(signature, args);
    const r = await this.rpc.call<string>("eth_call", [
      { to: addressToHex(this.hub), data: bytesToHex(data) },
      "latest",
    ]);
    return decodeTuple(out, hexToBytes(r));
  }

  async lastCommitted(): Promise<number> {
    return Number((await this.view("lastCommitted()", [], ["uint64"]))[0]);
  }

  async lastFinalized(): Promise<number> {
    return Number((await this.view("lastFinalized()", [], ["uint64"]))[0]);
  }

  async superblockHash(k: number): Promise<Uint8Array> {
    return (await this.view("superblockHash(uint64)", [BigInt(k)], ["bytes32"]))[0] as Uint8Array;
  }

  async stateRoot(k: number, shard: number): Promise<Uint8Array> {
    return (
      await this.view("stateRoot(uint64,uint64)", [BigInt(k), BigInt(shard)], ["bytes32"])
    )[0] as Uint8Array;
  }

  async blockHash(k: number, shard: number): Promise<Uint8Array> {
    return (
      await this.view("blockHash(uint64,uint64)", [BigInt(k), BigInt(shard)], ["bytes32"])
    )[0] as Uint8Array;
  }

  async depositId(nonce: bigint): Promise<Uint8Array> {
    return (await this.view("depositIds(uint256)", [nonce], ["bytes32"]))[0] as Uint8Array;
  }

  async digest(k: number): Promise<Uint8Array> {
    return (await this.view("digest(uint64)", [BigInt(k)], ["bytes32"]))[0] as Uint8Array;
  }

  commitSuperblock(wallet: L1Wallet, k: number, r: SuperblockRoots) {
    return wallet.send({
      to: this.hub,
      data: encodeCall("commitSuperblock(uint64,bytes32[],bytes32[],bytes32[],bytes32[])", [
        BigInt(k),
        r.blockHashes,
        r.stateRoots,
        r.messageRoots,
        r.witnessHashes,
      ]),
      gas: 300_000n + 120_000n * BigInt(r.stateRoots.length),
    });
  }

  finalize(wallet: L1Wallet, k: number, proof: Uint8Array) {
    return wallet.send({
      to: this.hub,
      data: encodeCall("finalize(uint64,bytes)", [BigInt(k), proof]),
      gas: 200_000n,
    });
  }

  /** Deposit events in blocks [from, to]. */
  async deposits(from: bigint, to: bigint): Promise<Deposit[]> {
    const logs = await this.rpc.call<{ topics: string[]; data: string }[]>("eth_getLogs", [
      {
        address: addressToHex(this.hub),
        topics: [bytesToHex(DEPOSIT_TOPIC)],
        fromBlock: `0x${from.toString(16)}`,
        toBlock: `0x${to.toString(16)}`,
      },
    ]);
    return logs.map((log) => {
      const [kind, , fromAddr, toAddr, token, amount, data] = decodeTuple(
        ["uint8", "bytes32", "address", "address", "address", "uint256", "bytes"],
        hexToBytes(log.data),
      ) as [bigint, Uint8Array, bigint, bigint, bigint, bigint, Uint8Array];
      return {
        kind: Number(kind) as 0 | 1 | 2,
        nonce: BigInt(log.topics[1]!),
        shard: Number(BigInt(log.topics[2]!)),
        from: fromAddr,
        to: toAddr,
        token,
        amount,
        data,
      };
    });
  }
}
