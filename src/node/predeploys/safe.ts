// Safe 1.4.1 in the genesis of `lanes node`, at the canonical addresses. Those addresses are where the
// Safe singleton factory (0x914d7Fec6aaC8cd542e72Bca78B30650d45643d7) puts each contract with CREATE2,
// salt 0, and the creation code of @safe-global/safe-contracts 1.4.1's build artifacts (checked in
// test/custody/safe.test.ts against @safe-global/safe-deployments). Rather than copying runtime code
// (two contracts embed their own address as an immutable, and the Safe singleton's constructor sets its
// threshold so it can never be set up), the genesis builder runs those very CREATE2 deployments through
// the Lanes EVM on a scratch state and takes the resulting accounts, code and storage. The factory itself
// is predeployed too (its runtime code is the deterministic-deployment proxy's), so other Safe versions
// and modules can be deployed to their canonical addresses with one transaction.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fixedForkConfig } from "../../block/chain-config.js";
import { makeEnv } from "../../evm/env.js";
import { bytesToHex, hexToBytes } from "../../primitives/hex.js";
import { InMemoryState } from "../../state/memory-state.js";
import { applyTransaction } from "../../tx/execute.js";

export const SAFE_SINGLETON_FACTORY = 0x914d7fec6aac8cd542e72bca78b30650d45643d7n;
/** Runtime code of the singleton factory: CREATE2(value, calldata[32:], salt = calldata[0:32]), returns the address. */
export const SAFE_SINGLETON_FACTORY_CODE =
  "0x7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3";

/** The 1.4.1 contracts predeployed, with their artifact paths and canonical addresses. */
export const SAFE_CONTRACTS = [
  {
    name: "Safe",
    artifact: "Safe.sol/Safe.json",
    address: "0x41675C099F32341bf84BFc5382aF534df5C7461a",
    deployment: "safe",
  },
  {
    name: "SafeL2",
    artifact: "SafeL2.sol/SafeL2.json",
    address: "0x29fcB43b46531BcA003ddC8FCB67FFE91900C762",
    deployment: "safe_l2",
  },
  {
    name: "SafeProxyFactory",
    artifact: "proxies/SafeProxyFactory.sol/SafeProxyFactory.json",
    address: "0x4e1DCf7AD4e460CfD30791CCC4F9c8a4f820ec67",
    deployment: "safe_proxy_factory",
  },
  {
    name: "CompatibilityFallbackHandler",
    artifact: "handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json",
    address: "0xfd0732Dc9E303f09fCEf3a7388Ad10A83459Ec99",
    deployment: "compatibility_fallback_handler",
  },
  {
    name: "MultiSend",
    artifact: "libraries/MultiSend.sol/MultiSend.json",
    address: "0x38869bf66a61cF6bDB996A6aE40D5853Fd43B526",
    deployment: "multi_send",
  },
  {
    name: "MultiSendCallOnly",
    artifact: "libraries/MultiSendCallOnly.sol/MultiSendCallOnly.json",
    address: "0x9641d764fc13c8B624c04430C7356C1C7C8102e2",
    deployment: "multi_send_call_only",
  },
  {
    name: "SignMessageLib",
    artifact: "libraries/SignMessageLib.sol/SignMessageLib.json",
    address: "0xd53cd0aB83D845Ac265BE939c57F53AD838012c9",
    deployment: "sign_message_lib",
  },
  {
    name: "CreateCall",
    artifact: "libraries/CreateCall.sol/CreateCall.json",
    address: "0x9b35Af71d77eaf8d7e40252370304687390A1A52",
    deployment: "create_call",
  },
  {
    name: "SimulateTxAccessor",
    artifact: "accessors/SimulateTxAccessor.sol/SimulateTxAccessor.json",
    address: "0x3d4BA2E0884aa488718476ca2FB8Efc291A46199",
    deployment: "simulate_tx_accessor",
  },
] as const;

export interface PredeployAccount {
  address: bigint;
  nonce: bigint;
  balance: bigint;
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

const require = createRequire(import.meta.url);

export function safeArtifact(path: string): { abi: unknown[]; bytecode: string; deployedBytecode: string } {
  const file = require.resolve(`@safe-global/safe-contracts/build/artifacts/contracts/${path}`);
  return JSON.parse(readFileSync(file, "utf8")) as {
    abi: unknown[];
    bytecode: string;
    deployedBytecode: string;
  };
}

let cached: PredeployAccount[] | undefined;

/** The genesis accounts: the singleton factory and every Safe 1.4.1 contract, as deployed on mainnet. */
export function safePredeploys(): PredeployAccount[] {
  if (cached !== undefined) return cached;
  const chainId = 1n;
  const rules = fixedForkConfig(chainId, "Prague").rulesAt(0n, 0n);
  const env = makeEnv(
    {
      chainId,
      number: 0n,
      timestamp: 0n,
      coinbase: 0n,
      gasLimit: 30_000_000n,
      baseFee: 0n,
      prevRandao: 0n,
      blobBaseFee: 1n,
    },
    () => 0n,
  );
  const deployer = 0x1a7e5c0de0000000000000000000000000000001n;
  const scratch = new InMemoryState();
  scratch.putAccount(SAFE_SINGLETON_FACTORY, { nonce: 1n, code: hexToBytes(SAFE_SINGLETON_FACTORY_CODE) });
  scratch.putAccount(deployer, { balance: 10n ** 18n });
  let nonce = 0n;
  for (const c of SAFE_CONTRACTS) {
    const init = hexToBytes(safeArtifact(c.artifact).bytecode);
    const data = new Uint8Array(32 + init.length);
    data.set(init, 32);
    const result = applyTransaction(
      scratch,
      {
        type: 0,
        chainId,
        nonce: nonce++,
        gasLimit: 15_000_000n,
        to: SAFE_SINGLETON_FACTORY,
        value: 0n,
        data,
        gasPrice: 0n,
        maxFeePerGas: 0n,
        maxPriorityFeePerGas: 0n,
        accessList: [],
        maxFeePerBlobGas: 0n,
        blobVersionedHashes: [],
        authorizationList: [],
        sender: deployer,
      },
      env,
      rules,
    );
    const created = bytesToHex(result.output).toLowerCase();
    if (result.status !== 1 || created !== c.address.toLowerCase()) {
      throw new Error(
        `Safe predeploy ${c.name}: CREATE2 gave ${created} (${result.error ?? "ok"}), expected ${c.address}`,
      );
    }
    scratch.applyDiff(result.diff);
  }
  const out: PredeployAccount[] = [];
  for (const address of [SAFE_SINGLETON_FACTORY, ...SAFE_CONTRACTS.map((c) => BigInt(c.address))]) {
    const a = scratch.accounts.get(address)!;
    out.push({ address, nonce: a.nonce, balance: 0n, code: a.code, storage: new Map(a.storage) });
  }
  cached = out;
  return out;
}
