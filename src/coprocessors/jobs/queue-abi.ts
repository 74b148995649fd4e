// The job queue's events and calls (contracts/coprocessors/CoprocessorJobs.sol), decoded and encoded by hand.
import type { Log } from "../../evm/log.js";
import { bytesToBigInt } from "../../primitives/hex.js";
import { keccak256 } from "../../primitives/keccak.js";
import { selectorOf } from "../abi.js";

const topic = (signature: string): bigint => bytesToBigInt(keccak256(new TextEncoder().encode(signature)));

export const JOB_POSTED = topic(
  "JobPosted(uint256,uint64,address,bytes32,address,uint32,uint256,uint64,bytes)",
);
export const JOB_FULFILLED = topic("JobFulfilled(uint256,bytes32,bool)");
export const JOB_REFUNDED = topic("JobRefunded(uint256,address,uint256)");
const FULFILL = selectorOf("fulfill(uint256,bytes)");
const REFUND = selectorOf("refund(uint256)");

export interface PostedJob {
  jobId: bigint;
  coprocessorId: bigint;
  requester: bigint;
  inputCommitment: Uint8Array;
  callback: bigint;
  callbackGas: bigint;
  fee: bigint;
  deadline: bigint;
  input: Uint8Array;
}

function topicWord(log: Log, i: number): bigint {
  const t = log.topics[i];
  if (t === undefined) throw new Error("job queue log without its indexed fields");
  return t;
}

function word(data: Uint8Array, at: number): bigint {
  return bytesToBigInt(data.subarray(at, at + 32));
}

export function logTopic(log: Log): bigint | undefined {
  const t = log.topics[0];
  return t;
}

/** A JobPosted log's fields (the contract wrote it, so its layout is trusted). */
export function decodeJobPosted(log: Log): PostedJob {
  const d = log.data;
  const inputAt = Number(word(d, 160));
  const length = Number(word(d, inputAt));
  return {
    jobId: topicWord(log, 1),
    coprocessorId: topicWord(log, 2),
    requester: topicWord(log, 3),
    inputCommitment: d.slice(0, 32),
    callback: word(d, 32),
    callbackGas: word(d, 64),
    fee: word(d, 96),
    deadline: word(d, 128),
    input: d.slice(inputAt + 32, inputAt + 32 + length),
  };
}

export function jobIdOf(log: Log): bigint {
  return topicWord(log, 1);
}

function selectorBytes(selector: number): Uint8Array {
  return Uint8Array.of(selector >>> 24, (selector >>> 16) & 0xff, (selector >>> 8) & 0xff, selector & 0xff);
}

function uintWord(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Call data of fulfill(jobId, output). */
export function fulfillCall(jobId: bigint, output: Uint8Array): Uint8Array {
  const padded = Math.ceil(output.length / 32) * 32;
  const out = new Uint8Array(4 + 96 + padded);
  out.set(selectorBytes(FULFILL), 0);
  out.set(uintWord(jobId), 4);
  out.set(uintWord(64n), 36);
  out.set(uintWord(BigInt(output.length)), 68);
  out.set(output, 100);
  return out;
}

/** Call data of refund(jobId). */
export function refundCall(jobId: bigint): Uint8Array {
  const out = new Uint8Array(36);
  out.set(selectorBytes(REFUND), 0);
  out.set(uintWord(jobId), 4);
  return out;
}

/** The output a fulfill call carries (to check a result from the chain). */
export function decodeFulfillCall(data: Uint8Array): { jobId: bigint; output: Uint8Array } | undefined {
  if (data.length < 100) return undefined;
  const sel = ((data[0]! << 24) | (data[1]! << 16) | (data[2]! << 8) | data[3]!) >>> 0;
  if (sel !== FULFILL) return undefined;
  const length = Number(word(data, 68));
  return { jobId: word(data, 4), output: data.slice(100, 100 + length) };
}
