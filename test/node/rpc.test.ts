// The node over HTTP and WebSocket with viem as the client: transfers, receipts, a contract deployment,
// revert data, logs, eth_getProof checked against the block's state root, newHeads, snapshots, estimates,
// and restart persistence on the same data directory.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  decodeErrorResult,
  encodeFunctionData,
  type Hex,
  http,
  parseAbi,
  parseAbiItem,
  parseEther,
  webSocket,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { bigIntToBytes32, bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { rlpDecode } from "../../src/primitives/rlp.js";
import { verifyProof } from "../../src/trie/index.js";
import { loadArtifacts } from "../../tools/contracts/artifacts.js";
import { ANVIL_ADDRESSES, ANVIL_KEYS, call, rpc, startTestNode, tempDir } from "../../tools/node-client.js";

const tokenAbi = parseAbi([
  "constructor(uint256 initialSupply)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function balanceOf(address owner) view returns (uint256)",
  "function mintBatch(address[] to, uint256[] amounts)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
]);

describe("lanes node JSON-RPC (viem)", () => {
  const dir = tempDir();
  let running: Awaited<ReturnType<typeof startTestNode>>;
  let url: string;
  let token: Address;
  const account = privateKeyToAccount(ANVIL_KEYS[0]);
  const recipient = ANVIL_ADDRESSES[1] as Address;

  const clients = () => ({
    pub: createPublicClient({ chain: foundry, transport: http(url), pollingInterval: 20 }),
    wallet: createWalletClient({ account, chain: foundry, transport: http(url), pollingInterval: 20 }),
  });

  before(async () => {
    running = await startTestNode(dir.path);
    url = running.url;
  });

  after(async () => {
    await running?.close();
    dir.remove();
  });

  it("reports chain id, accounts and an empty chain at start", async () => {
    const { pub } = clients();
    assert.equal(await pub.getChainId(), 31337);
    assert.equal(await pub.getBlockNumber(), 0n);
    const accounts = (await call(url, "eth_accounts")) as string[];
    assert.equal(accounts.length, 10);
    assert.equal(accounts[0], ANVIL_ADDRESSES[0]);
    assert.equal(await pub.getBalance({ address: account.address }), parseEther("10000"));
  });

  it("sends a signed transfer, mines it and serves the receipt and the new balances", async () => {
    const { pub, wallet } = clients();
    const before = await pub.getBalance({ address: recipient });
    const hash = await wallet.sendTransaction({ to: recipient, value: parseEther("1.5") });
    const receipt = await pub.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.gasUsed, 21000n);
    assert.equal(receipt.blockNumber, 1n);
    assert.equal(await pub.getBalance({ address: recipient }), before + parseEther("1.5"));
    const tx = await pub.getTransaction({ hash });
    assert.equal(tx.from, account.address.toLowerCase());
    assert.equal(tx.value, parseEther("1.5"));
    const block = await pub.getBlock({ blockNumber: 1n, includeTransactions: false });
    assert.deepEqual(block.transactions, [hash]);
    assert.equal(await pub.getTransactionCount({ address: account.address }), 1);
  });

  it("deploys an ERC-20 from bytecode, reads it with eth_call and finds its logs", async () => {
    const { pub, wallet } = clients();
    const { token: artifact } = await loadArtifacts();
    const hash = await wallet.deployContract({
      abi: tokenAbi,
      bytecode: bytesToHex(artifact.bytecode) as Hex,
      args: [10n ** 24n],
    });
    const receipt = await pub.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.ok(receipt.contractAddress);
    token = receipt.contractAddress;
    assert.equal(await pub.getCode({ address: token }), bytesToHex(artifact.deployedBytecode));
    const transferHash = await wallet.writeContract({
      address: token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [recipient, 1234n],
    });
    const r2 = await pub.waitForTransactionReceipt({ hash: transferHash });
    assert.equal(r2.logs.length, 1);
    assert.equal(
      await pub.readContract({ address: token, abi: tokenAbi, functionName: "balanceOf", args: [recipient] }),
      1234n,
    );
    const logs = await pub.getContractEvents({
      address: token,
      abi: tokenAbi,
      eventName: "Transfer",
      fromBlock: 0n,
      toBlock: "latest",
    });
    // The mint in the constructor and the transfer.
    assert.equal(logs.length, 2);
    assert.equal(logs[1]!.args.to?.toLowerCase(), recipient);
    assert.equal(logs[1]!.args.value, 1234n);
    assert.equal(logs[1]!.transactionHash, transferHash);
    const byTopic = await pub.getLogs({
      address: token,
      event: parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)"),
      args: { to: recipient },
      fromBlock: 0n,
    });
    assert.equal(byTopic.length, 1);
    const none = (await call(url, "eth_getLogs", [
      { address: ANVIL_ADDRESSES[2], fromBlock: "0x0", toBlock: "latest" },
    ])) as unknown[];
    assert.deepEqual(none, []);
  });

  it("traces a mined transaction and a call (struct logger and callTracer)", async () => {
    const { pub, wallet } = clients();
    const hash = await wallet.writeContract({
      address: token,
      abi: tokenAbi,
      functionName: "transfer",
      args: [recipient, 7n],
    });
    const receipt = await pub.waitForTransactionReceipt({ hash });
    const structs = (await call(url, "debug_traceTransaction", [hash])) as {
      gas: number;
      failed: boolean;
      structLogs: { op: string }[];
    };
    assert.equal(BigInt(structs.gas), receipt.gasUsed);
    assert.equal(structs.failed, false);
    assert.ok(structs.structLogs.some((l) => l.op === "SSTORE"));
    const frame = (await call(url, "debug_traceTransaction", [
      hash,
      { tracer: "callTracer", tracerConfig: { withLog: true } },
    ])) as {
      type: string;
      to: string;
      logs: unknown[];
    };
    assert.equal(frame.type, "CALL");
    assert.equal(frame.to, token.toLowerCase());
    assert.equal(frame.logs.length, 1);
    const data = encodeFunctionData({
      abi: tokenAbi,
      functionName: "transfer",
      args: [recipient, 10n ** 30n],
    });
    const reverted = (await call(url, "debug_traceCall", [
      { from: ANVIL_ADDRESSES[1], to: token, data },
      "latest",
      { tracer: "callTracer" },
    ])) as {
      error?: string;
    };
    assert.equal(reverted.error, "execution reverted");
    const unknown = await rpc(url, "debug_traceTransaction", [`0x${"00".repeat(32)}`]);
    assert.equal((unknown.error as { code: number }).code, -32000);
    const badTracer = await rpc(url, "debug_traceTransaction", [hash, { tracer: "4byteTracer" }]);
    assert.equal((badTracer.error as { code: number }).code, -32602);
  });

  it("returns revert data (code 3) for a failing eth_call, custom errors and Error(string)", async () => {
    const data = encodeFunctionData({
      abi: tokenAbi,
      functionName: "transfer",
      args: [recipient, 10n ** 30n],
    });
    const r = await rpc(url, "eth_call", [{ from: ANVIL_ADDRESSES[1], to: token, data }, "latest"]);
    const error = r.error as { code: number; message: string; data: Hex };
    assert.equal(error.code, 3);
    assert.match(error.message, /execution reverted/);
    const decoded = decodeErrorResult({ abi: tokenAbi, data: error.data });
    assert.equal(decoded.errorName, "ERC20InsufficientBalance");
    const mismatch = encodeFunctionData({
      abi: tokenAbi,
      functionName: "mintBatch",
      args: [[recipient], []],
    });
    const r2 = await rpc(url, "eth_call", [{ to: token, data: mismatch }]);
    assert.equal((r2.error as { code: number }).code, 3);
    assert.equal((r2.error as { message: string }).message, "execution reverted: length mismatch");
    const est = await rpc(url, "eth_estimateGas", [{ from: ANVIL_ADDRESSES[1], to: token, data }]);
    assert.equal((est.error as { code: number }).code, 3);
  });

  it("estimates gas that is enough and not far above what is used", async () => {
    const { pub } = clients();
    const data = encodeFunctionData({
      abi: tokenAbi,
      functionName: "transfer",
      args: [ANVIL_ADDRESSES[2] as Address, 1n],
    });
    const estimate = await pub.estimateGas({ account: account.address, to: token, data });
    const tooLow = await rpc(url, "eth_call", [
      { from: account.address, to: token, data, gas: `0x${(estimate - 1n).toString(16)}` },
    ]);
    assert.ok(tooLow.error !== undefined, "one gas less than the estimate fails");
    const enough = await rpc(url, "eth_call", [
      { from: account.address, to: token, data, gas: `0x${estimate.toString(16)}` },
    ]);
    assert.equal(enough.error, undefined);
  });

  it("applies eth_call state overrides without touching the state", async () => {
    const r = await call(url, "eth_call", [
      {
        to: token,
        data: encodeFunctionData({ abi: tokenAbi, functionName: "balanceOf", args: [recipient] }),
      },
      "latest",
      { [token]: { stateDiff: {} }, [recipient]: { balance: "0x1" } },
    ]);
    assert.equal(BigInt(r as string), 1241n);
    const code = await call(url, "eth_call", [
      { to: ANVIL_ADDRESSES[2], data: "0x" },
      "latest",
      // PUSH1 42 PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
      { [ANVIL_ADDRESSES[2]]: { code: "0x602a60005260206000f3" } },
    ]);
    assert.equal(BigInt(code as string), 42n);
    assert.equal(await call(url, "eth_getCode", [ANVIL_ADDRESSES[2], "latest"]), "0x");
  });

  it("serves eth_getProof that verifies against the block's state root", async () => {
    const { pub } = clients();
    const block = await pub.getBlock();
    const proof = (await call(url, "eth_getProof", [token, ["0x2"], "latest"])) as {
      accountProof: Hex[];
      storageHash: Hex;
      codeHash: Hex;
      storageProof: { key: Hex; value: Hex; proof: Hex[] }[];
    };
    const leaf = verifyProof(
      hexToBytes(block.stateRoot),
      keccak256(hexToBytes(token)),
      proof.accountProof.map((n) => hexToBytes(n)),
    );
    assert.ok(leaf, "the account is in the state trie");
    const fields = rlpDecode(leaf) as Uint8Array[];
    assert.equal(bytesToHex(fields[2]!), proof.storageHash);
    assert.equal(bytesToHex(fields[3]!), proof.codeHash);
    // Slot 2 of an OpenZeppelin ERC20 is the total supply.
    // A key not sent as a 32-byte word comes back as a quantity (geth): "0x2".
    const slot = proof.storageProof[0]!;
    assert.equal(slot.key, "0x2");
    assert.equal(BigInt(slot.value), 10n ** 24n);
    const value = verifyProof(
      hexToBytes(proof.storageHash),
      keccak256(bigIntToBytes32(BigInt(slot.key))),
      slot.proof.map((n) => hexToBytes(n)),
    );
    assert.deepEqual(rlpDecode(value!), hexToBytes(slot.value));
    // An account that does not exist: a proof of absence.
    const absent = (await call(url, "eth_getProof", [
      "0x00000000000000000000000000000000000000aa",
      [],
      "latest",
    ])) as {
      accountProof: Hex[];
    };
    assert.equal(
      verifyProof(
        hexToBytes(block.stateRoot),
        keccak256(hexToBytes("0x00000000000000000000000000000000000000aa")),
        absent.accountProof.map((n) => hexToBytes(n)),
      ),
      undefined,
    );
  });

  it("reads state at older blocks through the stored reverse diffs", async () => {
    assert.equal(
      BigInt((await call(url, "eth_getBalance", [recipient, "0x0"])) as string),
      parseEther("10000"),
    );
    assert.equal(
      BigInt((await call(url, "eth_getBalance", [recipient, "0x1"])) as string),
      parseEther("10001.5"),
    );
    assert.equal(await call(url, "eth_getCode", [token, "0x1"]), "0x");
    const r = await rpc(url, "eth_getBalance", [recipient, "0xffff"]);
    assert.equal((r.error as { code: number }).code, -32000);
  });

  it("pushes newHeads and logs to WebSocket subscribers", async () => {
    const ws = createPublicClient({ chain: foundry, transport: webSocket(url.replace("http", "ws")) });
    const heads: bigint[] = [];
    const logs: unknown[] = [];
    const gotHead = new Promise<void>((resolve) => {
      const unwatch = ws.watchBlocks({
        onBlock: (b) => {
          heads.push(b.number);
          unwatch();
          resolve();
        },
      });
    });
    const gotLog = new Promise<void>((resolve) => {
      const unwatch = ws.watchContractEvent({
        address: token,
        abi: tokenAbi,
        eventName: "Transfer",
        onLogs: (l) => {
          logs.push(...l);
          unwatch();
          resolve();
        },
      });
    });
    // Mine blocks with a Transfer until both subscriptions have delivered: viem registers them
    // asynchronously, and on a loaded machine a fixed pause can end before they are (the test then waited
    // forever for a block mined before its subscription).
    const head = await createPublicClient({ chain: foundry, transport: http(url) }).getBlockNumber();
    const { wallet } = clients();
    let delivered = false;
    const both = Promise.all([gotHead, gotLog]).then(() => {
      delivered = true;
    });
    for (let i = 0; i < 50 && !delivered; i++) {
      await new Promise((r) => setTimeout(r, 100 * Math.min(i + 1, 5)));
      if (delivered) break;
      await wallet.writeContract({
        address: token,
        abi: tokenAbi,
        functionName: "transfer",
        args: [recipient, 1n],
      });
      await Promise.race([both, new Promise((r) => setTimeout(r, 200))]);
    }
    await both;
    assert.ok(heads[0]! > head, "a head after the subscription");
    assert.equal(logs.length >= 1, true);
    const got = await createPublicClient({ chain: foundry, transport: http(url) }).getBlock({
      blockNumber: heads[0]!,
    });
    assert.equal(got.number, heads[0]);
    await ws.transport.getRpcClient().then((c) => c.close());
  });

  it("snapshots and reverts the chain (evm_snapshot / evm_revert)", async () => {
    const head = BigInt((await call(url, "eth_blockNumber")) as string);
    const balance = await call(url, "eth_getBalance", [recipient, "latest"]);
    const id = await call(url, "evm_snapshot");
    const { wallet } = clients();
    const hash = await wallet.sendTransaction({ to: recipient, value: 5n });
    await call(url, "evm_mine");
    assert.equal(BigInt((await call(url, "eth_blockNumber")) as string), head + 2n);
    assert.equal(await call(url, "evm_revert", [id]), true);
    assert.equal(BigInt((await call(url, "eth_blockNumber")) as string), head);
    assert.equal(await call(url, "eth_getBalance", [recipient, "latest"]), balance);
    assert.equal(await call(url, "eth_getTransactionReceipt", [hash]), null);
    assert.equal(await call(url, "evm_revert", [id]), false, "a snapshot is used up by reverting to it");
  });

  it("supports setBalance, impersonation, eth_sendTransaction and the next timestamp", async () => {
    const whale = "0x00000000000000000000000000000000000000f0";
    await call(url, "anvil_setBalance", [whale, "0xde0b6b3a7640000"]);
    assert.equal(await call(url, "eth_getBalance", [whale, "latest"]), "0xde0b6b3a7640000");
    const refused = await rpc(url, "eth_sendTransaction", [{ from: whale, to: recipient, value: "0x1" }]);
    assert.equal((refused.error as { code: number }).code, -32000);
    await call(url, "anvil_impersonateAccount", [whale]);
    const head = (await call(url, "eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    const next = BigInt(head.timestamp) + 1000n;
    await call(url, "evm_setNextBlockTimestamp", [`0x${next.toString(16)}`]);
    const hash = (await call(url, "eth_sendTransaction", [
      { from: whale, to: recipient, value: "0x1" },
    ])) as string;
    const receipt = (await call(url, "eth_getTransactionReceipt", [hash])) as {
      status: string;
      from: string;
      blockNumber: string;
    };
    assert.equal(receipt.status, "0x1");
    assert.equal(receipt.from, whale);
    const block = (await call(url, "eth_getBlockByNumber", [receipt.blockNumber, true])) as {
      timestamp: string;
      transactions: { from: string }[];
    };
    assert.equal(BigInt(block.timestamp), next);
    assert.equal(block.transactions[0]!.from, whale);
    const devHash = (await call(url, "eth_sendTransaction", [
      { from: ANVIL_ADDRESSES[2], to: whale, value: "0x2" },
    ])) as string;
    assert.equal(
      ((await call(url, "eth_getTransactionReceipt", [devHash])) as { status: string }).status,
      "0x1",
    );
  });

  it("records per-block execution statistics (lanes_getBlockStats) and fee data", async () => {
    const stats = (await call(url, "lanes_getBlockStats", ["0x1"])) as Record<string, unknown>;
    assert.equal(stats.txCount, 1);
    assert.equal(typeof stats.mode, "string");
    assert.equal(typeof stats.reExecutions, "number");
    assert.equal(await call(url, "lanes_getBlockStats", ["0xffffff"]), null);
    const history = (await call(url, "eth_feeHistory", ["0x2", "latest", [50]])) as {
      baseFeePerGas: string[];
      reward: string[][];
    };
    assert.equal(history.baseFeePerGas.length, 3);
    assert.equal(history.reward.length, 2);
    const gasPrice = BigInt((await call(url, "eth_gasPrice")) as string);
    assert.ok(gasPrice > 0n);
  });

  it("keeps everything across a restart on the same data directory", async () => {
    const head = (await call(url, "eth_getBlockByNumber", ["latest", false])) as {
      number: string;
      hash: string;
    };
    const balance = await call(url, "eth_getBalance", [recipient, "latest"]);
    const tokenBalance = await call(url, "eth_call", [
      {
        to: token,
        data: encodeFunctionData({ abi: tokenAbi, functionName: "balanceOf", args: [recipient] }),
      },
    ]);
    const firstTx = ((await call(url, "eth_getBlockByNumber", ["0x1", false])) as { transactions: string[] })
      .transactions[0]!;
    await running.close();
    running = await startTestNode(dir.path);
    url = running.url;
    const head2 = (await call(url, "eth_getBlockByNumber", ["latest", false])) as {
      number: string;
      hash: string;
    };
    assert.deepEqual(head2, head);
    assert.equal(await call(url, "eth_getBalance", [recipient, "latest"]), balance);
    assert.equal(
      await call(url, "eth_call", [
        {
          to: token,
          data: encodeFunctionData({ abi: tokenAbi, functionName: "balanceOf", args: [recipient] }),
        },
      ]),
      tokenBalance,
    );
    const receipt = (await call(url, "eth_getTransactionReceipt", [firstTx])) as { status: string };
    assert.equal(receipt.status, "0x1");
    // And it keeps mining on top.
    const { wallet, pub } = clients();
    const hash = await wallet.sendTransaction({ to: recipient, value: 1n });
    const r = await pub.waitForTransactionReceipt({ hash });
    assert.equal(r.blockNumber, BigInt(head.number) + 1n);
  });
});
