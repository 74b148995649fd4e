// The atomic cross-shard call precompile at 0x…C5C5, a contextual precompile (src/evm's seam: it gets the
// call's message and the host). Its ABI:
//   call(uint64 shardId, address to, bytes data) payable returns (bytes)   the interface
//   shardId() returns (uint64), shardCount() returns (uint64)             Lanes extensions (views)
//   deliver(bytes ops), serve(uint256 session)                            system: the shard operator only
// `call` hands a CallRequest to the port (port.ts) and returns the callee's output ABI-encoded as bytes, or
// reverts with the callee's revert data and gas left. Calls that other shards make into this one arrive
// through the port's inbound handler and run as a message from the caller's alias, inside a wrapper call
// of the precompile to itself, so that everything one inbound call does (the value it brings included)
// is rolled back together when it fails. Value crosses shards by leaving through the reserve here and
// arriving from the reserve there. The rules are in docs/shards.md.
import { delegationTarget } from "../evm/delegation.js";
import type { Host } from "../evm/host.js";
import { CallKind, type CallResult, type Message } from "../evm/message.js";
import type { ContextualPrecompile } from "../evm/precompiles/types.js";
import { bytesToBigInt } from "../primitives/hex.js";
import { keccak256Word } from "../primitives/keccak.js";
import { AbiError, decodeTuple, encodeCall, encodeTuple, selector } from "./abi.js";
import {
  aliasOf,
  CROSS_SHARD_ADDRESS,
  L1_SHARD_ID,
  MESSENGER_ADDRESS,
  MESSENGER_RECEIVED_SLOT,
  RESERVE_ADDRESS,
  TOKEN_BRIDGE_ADDRESS,
} from "./addresses.js";
import { type CrossShardPort, SIMULATION_PORT } from "./port.js";
import {
  DEPOSIT_ERC20,
  DEPOSIT_ETH,
  type Deposit,
  decodeSystemOps,
  depositId,
  messageId,
  type ShardMessage,
  SystemOpError,
} from "./system-ops.js";
import type { CallOutcome, CallRequest, SessionKey } from "./transcript.js";

/** Gas of a cross-shard call before the callee runs, plus CROSS_SHARD_WORD_GAS per 32-byte word of data. */
export const CROSS_SHARD_CALL_GAS = 10_000;
export const CROSS_SHARD_WORD_GAS = 3;
/** Gas of the views (shardId, shardCount). */
export const VIEW_GAS = 100;
/** Gas of a failed call with malformed input. */
export const BAD_INPUT_GAS = 100;
/** Gas an ETH deposit's recipient may use (a contract's receive function). */
export const DEPOSIT_CALL_GAS = 100_000;
/** Gas an ERC-20 deposit may use (the first one of a token deploys its canonical token). */
export const BRIDGE_CALL_GAS = 3_000_000;
/** Gas a delivered message (from a shard or the L1) may use. */
export const MESSAGE_CALL_GAS = 1_000_000;

const SEL_CALL = selector("call(uint64,address,bytes)");
const SEL_SHARD_ID = selector("shardId()");
const SEL_SHARD_COUNT = selector("shardCount()");
const SEL_DELIVER = selector("deliver(bytes)");
const SEL_SERVE = selector("serve(uint256)");
/** The inbound wrapper's input: the precompile calling itself (no account can send from 0x…C5C5). */
const INBOUND_MARKER = selector("inbound()");

const DELIVERED_TOPIC = keccak256Word(new TextEncoder().encode("Delivered(bytes32,bool)"));
const EMPTY = new Uint8Array(0);

export interface CrossShardConfig {
  shardId: number;
  shardCount: number;
  /** The shard operator: the only sender of deliver and serve transactions. */
  operator: bigint;
}

function sameSelector(input: Uint8Array, sel: Uint8Array): boolean {
  return input[0] === sel[0] && input[1] === sel[1] && input[2] === sel[2] && input[3] === sel[3];
}

function customError(signature: string, types: string[] = [], values: bigint[] = []): Uint8Array {
  const args = encodeTuple(types, values);
  const out = new Uint8Array(4 + args.length);
  out.set(selector(signature));
  out.set(args, 4);
  return out;
}

function revert(gasLeft: number, output: Uint8Array): CallResult {
  return { success: false, gasLeft: gasLeft > 0 ? gasLeft : 0, output, error: "revert" };
}

function outOfGas(): CallResult {
  return { success: false, gasLeft: 0, output: EMPTY, error: "out of gas" };
}

function message(fields: Omit<Message, "codeAddress" | "delegated"> & { codeAddress?: bigint }): Message {
  return { codeAddress: fields.to, delegated: false, ...fields };
}

export class CrossShardPrecompile implements ContextualPrecompile {
  readonly name = "cross-shard";
  /** Where outbound calls go; set by whoever executes blocks (live, replay, escape or simulation). */
  port: CrossShardPort = SIMULATION_PORT;
  /** Requests of the inbound calls being run, innermost last (read by the wrapper call). */
  private readonly inbound: CallRequest[] = [];
  /** Transactions (their EVM hosts) that have made a cross-shard call or serve a session already. */
  private sessionHosts = new WeakSet<Host>();

  constructor(readonly config: CrossShardConfig) {}

  /** Forget which transactions made calls (a new block's execution). */
  reset(port: CrossShardPort): void {
    this.port = port;
    this.sessionHosts = new WeakSet<Host>();
    this.inbound.length = 0;
  }

  run(host: Host, msg: Message): CallResult {
    const input = msg.input;
    if (
      msg.caller === CROSS_SHARD_ADDRESS &&
      sameSelector(input, INBOUND_MARKER) &&
      this.inbound.length > 0
    ) {
      return this.runInbound(host, msg, this.inbound[this.inbound.length - 1]!);
    }
    if (input.length < 4) return revert(msg.gas - BAD_INPUT_GAS, customError("CrossShardBadInput()"));
    if (sameSelector(input, SEL_SHARD_ID) || sameSelector(input, SEL_SHARD_COUNT)) {
      if (msg.gas < VIEW_GAS) return outOfGas();
      const value = sameSelector(input, SEL_SHARD_ID) ? this.config.shardId : this.config.shardCount;
      return { success: true, gasLeft: msg.gas - VIEW_GAS, output: encodeTuple(["uint64"], [BigInt(value)]) };
    }
    if (sameSelector(input, SEL_CALL)) return this.outbound(host, msg);
    if (sameSelector(input, SEL_DELIVER) || sameSelector(input, SEL_SERVE)) {
      if (msg.caller !== this.config.operator || msg.depth !== 0 || msg.kind !== CallKind.Call) {
        return revert(msg.gas - BAD_INPUT_GAS, customError("CrossShardOnlySystem()"));
      }
      return sameSelector(input, SEL_DELIVER) ? this.deliver(host, msg) : this.serve(host, msg);
    }
    return revert(msg.gas - BAD_INPUT_GAS, customError("CrossShardBadInput()"));
  }

  // ----- calls out of this shard -----

  private outbound(host: Host, msg: Message): CallResult {
    if (msg.kind !== CallKind.Call && msg.kind !== CallKind.StaticCall) {
      // DELEGATECALL/CALLCODE: the caller's context is not an account the call could be made from.
      return revert(msg.gas - BAD_INPUT_GAS, customError("CrossShardNotDirectCall()"));
    }
    const cost = CROSS_SHARD_CALL_GAS + CROSS_SHARD_WORD_GAS * Math.ceil((msg.input.length - 4) / 32);
    if (msg.gas < cost) return outOfGas();
    let shard: bigint;
    let to: bigint;
    let data: Uint8Array;
    try {
      [shard, to, data] = decodeTuple(["uint64", "address", "bytes"], msg.input.subarray(4)) as [
        bigint,
        bigint,
        Uint8Array,
      ];
    } catch (e) {
      if (e instanceof AbiError) return revert(msg.gas - cost, customError("CrossShardBadInput()"));
      throw e;
    }
    const here = this.config.shardId;
    if (shard === BigInt(here))
      return revert(msg.gas - cost, customError("CrossShardSameShard(uint64)", ["uint64"], [shard]));
    if (shard >= BigInt(this.config.shardCount)) {
      return revert(msg.gas - cost, customError("CrossShardUnknownShard(uint64)", ["uint64"], [shard]));
    }
    const value = msg.kind === CallKind.Call ? msg.value : 0n;
    const request: CallRequest = {
      from: here,
      to: Number(shard),
      caller: msg.caller,
      target: to,
      value,
      data,
      gas: msg.gas - cost,
      isStatic: msg.isStatic,
      depth: msg.depth + 1,
    };
    let key: SessionKey | undefined;
    if (!this.sessionHosts.has(host)) {
      this.sessionHosts.add(host);
      const sender = host.tx.origin;
      key = { sender, nonce: host.getNonce(sender) };
    }
    const outcome = this.port.call(request, key, (r) => this.runInboundCall(host, r));
    if (!(outcome.gasLeft >= 0 && outcome.gasLeft <= request.gas)) {
      throw new Error("cross-shard call: the callee returned more gas than it was given");
    }
    if (!outcome.success) {
      return {
        success: false,
        gasLeft: outcome.gasLeft,
        output: outcome.output,
        error: outcome.error ?? "revert",
      };
    }
    if (value > 0n) {
      // The value left this shard: into the reserve (it was paid out of the reserve on the callee's shard).
      const burnt = host.call(
        message({
          kind: CallKind.Call,
          caller: CROSS_SHARD_ADDRESS,
          to: RESERVE_ADDRESS,
          value,
          transfersValue: true,
          input: EMPTY,
          gas: 0,
          isStatic: false,
          depth: msg.depth + 1,
        }),
      );
      if (!burnt.success) throw new Error("cross-shard call: paying the value into the reserve failed");
    }
    return { success: true, gasLeft: outcome.gasLeft, output: encodeTuple(["bytes"], [outcome.output]) };
  }

  // ----- calls into this shard -----

  /** Runs `request` here through the wrapper (a call of the precompile to itself), to completion. */
  private runInboundCall(host: Host, request: CallRequest): CallOutcome {
    this.inbound.push(request);
    let r: CallResult;
    try {
      r = host.call(
        message({
          kind: request.isStatic ? CallKind.StaticCall : CallKind.Call,
          caller: CROSS_SHARD_ADDRESS,
          to: CROSS_SHARD_ADDRESS,
          value: 0n,
          transfersValue: false,
          input: INBOUND_MARKER,
          gas: request.gas,
          isStatic: request.isStatic,
          depth: request.depth,
        }),
      );
    } finally {
      this.inbound.pop();
    }
    const outcome: CallOutcome = { success: r.success, output: r.output, gasLeft: r.gasLeft };
    if (r.error !== undefined) outcome.error = r.error;
    return outcome;
  }

  /** The wrapper: pays the value to the caller's alias from the reserve, then calls the target from it. */
  private runInbound(host: Host, msg: Message, request: CallRequest): CallResult {
    const alias = aliasOf(BigInt(request.from), request.caller);
    if (request.value > 0n) {
      const paid = host.call(
        message({
          kind: CallKind.Call,
          caller: RESERVE_ADDRESS,
          to: alias,
          value: request.value,
          transfersValue: true,
          input: EMPTY,
          gas: 0,
          isStatic: false,
          depth: msg.depth,
        }),
      );
      if (!paid.success) return { success: false, gasLeft: 0, output: EMPTY, error: "cross-shard value" };
    }
    const target = request.target;
    host.warmAddress(target);
    const delegate = host.rules.eip7702 ? delegationTarget(host.getCode(target)) : undefined;
    if (delegate !== undefined) host.warmAddress(delegate);
    return host.call({
      kind: msg.isStatic ? CallKind.StaticCall : CallKind.Call,
      caller: alias,
      to: target,
      codeAddress: delegate ?? target,
      delegated: delegate !== undefined,
      value: request.value,
      transfersValue: !msg.isStatic,
      input: request.data,
      gas: msg.gas,
      isStatic: msg.isStatic,
      depth: msg.depth,
    });
  }

  /** The serve system call: this transaction hosts the calls session `index` makes to this shard. */
  private serve(host: Host, msg: Message): CallResult {
    let index: bigint;
    try {
      [index] = decodeTuple(["uint256"], msg.input.subarray(4)) as [bigint];
    } catch {
      throw new SystemOpError("serve: malformed session index");
    }
    if (index > BigInt(Number.MAX_SAFE_INTEGER)) throw new SystemOpError("serve: session index out of range");
    this.sessionHosts.add(host);
    const status = this.port.serve(Number(index), (r) => this.runInboundCall(host, r));
    // A session whose origin transaction failed leaves nothing here: failing rolls it all back.
    if (status === 0)
      return { success: false, gasLeft: msg.gas, output: EMPTY, error: "cross-shard session reverted" };
    return { success: true, gasLeft: msg.gas, output: EMPTY };
  }

  // ----- deposits and messages -----

  /**
   * The deliver system call: deposits from the L1 and messages from other shards, each marked received in
   * the messenger (a second delivery of one id makes the block invalid), each run from the right caller.
   * The calls' gas is not the system transaction's: each has its fixed allowance.
   */
  private deliver(host: Host, msg: Message): CallResult {
    let payload: Uint8Array;
    try {
      [payload] = decodeTuple(["bytes"], msg.input.subarray(4)) as [Uint8Array];
    } catch {
      throw new SystemOpError("deliver: malformed input");
    }
    for (const op of decodeSystemOps(payload)) {
      if (op.type === "deposit") this.deliverDeposit(host, op.deposit);
      else this.deliverMessage(host, op.message);
    }
    return { success: true, gasLeft: msg.gas, output: EMPTY };
  }

  private markReceived(host: Host, id: Uint8Array): void {
    const slot = keccak256Word(encodeTuple(["bytes32", "uint256"], [id, MESSENGER_RECEIVED_SLOT]));
    if (host.getStorage(MESSENGER_ADDRESS, slot) !== 0n) {
      throw new SystemOpError(`message ${bytesToBigInt(id).toString(16)} was delivered already`);
    }
    host.setStorage(MESSENGER_ADDRESS, slot, 1n);
  }

  private delivered(host: Host, id: Uint8Array, success: boolean): void {
    host.emitLog({
      address: MESSENGER_ADDRESS,
      topics: [DELIVERED_TOPIC, bytesToBigInt(id)],
      data: encodeTuple(["bool"], [success]),
    });
  }

  private systemCall(host: Host, caller: bigint, to: bigint, value: bigint, input: Uint8Array, gas: number) {
    return host.call(
      message({
        kind: CallKind.Call,
        caller,
        to,
        value,
        transfersValue: true,
        input,
        gas,
        isStatic: false,
        depth: 1,
      }),
    );
  }

  private deliverDeposit(host: Host, d: Deposit): void {
    if (d.shard !== this.config.shardId)
      throw new SystemOpError(`deposit ${d.nonce} is for shard ${d.shard}`);
    const id = depositId(d);
    this.markReceived(host, id);
    let ok: boolean;
    if (d.kind === DEPOSIT_ETH) {
      ok = this.systemCall(host, RESERVE_ADDRESS, d.to, d.amount, EMPTY, DEPOSIT_CALL_GAS).success;
      // A recipient that refuses ETH: the deposit goes to the depositor's alias instead (never lost).
      if (!ok) this.systemCall(host, RESERVE_ADDRESS, aliasOf(L1_SHARD_ID, d.from), d.amount, EMPTY, 0);
    } else if (d.kind === DEPOSIT_ERC20) {
      const input = encodeCall("finalizeDeposit(address,address,uint256)", [d.token, d.to, d.amount]);
      ok = this.systemCall(
        host,
        CROSS_SHARD_ADDRESS,
        TOKEN_BRIDGE_ADDRESS,
        0n,
        input,
        BRIDGE_CALL_GAS,
      ).success;
    } else {
      ok = this.systemCall(host, aliasOf(L1_SHARD_ID, d.from), d.to, 0n, d.data, MESSAGE_CALL_GAS).success;
    }
    this.delivered(host, id, ok);
  }

  private deliverMessage(host: Host, m: ShardMessage): void {
    if (m.toShard !== BigInt(this.config.shardId)) {
      throw new SystemOpError(`message ${m.nonce} from shard ${m.fromShard} is for shard ${m.toShard}`);
    }
    if (m.value !== 0n) throw new SystemOpError("messages between shards carry no value");
    const id = messageId(m);
    this.markReceived(host, id);
    const ok = this.systemCall(
      host,
      aliasOf(BigInt(m.fromShard), m.sender),
      m.target,
      0n,
      m.data,
      MESSAGE_CALL_GAS,
    ).success;
    this.delivered(host, id, ok);
  }
}
