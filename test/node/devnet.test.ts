// Devnet parity (issue 22): calls and estimates on "pending" run in the next block's context (number and
// timestamp, including evm_setNextBlockTimestamp), the mining and time controls, account and block edits in
// both anvil_ and hardhat_ names, the signing methods, contract impersonation, EIP-170 by default, a
// client version Hardhat's helpers accept, plain JSON numbers as block numbers, and evm_revert undoing
// account edits.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type Hex, verifyMessage, verifyTypedData } from "viem";
import { bytesToHex } from "../../src/primitives/hex.js";
import { deploy, deployment } from "../../tools/heavy-code.js";
import { ANVIL_ADDRESSES, call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";
import { asm } from "../evm/helpers.js";

const [A, B] = ANVIL_ADDRESSES as unknown as [Hex, Hex];

type Block = {
  number: string;
  timestamp: string;
  miner: string;
  baseFeePerGas: string;
  gasLimit: string;
  mixHash: string;
};

describe("devnet parity", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let url: string;
  let clock: string;

  const latest = async () => (await call(url, "eth_getBlockByNumber", ["latest", false])) as Block;

  before(async () => {
    running = await startTestNode(dir.path);
    url = running.url;
    // Returns (TIMESTAMP, NUMBER).
    clock = await deploy(url, A, asm("TIMESTAMP PUSH0 MSTORE NUMBER PUSH1 32 MSTORE PUSH1 64 PUSH0 RETURN"));
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("runs eth_call and eth_estimateGas on 'pending' (and a default estimate) in the next block's context", async () => {
    const next = BigInt((await latest()).timestamp) + 1000n;
    // Code that reverts unless it runs at that timestamp.
    const gate = await deploy(
      url,
      A,
      asm(
        `TIMESTAMP PUSH8 ${next} EQ PUSH1 @ok JUMPI PUSH0 PUSH0 REVERT ok: JUMPDEST PUSH1 1 PUSH0 SSTORE STOP`,
      ),
    );
    const head = await latest();
    await call(url, "evm_setNextBlockTimestamp", [`0x${next.toString(16)}`]);
    const out = (await call(url, "eth_call", [{ to: clock }, "pending"])) as string;
    assert.equal(BigInt(`0x${out.slice(2, 66)}`), next);
    assert.equal(BigInt(`0x${out.slice(66)}`), BigInt(head.number) + 1n);
    const now = (await call(url, "eth_call", [{ to: clock }, "latest"])) as string;
    assert.equal(BigInt(`0x${now.slice(2, 66)}`), BigInt(head.timestamp));
    const estimate = (await call(url, "eth_estimateGas", [{ from: A, to: gate }])) as string;
    assert.ok(BigInt(estimate) > 21_000n);
    assert.equal(
      ((await rpc(url, "eth_estimateGas", [{ from: A, to: gate }, "latest"])) as { error?: { code: number } })
        .error?.code,
      3,
    );
    // eth_sendTransaction without gas estimates on the pending block, and the transaction succeeds in it.
    const hash = await call(url, "eth_sendTransaction", [{ from: A, to: gate }]);
    const receipt = (await call(url, "eth_getTransactionReceipt", [hash])) as {
      status: string;
      blockNumber: string;
    };
    assert.equal(receipt.status, "0x1");
    assert.equal(BigInt((await latest()).timestamp), next);
  });

  it("mines and moves time: hardhat_mine with an interval, evm_increaseTime, automine off and on, dropTransaction", async () => {
    const start = await latest();
    await call(url, "hardhat_mine", ["0x3", "0xa"]);
    const third = await latest();
    assert.equal(BigInt(third.number), BigInt(start.number) + 3n);
    const second = (await call(url, "eth_getBlockByNumber", [
      `0x${(BigInt(third.number) - 1n).toString(16)}`,
      false,
    ])) as Block;
    assert.equal(BigInt(third.timestamp) - BigInt(second.timestamp), 10n);
    const offset = (await call(url, "evm_increaseTime", [3600])) as number;
    assert.ok(offset >= 3600);
    await call(url, "evm_mine");
    assert.ok(BigInt((await latest()).timestamp) >= BigInt(Math.floor(Date.now() / 1000)) + 3600n - 5n);

    await call(url, "evm_setAutomine", [false]);
    assert.equal(await call(url, "hardhat_getAutomine"), false);
    const pending = (await call(url, "eth_sendTransaction", [{ from: A, to: B, value: "0x1" }])) as string;
    assert.equal(await call(url, "eth_getTransactionReceipt", [pending]), null);
    const dropped = (await call(url, "eth_sendTransaction", [{ from: B, to: A, value: "0x1" }])) as string;
    assert.equal(await call(url, "hardhat_dropTransaction", [dropped]), true);
    assert.equal(await call(url, "anvil_dropTransaction", [dropped]), false);
    await call(url, "evm_mine");
    assert.equal(
      ((await call(url, "eth_getTransactionReceipt", [pending])) as { status: string }).status,
      "0x1",
    );
    assert.equal(await call(url, "eth_getTransactionByHash", [dropped]), null);
    await call(url, "evm_setAutomine", [true]);
    assert.equal(await call(url, "hardhat_getAutomine"), true);
  });

  it("edits accounts and the next block in both anvil_ and hardhat_ names", async () => {
    const target = "0x00000000000000000000000000000000000c0de5";
    await call(url, "hardhat_setCode", [target, "0x6001600055"]);
    assert.equal(await call(url, "eth_getCode", [target, "latest"]), "0x6001600055");
    await call(url, "anvil_setCode", [target, "0x00"]);
    assert.equal(await call(url, "eth_getCode", [target, "latest"]), "0x00");
    await call(url, "anvil_setNonce", [target, "0x7"]);
    assert.equal(await call(url, "eth_getTransactionCount", [target, "latest"]), "0x7");
    await call(url, "hardhat_setNonce", [target, "0x9"]);
    assert.equal(await call(url, "eth_getTransactionCount", [target, "latest"]), "0x9");
    const value = `0x${"ab".repeat(32)}`;
    await call(url, "hardhat_setStorageAt", [target, "0x5", value]);
    assert.equal(await call(url, "eth_getStorageAt", [target, "0x5", "latest"]), value);
    await call(url, "anvil_setStorageAt", [target, "0x5", `0x${"00".repeat(32)}`]);
    assert.equal(await call(url, "eth_getStorageAt", [target, "0x5", "latest"]), `0x${"00".repeat(32)}`);

    const coinbase = "0x000000000000000000000000000000000000beef";
    await call(url, "hardhat_setCoinbase", [coinbase]);
    await call(url, "anvil_setNextBlockBaseFeePerGas", ["0x12345"]);
    await call(url, "hardhat_setPrevRandao", [`0x${"11".repeat(32)}`]);
    assert.equal(await call(url, "evm_setBlockGasLimit", ["0x1c9c381"]), true);
    await call(url, "evm_mine");
    const b = await latest();
    assert.equal(b.miner, coinbase);
    assert.equal(b.baseFeePerGas, "0x12345");
    assert.equal(b.mixHash, `0x${"11".repeat(32)}`);
    assert.equal(b.gasLimit, "0x1c9c381");
    await call(url, "evm_mine");
    assert.notEqual((await latest()).mixHash, `0x${"11".repeat(32)}`, "PREVRANDAO is set for one block");
    const meta = (await call(url, "hardhat_metadata")) as {
      latestBlockNumber: string;
      clientVersion: string;
    };
    assert.equal(meta.latestBlockNumber, (await latest()).number);
  });

  it("signs messages and typed data with the dev accounts (verified by viem)", async () => {
    const message = "hello lanes";
    const data = bytesToHex(new TextEncoder().encode(message));
    const s1 = (await call(url, "personal_sign", [data, A])) as Hex;
    assert.ok(await verifyMessage({ address: A, message, signature: s1 }));
    const s2 = (await call(url, "eth_sign", [A, data])) as Hex;
    assert.equal(s2, s1);
    const typed = {
      domain: { name: "Lanes", version: "1", chainId: 31337, verifyingContract: B },
      types: {
        EIP712Domain: [
          { name: "name", type: "string" },
          { name: "version", type: "string" },
          { name: "chainId", type: "uint256" },
          { name: "verifyingContract", type: "address" },
        ],
        Mail: [
          { name: "to", type: "address" },
          { name: "amount", type: "uint256" },
        ],
      },
      primaryType: "Mail" as const,
      message: { to: B, amount: "5" },
    };
    const s3 = (await call(url, "eth_signTypedData_v4", [A, JSON.stringify(typed)])) as Hex;
    const { EIP712Domain: _omit, ...types } = typed.types;
    assert.ok(
      await verifyTypedData({
        address: A,
        domain: typed.domain,
        types,
        primaryType: "Mail",
        message: { to: B, amount: 5n },
        signature: s3,
      }),
    );
    const unknown = (await rpc(url, "personal_sign", [
      data,
      "0x0000000000000000000000000000000000000001",
    ])) as {
      error?: { message: string };
    };
    assert.equal(unknown.error?.message, "unknown account");
  });

  it("impersonates a contract: plain transfers and calls from an address with code are mined (anvil and Hardhat allow it)", async () => {
    const balance = async (a: string) => BigInt((await call(url, "eth_getBalance", [a, "latest"])) as string);
    const nonce = async (a: string) =>
      BigInt((await call(url, "eth_getTransactionCount", [a, "latest"])) as string);
    const contract = clock;
    assert.notEqual(await call(url, "eth_getCode", [contract, "latest"]), "0x");
    // Not impersonated: refused at admission, as before.
    const refused = (await rpc(url, "eth_sendTransaction", [{ from: contract, to: B, value: "0x1" }])) as {
      error?: { message: string };
    };
    assert.ok(refused.error !== undefined);
    await call(url, "anvil_setBalance", [contract, "0xde0b6b3a7640000"]);
    await call(url, "hardhat_impersonateAccount", [contract]);
    const before = await balance(B);
    const nonceBefore = await nonce(contract);
    // A plain transfer (executes on the main thread) with the gas estimated from the contract...
    const transfer = await call(url, "eth_sendTransaction", [{ from: contract, to: B, value: "0x7" }]);
    const r1 = (await call(url, "eth_getTransactionReceipt", [transfer])) as { status: string; from: string };
    assert.equal(r1.status, "0x1");
    assert.equal(r1.from.toLowerCase(), contract.toLowerCase());
    assert.equal(await balance(B), before + 7n);
    // ...and a call into code (executes on the block executor's thread, the parallel executor's path).
    const into = await call(url, "eth_sendTransaction", [{ from: contract, to: contract, data: "0x" }]);
    assert.equal(
      ((await call(url, "eth_getTransactionReceipt", [into])) as { status: string }).status,
      "0x1",
    );
    assert.equal(await nonce(contract), nonceBefore + 2n);
    assert.notEqual(await call(url, "eth_getCode", [contract, "latest"]), "0x", "the code stays");
    await call(url, "anvil_stopImpersonatingAccount", [contract]);
    const after = (await rpc(url, "eth_sendTransaction", [{ from: contract, to: B, value: "0x1" }])) as {
      error?: { message: string };
    };
    assert.ok(after.error !== undefined, "no longer impersonated");
  });

  it("refuses a creation above EIP-170's 24,576 bytes by default", async () => {
    const hash = (await call(url, "eth_sendTransaction", [
      { from: A, data: deployment(new Uint8Array(25_000)), gas: "0xf00000" },
    ])) as string;
    const receipt = (await call(url, "eth_getTransactionReceipt", [hash])) as {
      status: string;
      contractAddress: string | null;
    };
    assert.equal(receipt.status, "0x0");
  });

  it("reports a client version Hardhat's network helpers accept", async () => {
    const version = (await call(url, "web3_clientVersion")) as string;
    assert.match(version.toLowerCase(), /^anvil\//);
    assert.match(version, /lanes\/v\d/);
  });

  it("takes a plain JSON number as a block number, as Hardhat does (OpenZeppelin's TrieProof test sends one)", async () => {
    const one = (await call(url, "eth_getBlockByNumber", ["0x1", false])) as Block;
    assert.equal(((await call(url, "eth_getBlockByNumber", [1, false])) as Block).mixHash, one.mixHash);
    assert.equal(await call(url, "eth_getBalance", [A, 1]), await call(url, "eth_getBalance", [A, "0x1"]));
    for (const bad of [-1, 1.5, 2 ** 60]) {
      const r = await rpc(url, "eth_getBlockByNumber", [bad, false]);
      assert.equal((r.error as { code: number } | undefined)?.code, -32602, `block ${bad} is refused`);
    }
  });

  // OpenZeppelin's AccessManager tests set a storage slot with hardhat_setStorageAt inside a loadFixture
  // snapshot and expect the next test's evm_revert to clear it, as Hardhat and anvil do.
  it("evm_revert undoes account edits made since the snapshot, interleaved with blocks, durably", async () => {
    const t = "0x00000000000000000000000000000000000e1de7";
    const slot = async (s: string) => call(url, "eth_getStorageAt", [t, s, "latest"]);
    const word = (b: string) => `0x${b.repeat(32)}`;
    const zero = word("00");
    await call(url, "hardhat_setStorageAt", [t, "0x1", word("aa")]);
    const head = (await latest()).number;

    const snap = (await call(url, "evm_snapshot")) as string;
    await call(url, "hardhat_setStorageAt", [t, "0x1", word("bb")]);
    await call(url, "hardhat_setCode", [t, "0x6001600055"]);
    await call(url, "hardhat_setBalance", [t, "0x5"]);
    await call(url, "evm_mine");
    await call(url, "anvil_setStorageAt", [t, "0x1", word("cc")]);
    await call(url, "anvil_setStorageAt", [t, "0x2", word("dd")]);
    await call(url, "anvil_setNonce", [t, "0x3"]);
    await call(url, "evm_mine");
    assert.equal(await slot("0x1"), word("cc"));
    assert.equal(await call(url, "evm_revert", [snap]), true);
    assert.equal((await latest()).number, head);
    assert.equal(await slot("0x1"), word("aa"), "the edit made before the snapshot stays");
    assert.equal(await slot("0x2"), zero);
    assert.equal(await call(url, "eth_getCode", [t, "latest"]), "0x");
    assert.equal(await call(url, "eth_getBalance", [t, "latest"]), "0x0");
    assert.equal(await call(url, "eth_getTransactionCount", [t, "latest"]), "0x0");

    // No block mined since the snapshot: the edit alone is undone.
    const snap2 = (await call(url, "evm_snapshot")) as string;
    await call(url, "hardhat_setStorageAt", [t, "0x1", word("ee")]);
    assert.equal(await call(url, "evm_revert", [snap2]), true);
    assert.equal(await slot("0x1"), word("aa"));

    // The flat state tables got the same undo: a restart's check hashes them to the recorded root.
    await running.close();
    running = await startTestNode(dir.path);
    url = running.url;
    assert.equal(await slot("0x1"), word("aa"));
    assert.equal(await slot("0x2"), zero);
    assert.equal(await call(url, "eth_getCode", [t, "latest"]), "0x");
  });
});
