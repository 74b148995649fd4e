// The one call-to-transaction builder (src/trace/call-message.ts) shared by eth_call, eth_estimateGas and
// debug_traceCall: transaction types, fee rules (geth's ToMessage and NoBaseFee), gas defaults and caps, the
// unchecked nonce, and the blob and authorization fields a call carries.
import assert from "node:assert/strict";
import { test } from "node:test";
import { FORKS } from "../../src/evm/forks.js";
import { InvalidTransactionError } from "../../src/primitives/errors.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import { type CallFrameJson, callTransaction, traceCall } from "../../src/trace/index.js";
import { applyTransaction } from "../../src/tx/execute.js";
import { asm, blockEnv } from "../evm/helpers.js";

const FROM = 0xf00dn;
const TO = 0xc0den;
const env = blockEnv({ gasLimit: 30_000_000n, baseFee: 100n, blobBaseFee: 5n });
const osaka = FORKS.Osaka;

function stateWith(nonce = 7n): InMemoryState {
  const state = new InMemoryState();
  state.putAccount(FROM, { nonce, balance: 10n ** 20n });
  return state;
}

test("types: legacy, access-list legacy, EIP-1559 by default, blob hashes type 3, authorizations type 4", () => {
  const s = stateWith();
  const type = (msg: Parameters<typeof callTransaction>[1]) => callTransaction(s, msg, env, osaka).tx.type;
  assert.equal(type({ from: FROM, to: TO }), 2);
  assert.equal(type({ from: FROM, to: TO, gasPrice: 200n }), 0);
  assert.equal(type({ from: FROM, to: TO, gasPrice: 200n, accessList: [] }), 1);
  assert.equal(type({ from: FROM, to: TO, accessList: [] }), 2);
  assert.equal(type({ from: FROM, to: TO, maxFeePerGas: 300n }), 2);
  assert.equal(type({ from: FROM, to: TO, blobVersionedHashes: [new Uint8Array(32)] }), 3);
  assert.equal(type({ from: FROM, to: TO, authorizationList: [] }), 4);
});

test("fees: no price lowers the base fee to 0; 1559 fields missing are 0; gasPrice with 1559 fields is refused", () => {
  const s = stateWith();
  const free = callTransaction(s, { from: FROM, to: TO }, env, osaka);
  assert.equal(free.env.baseFee, 0n);
  assert.equal(free.tx.maxFeePerGas, 0n);
  const priced = callTransaction(s, { from: FROM, to: TO, maxFeePerGas: 300n }, env, osaka);
  assert.equal(priced.env.baseFee, 100n, "a priced call keeps the block's base fee");
  assert.equal(priced.tx.maxPriorityFeePerGas, 0n);
  const legacy = callTransaction(s, { from: FROM, to: TO, gasPrice: 150n }, env, osaka);
  assert.equal(legacy.tx.gasPrice, 150n);
  assert.equal(legacy.tx.maxPriorityFeePerGas, 150n);
  assert.equal(legacy.env, env, "nothing to adjust: the same environment object");
  assert.throws(
    () => callTransaction(s, { from: FROM, to: TO, gasPrice: 1n, maxFeePerGas: 2n }, env, osaka),
    (e: unknown) => e instanceof InvalidTransactionError && /both gasPrice/.test(e.message),
  );
  assert.throws(
    () => callTransaction(s, { from: FROM, to: TO, chainId: 999n }, env, osaka),
    (e: unknown) => e instanceof InvalidTransactionError && e.code === "INVALID_CHAINID",
  );
  const blob = callTransaction(s, { from: FROM, to: TO, blobVersionedHashes: [] }, env, osaka);
  assert.equal(blob.env.blobBaseFee, 0n, "a blob call without a blob fee cap sees a blob base fee of 0");
});

test("gas: the block gas limit by default, within the caller's cap and the fork's; more than the block raises the env", () => {
  const s = stateWith();
  assert.equal(callTransaction(s, { to: TO }, env, FORKS.Prague).tx.gasLimit, 30_000_000n);
  assert.equal(callTransaction(s, { to: TO }, env, osaka).tx.gasLimit, 1n << 24n, "EIP-7825 cap");
  assert.equal(
    callTransaction(s, { to: TO }, env, FORKS.Prague, { gasCap: 1_000_000n }).tx.gasLimit,
    1_000_000n,
  );
  const big = callTransaction(s, { to: TO, gas: 40_000_000n }, env, FORKS.Prague, { gasCap: 50_000_000n });
  assert.equal(big.tx.gasLimit, 40_000_000n);
  assert.equal(big.env.gasLimit, 40_000_000n);
  assert.equal(
    callTransaction(s, { to: TO, gas: 50_000n }, env, osaka, { gas: 60_000n }).tx.gasLimit,
    60_000n,
  );
});

test("nonce: accepted but not checked, the call runs with the sender's state nonce", () => {
  const s = stateWith(7n);
  for (const nonce of [0n, 7n, 100n]) {
    const { tx, env: e } = callTransaction(s, { from: FROM, to: TO, nonce }, env, osaka);
    assert.equal(tx.nonce, 7n);
    assert.equal(applyTransaction(s, tx, e, osaka).status, 1);
  }
});

test("debug_traceCall carries the blob hashes and the authorization list, as eth_call does", () => {
  const s = stateWith();
  // Returns BLOBHASH(0).
  s.putAccount(TO, { code: asm("PUSH0 BLOBHASH PUSH0 MSTORE PUSH1 32 PUSH0 RETURN") });
  const hash = new Uint8Array(32);
  hash[0] = 1;
  hash[31] = 0x42;
  const msg = { from: FROM, to: TO, blobVersionedHashes: [hash] };
  const built = callTransaction(s, msg, env, osaka);
  const direct = applyTransaction(s, built.tx, built.env, osaka);
  assert.equal(direct.status, 1);
  assert.deepEqual(direct.output, hash);
  const traced = traceCall(s, msg, env, osaka, { tracer: "callTracer" }) as CallFrameJson;
  assert.equal(traced.output, `0x${Buffer.from(hash).toString("hex")}`);
  // An authorization list makes a type-4 call in both (an empty list is invalid for type 4).
  assert.throws(
    () => traceCall(s, { from: FROM, to: TO, authorizationList: [] }, env, osaka),
    (e: unknown) => e instanceof InvalidTransactionError && e.code === "TYPE_4_EMPTY_AUTHORIZATION_LIST",
  );
});
