// Co-processors in `lanes node` (docs/coprocessors.md): the chain config with the built-in co-processors
// (on unless NodeOptions.coprocessors is false), the genesis predeploy of the async job queue at 0x0c10
// with its operator (the node's system account, derived from the mnemonic on its own path and funded), and
// the job service fed with every mined block, whose results return through the operator's transactions.
import { fixedForkConfig } from "../block/chain-config.js";
import { type ChainSpec, chainConfigFromSpec } from "../block/genesis-config.js";
import type { ChainConfig } from "../block/types.js";
import { JOB_QUEUE_ADDRESS } from "../coprocessors/addresses.js";
import { runtimeCode } from "../coprocessors/artifacts.js";
import { withCoprocessors } from "../coprocessors/builtins.js";
import { mlpInferenceCoprocessor } from "../coprocessors/jobs/mlp-inference.js";
import { JobService } from "../coprocessors/jobs/service.js";
import type { AsyncCoprocessor, JobBackend } from "../coprocessors/jobs/types.js";
import { WorkerThreadBackend } from "../coprocessors/jobs/worker-backend.js";
import { privateKeyToAddress } from "../primitives/secp256k1.js";
import type { InMemoryState } from "../state/memory-state.js";
import { signTransaction } from "../tx/codec/signing.js";
import { type DevAccount, derivePrivateKey, mnemonicToSeed } from "./dev-accounts.js";
import type { LanesNode } from "./devnode.js";

/** Where the system account's key comes from: the mnemonic's change branch, not a dev account's path. */
export const OPERATOR_PATH = "m/44'/60'/0'/1/0";
/** The system account's genesis balance (it pays the gas of the result transactions). */
export const OPERATOR_BALANCE = 1_000_000n * 10n ** 18n;
/** Gas of a system transaction: the callback's gas (at most 5,000,000) plus the queue's own work. */
const SYSTEM_TX_GAS = 6_000_000n;

export interface NodeJobsOptions {
  /** Where jobs run (default: a worker thread). */
  backend?: JobBackend;
  /** Re-executes every result before it is submitted (default: a second worker thread). */
  verifier?: JobBackend;
  /** The async co-processors (default: MLP inference, id 1). */
  coprocessors?: AsyncCoprocessor[];
}

export function coprocessorsEnabled(options: { coprocessors?: boolean }): boolean {
  return options.coprocessors !== false;
}

/** What a node's chain config is made of; plain data, so it travels to the executor and trace threads. */
export interface NodeChainOptions {
  chainId: bigint;
  fork: string;
  coprocessors?: boolean;
  wasm?: boolean;
  /** A geth genesis' fork schedule (`--genesis`): replaces the single `fork`. */
  spec?: ChainSpec | undefined;
  /** Bytes (ForkRules.maxCodeSize); EIP-170's when absent. */
  codeSizeLimit?: number;
  /** EIP-3607 off (ForkRules.allowSendersWithCode), for contract impersonation. */
  contractSenders?: boolean;
  /** Balances past 2^256-1 handled as revm does (ForkRules.overflowPaymentHalts). */
  overflowPayments?: boolean;
}

/**
 * Only the chain fields of `o` (a NodeOptions also holds callbacks, which cannot cross threads); the fork
 * schedule comes from `o.spec`, or from a node's `--genesis` file.
 */
export function chainOptionsOf(
  o: NodeChainOptions & { genesis?: { spec: ChainSpec } | undefined },
): NodeChainOptions {
  const out: NodeChainOptions = {
    chainId: o.chainId,
    fork: o.fork,
    coprocessors: coprocessorsEnabled(o),
    wasm: o.wasm !== false,
    contractSenders: o.contractSenders === true,
    overflowPayments: o.overflowPayments === true,
  };
  const spec = o.spec ?? o.genesis?.spec;
  if (spec !== undefined) out.spec = spec;
  if (o.codeSizeLimit !== undefined) out.codeSizeLimit = o.codeSizeLimit;
  return out;
}

export function nodeChainConfig(options: NodeChainOptions): ChainConfig {
  const rules = {
    wasm: options.wasm !== false,
    ...(options.codeSizeLimit === undefined ? {} : { maxCodeSize: options.codeSizeLimit }),
    allowSendersWithCode: options.contractSenders === true,
    overflowPaymentHalts: options.overflowPayments === true,
  };
  const base =
    options.spec === undefined
      ? fixedForkConfig(options.chainId, options.fork, rules)
      : chainConfigFromSpec(options.spec, rules);
  return coprocessorsEnabled(options) ? withCoprocessors(base) : base;
}

export function coprocessorOperator(mnemonic: string): DevAccount {
  const privateKey = derivePrivateKey(mnemonicToSeed(mnemonic), OPERATOR_PATH);
  return { privateKey, address: privateKeyToAddress(privateKey) };
}

/** The job queue predeploy (slot 0: its operator) and the funded operator, in a genesis state. */
export function addCoprocessorGenesis(state: InMemoryState, mnemonic: string): void {
  const operator = coprocessorOperator(mnemonic).address;
  state.putAccount(JOB_QUEUE_ADDRESS, {
    nonce: 1n,
    code: runtimeCode("CoprocessorJobs"),
    storage: new Map([[0n, operator]]),
  });
  if (state.getAccount(operator) === undefined) state.putAccount(operator, { balance: OPERATOR_BALANCE });
}

/** The job service of a node: fed with each mined block, answering through the operator's transactions. */
export class NodeJobs {
  readonly service: JobService;
  readonly operator: DevAccount;

  constructor(
    private readonly node: LanesNode,
    options: NodeJobsOptions = {},
  ) {
    this.operator = coprocessorOperator(node.options.mnemonic);
    this.service = new JobService(
      {
        code: (a) => node.state.getCode(a),
        headNumber: () => node.head.header.number,
        submitSystemCall: (data) => this.submit(data),
        log: node.options.log,
      },
      {
        coprocessors: options.coprocessors ?? [mlpInferenceCoprocessor()],
        backend: options.backend ?? new WorkerThreadBackend(),
        verifier: options.verifier ?? new WorkerThreadBackend(),
      },
    );
    // After a restart: the jobs posted so far, from the queue's logs (the log index finds their blocks).
    const head = node.head.header.number;
    const store = node.store;
    const queueBlocks = store.blocksWithLogsFrom(JOB_QUEUE_ADDRESS, 0n, head);
    this.service.recover(
      (function* () {
        for (const n of queueBlocks) yield { number: n, logs: store.receiptsOf(n).flatMap((r) => r.logs) };
      })(),
      head,
    );
    node.on("block", (mined) => {
      this.service.onBlock(
        mined.block.header.number,
        mined.receipts.flatMap((r) => r.logs),
      );
    });
  }

  private async submit(data: Uint8Array): Promise<void> {
    const node = this.node;
    const tip = 1_000_000_000n;
    const signed = signTransaction(
      {
        type: 2,
        chainId: node.options.chainId,
        nonce: node.pendingNonce(this.operator.address),
        gasLimit: SYSTEM_TX_GAS < node.options.gasLimit ? SYSTEM_TX_GAS : node.options.gasLimit,
        to: JOB_QUEUE_ADDRESS,
        value: 0n,
        data,
        gasPrice: 0n,
        maxFeePerGas: node.nextBaseFee() * 2n + tip,
        maxPriorityFeePerGas: tip,
        accessList: [],
        maxFeePerBlobGas: 0n,
        blobVersionedHashes: [],
        authorizationList: [],
      },
      this.operator.privateKey,
    );
    await node.submit(signed);
  }

  close(): Promise<void> {
    return this.service.close();
  }
}
