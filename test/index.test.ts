// The package entry point exposes a working synchronous API.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyTransaction, getForkRules, InMemoryState, stateRoot } from "../src/index.js";

test("a plain transfer through the public API moves value and charges gas", () => {
  const state = new InMemoryState();
  const sender = 0xa11cen;
  const recipient = 0xb0bn;
  state.putAccount(sender, { balance: 10n ** 18n });
  const before = stateRoot(state.accounts);
  const result = applyTransaction(
    state,
    {
      type: 2,
      chainId: 1n,
      nonce: 0n,
      gasLimit: 21000n,
      to: recipient,
      value: 1000n,
      data: new Uint8Array(0),
      gasPrice: 0n,
      maxFeePerGas: 10n,
      maxPriorityFeePerGas: 1n,
      accessList: [],
      maxFeePerBlobGas: 0n,
      blobVersionedHashes: [],
      authorizationList: [],
      sender,
    },
    {
      chainId: 1n,
      number: 1n,
      timestamp: 1n,
      coinbase: 0xc0ffeen,
      gasLimit: 30_000_000n,
      baseFee: 7n,
      prevRandao: 0n,
      blobBaseFee: 1n,
      blockHash: () => 0n,
    },
    getForkRules("Prague"),
  );
  assert.equal(result.status, 1);
  assert.equal(result.gasUsed, 21000n);
  state.applyDiff(result.diff);
  assert.equal(state.getAccount(recipient)?.balance, 1000n);
  assert.equal(state.getAccount(sender)?.balance, 10n ** 18n - 1000n - 21000n * 8n);
  assert.equal(state.getAccount(sender)?.nonce, 1n);
  assert.equal(state.getAccount(0xc0ffeen)?.balance, 21000n);
  assert.notDeepEqual(stateRoot(state.accounts), before);
});
