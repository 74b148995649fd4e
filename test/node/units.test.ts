// Unit tests of the node's parts: dev accounts (anvil's), the mempool, the builder's ordering, reverse
// diffs, and the stored-record codecs.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BlockHeader } from "../../src/block/types.js";
import { getForkRules } from "../../src/evm/forks.js";
import { selectTransactions } from "../../src/node/block-builder.js";
import {
  decodeBlockEntry,
  decodeBlockRecord,
  decodeDiff,
  decodeReceiptEntry,
  decodeReceipts,
  encodeBlockRecord,
  encodeDiff,
  encodeReceipts,
} from "../../src/node/codec.js";
import { DEFAULT_MNEMONIC, devAccounts } from "../../src/node/dev-accounts.js";
import { Mempool } from "../../src/node/mempool.js";
import { RpcError } from "../../src/node/rpc-errors.js";
import { reverseDiff } from "../../src/node/state-history.js";
import { addressToHex, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { InMemoryState } from "../../src/state/memory-state.js";
import type { StateDiff } from "../../src/state/types.js";
import { stateRoot } from "../../src/trie/index.js";
import { signTransaction } from "../../src/tx/codec/signing.js";
import type { UnsignedTransaction } from "../../src/tx/codec/types.js";
import { ANVIL_ADDRESSES, ANVIL_KEYS } from "../../tools/node-client.js";

describe("dev accounts", () => {
  it("derives anvil's addresses and keys from the default mnemonic", () => {
    const accounts = devAccounts(DEFAULT_MNEMONIC, 3);
    assert.deepEqual(
      accounts.map((a) => addressToHex(a.address)),
      [...ANVIL_ADDRESSES],
    );
    assert.deepEqual(
      accounts.map((a) => bytesToHex(a.privateKey)),
      [...ANVIL_KEYS],
    );
  });

  it("derives different accounts from another mnemonic", () => {
    const [a] = devAccounts(
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
      1,
    );
    assert.notEqual(addressToHex(a!.address), ANVIL_ADDRESSES[0]);
  });
});

function tx(key: number, nonce: bigint, maxFee: bigint, tip: bigint, gasLimit = 21_000n) {
  const body: UnsignedTransaction = {
    type: 2,
    chainId: 31337n,
    nonce,
    gasLimit,
    to: 0x1234n,
    value: 1n,
    data: new Uint8Array(0),
    gasPrice: maxFee,
    maxFeePerGas: maxFee,
    maxPriorityFeePerGas: tip,
    accessList: [],
    maxFeePerBlobGas: 0n,
    blobVersionedHashes: [],
    authorizationList: [],
  };
  const signed = signTransaction(body, hexToBytes(ANVIL_KEYS[key]!));
  return { signed, hashHex: bytesToHex(signed.hash) };
}

describe("mempool", () => {
  it("needs a 10% bump of both fee caps to replace a transaction", () => {
    const pool = new Mempool();
    const a = tx(0, 0n, 100n, 10n);
    pool.add(a.signed, a.hashHex);
    const low = tx(0, 0n, 109n, 11n);
    assert.throws(
      () => pool.add(low.signed, low.hashHex),
      (e: unknown) =>
        e instanceof RpcError && e.code === -32000 && e.message === "replacement transaction underpriced",
    );
    const ok = tx(0, 0n, 110n, 11n);
    assert.equal(pool.add(ok.signed, ok.hashHex)?.hashHex, a.hashHex);
    assert.equal(pool.size, 1);
    assert.equal(pool.get(a.hashHex), undefined);
    assert.throws(() => pool.add(ok.signed, ok.hashHex), /already known/);
  });

  it("separates pending (gapless from the account nonce) from queued", () => {
    const pool = new Mempool();
    for (const n of [0n, 1n, 3n]) {
      const t = tx(0, n, 100n, 1n);
      pool.add(t.signed, t.hashHex);
    }
    const nonceOf = () => 0n;
    assert.deepEqual(pool.counts(nonceOf), { pending: 2, queued: 1 });
    assert.deepEqual(
      pool.counts(() => 1n),
      { pending: 1, queued: 2 },
    );
    pool.prune(() => 1n);
    assert.equal(pool.size, 2);
  });

  it("admits against the head: balance, nonce, EOA or EIP-7702 delegated sender, impersonated contracts", () => {
    const rules = getForkRules("Prague");
    const sender = BigInt(ANVIL_ADDRESSES[0]);
    const state = new InMemoryState();
    state.putAccount(sender, { balance: 21_000n * 100n + 1n });
    let impersonated = false;
    const view = {
      chainId: 31337n,
      rules,
      gasLimit: 30_000_000n,
      state,
      isMined: () => false,
      mayHaveCode: () => impersonated,
    };
    const reason = (f: () => unknown) => {
      try {
        f();
        return "admitted";
      } catch (e) {
        return (e as Error).message;
      }
    };
    const pool = new Mempool();
    assert.equal(
      reason(() => pool.admit(tx(0, 0n, 101n, 1n).signed, view)),
      "insufficient funds for gas * price + value",
    );
    assert.equal(
      reason(() => pool.admit(tx(0, 0n, 100n, 1n).signed, view)),
      "admitted",
    );
    state.putAccount(sender, { nonce: 5n, balance: 10n ** 18n });
    assert.equal(
      reason(() => pool.admit(tx(0, 4n, 100n, 1n).signed, view)),
      "nonce too low",
    );
    // A delegation designator (0xef0100 || address) is allowed; any other code is not, unless impersonated.
    const designator = hexToBytes(`0xef0100${"11".repeat(20)}`);
    state.putAccount(sender, { nonce: 5n, balance: 10n ** 18n, code: designator });
    assert.equal(
      reason(() => pool.admit(tx(0, 5n, 100n, 1n).signed, view)),
      "admitted",
    );
    state.putAccount(sender, { nonce: 5n, balance: 10n ** 18n, code: hexToBytes("0x6000") });
    assert.equal(
      reason(() => pool.admit(tx(0, 6n, 100n, 1n).signed, view)),
      "sender not an eoa",
    );
    impersonated = true;
    assert.equal(
      reason(() => pool.admit(tx(0, 6n, 100n, 1n).signed, view)),
      "admitted",
    );
  });
});

describe("block builder", () => {
  const rules = getForkRules("Prague");

  it("orders by effective tip across senders, keeping each sender's nonce order", () => {
    const pool = new Mempool();
    const a0 = tx(0, 0n, 1000n, 1n);
    const a1 = tx(0, 1n, 1000n, 50n);
    const b0 = tx(1, 0n, 1000n, 20n);
    for (const t of [a0, a1, b0]) pool.add(t.signed, t.hashHex);
    const chosen = selectTransactions(
      pool.pending(() => 0n),
      100n,
      1_000_000n,
      rules,
    );
    assert.deepEqual(
      chosen.map((c) => c.hashHex),
      [b0.hashHex, a0.hashHex, a1.hashHex],
    );
  });

  it("caps the tip at maxFee - baseFee and skips transactions below the base fee", () => {
    const pool = new Mempool();
    const capped = tx(0, 0n, 105n, 100n); // effective tip 5
    const under = tx(1, 0n, 99n, 1n); // below base fee 100
    const normal = tx(2, 0n, 1000n, 10n);
    for (const t of [capped, under, normal]) pool.add(t.signed, t.hashHex);
    const chosen = selectTransactions(
      pool.pending(() => 0n),
      100n,
      1_000_000n,
      rules,
    );
    assert.deepEqual(
      chosen.map((c) => c.hashHex),
      [normal.hashHex, capped.hashHex],
    );
  });

  it("fills up to the gas limit and no further", () => {
    const pool = new Mempool();
    const big = tx(0, 0n, 1000n, 30n, 600_000n);
    const small1 = tx(1, 0n, 1000n, 20n, 300_000n);
    const small2 = tx(2, 0n, 1000n, 10n, 300_000n);
    for (const t of [big, small1, small2]) pool.add(t.signed, t.hashHex);
    const chosen = selectTransactions(
      pool.pending(() => 0n),
      100n,
      1_000_000n,
      rules,
    );
    assert.deepEqual(
      chosen.map((c) => c.hashHex),
      [big.hashHex, small1.hashHex],
    );
  });
});

describe("reverse diffs", () => {
  it("undo a diff that creates, updates, clears and deletes accounts", () => {
    const pre = new InMemoryState();
    pre.putAccount(1n, {
      balance: 5n,
      storage: new Map([
        [1n, 10n],
        [2n, 20n],
      ]),
    });
    pre.putAccount(2n, { balance: 7n, code: new Uint8Array([0x60, 0x00]), storage: new Map([[9n, 9n]]) });
    pre.putAccount(3n, { nonce: 4n });
    const rootBefore = stateRoot(pre.accounts);
    const code = new Uint8Array([0x00]);
    const diff: StateDiff = new Map([
      [
        1n,
        {
          account: { nonce: 1n, balance: 6n, codeHash: pre.accounts.get(1n)!.codeHash },
          storageCleared: false,
          storage: new Map([
            [1n, 0n],
            [3n, 30n],
          ]),
        },
      ],
      [
        2n,
        {
          account: { nonce: 0n, balance: 0n, codeHash: keccak256(code) },
          code,
          storageCleared: true,
          storage: new Map([[5n, 5n]]),
        },
      ],
      [3n, { account: undefined, storageCleared: true, storage: new Map() }],
      [
        4n,
        {
          account: { nonce: 1n, balance: 1n, codeHash: pre.accounts.get(3n)!.codeHash },
          storageCleared: false,
          storage: new Map([[1n, 1n]]),
        },
      ],
    ]);
    const reverse = reverseDiff(pre, diff);
    const post = pre.clone();
    post.applyDiff(diff);
    assert.notDeepEqual(stateRoot(post.accounts), rootBefore);
    // Round trip through the stored encoding too.
    post.applyDiff(decodeDiff(encodeDiff(reverse)));
    assert.deepEqual(stateRoot(post.accounts), rootBefore);
    assert.deepEqual(post.getCode(2n), new Uint8Array([0x60, 0x00]));
    assert.equal(post.getStorage(2n, 5n), 0n);
    assert.equal(post.getStorage(2n, 9n), 9n);
    assert.equal(post.getAccount(4n), undefined);
  });
});

describe("stored receipts", () => {
  it("round-trip through their encoding", () => {
    const receipts = [
      {
        type: 2,
        status: 1 as const,
        cumulativeGasUsed: 50_000n,
        gasUsed: 50_000n,
        logs: [{ address: 0xabcn, topics: [1n, (1n << 255n) + 7n], data: new Uint8Array([1, 2, 3]) }],
        logsBloom: new Uint8Array(256).fill(1),
        contractAddress: 0xdeadn,
        effectiveGasPrice: 7n,
        blobGasUsed: 0n,
        blobGasPrice: 1n,
      },
      {
        type: 0,
        status: 0 as const,
        cumulativeGasUsed: 71_000n,
        gasUsed: 21_000n,
        logs: [],
        logsBloom: new Uint8Array(256),
        effectiveGasPrice: 9n,
        blobGasUsed: 0n,
        blobGasPrice: 1n,
      },
    ];
    assert.deepEqual(decodeReceipts(encodeReceipts(receipts)), receipts);
  });

  it("decode one entry alone as the whole records decode it (eth_getTransactionReceipt)", () => {
    // 300 receipts with 0..3 logs each (data of up to 70 bytes: short and long RLP strings), and a block
    // record of 300 transactions of growing size (short and long lists).
    const receipts = Array.from({ length: 300 }, (_, i) => ({
      type: i % 3,
      status: (i % 2) as 0 | 1,
      cumulativeGasUsed: BigInt(21_000 * (i + 1)),
      gasUsed: 21_000n,
      logs: Array.from({ length: i % 4 }, (_, k) => ({
        address: BigInt(i * 10 + k),
        topics: [BigInt(k)],
        data: new Uint8Array((i * 7 + k) % 71).fill(k + 1),
      })),
      logsBloom: new Uint8Array(256).fill(i % 256),
      effectiveGasPrice: BigInt(i),
      blobGasUsed: 0n,
      blobGasPrice: 1n,
    }));
    const data = encodeReceipts(receipts);
    const all = decodeReceipts(data);
    let firstLogIndex = 0;
    for (let i = 0; i < receipts.length; i++) {
      assert.deepEqual(decodeReceiptEntry(data, i), { receipt: all[i], firstLogIndex });
      firstLogIndex += all[i]!.logs.length;
    }
    assert.equal(decodeReceiptEntry(data, 300), undefined);
    assert.equal(decodeReceiptEntry(encodeReceipts([]), 0), undefined);

    const headerRlp = new Uint8Array(600).fill(0xaa);
    const raws = receipts.map((_, i) => new Uint8Array(1 + i).fill(i % 251));
    const hashes = receipts.map((_, i) => keccak256(new Uint8Array([i & 0xff, i >> 8])));
    const senders = receipts.map((_, i) => BigInt(i + 1) << 100n);
    const record = encodeBlockRecord(headerRlp, raws, hashes, senders);
    const fakeHeader = (rlp: Uint8Array) => ({ rlpLength: rlp.length }) as unknown as BlockHeader;
    const full = decodeBlockRecord(record, fakeHeader, keccak256);
    for (let i = 0; i < raws.length; i++) {
      const e = decodeBlockEntry(record, i, fakeHeader, keccak256)!;
      assert.deepEqual(e.header, full.header);
      assert.deepEqual(e.hash, full.hash);
      assert.deepEqual(e.rawTransaction, full.rawTransactions[i]);
      assert.deepEqual(e.txHash, full.txHashes[i]);
      assert.equal(e.sender, full.senders[i]);
    }
    assert.equal(decodeBlockEntry(record, raws.length, fakeHeader, keccak256), undefined);
  });
});
