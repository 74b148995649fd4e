// WASM contracts on `lanes node`, from viem unchanged: deploy an AssemblyScript counter and a Rust token and
// the Solidity and C probes with deployContract, call them with writeContract/readContract, read events
// with getLogs, and see calls into and out of WASM frames in debug_traceTransaction's callTracer. Also:
// the node rejects nothing it should not (the flag is on by default) and `--no-wasm` turns it off.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  type Abi,
  type Address,
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  type Hex,
  http,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { bytesToHex } from "../../src/primitives/hex.js";
import { ANVIL_KEYS, call, startTestNode, tempDir } from "../../tools/node-client.js";
import { buildSolidity, buildWasmContract } from "../../tools/wasm-contracts/build.js";

interface CallFrame {
  type: string;
  from: string;
  to: string;
  input: string;
  output?: string;
  error?: string;
  calls?: CallFrame[];
}

describe("WASM contracts on lanes node (viem)", () => {
  const dir = tempDir("lanes-wasm-node-");
  let running: Awaited<ReturnType<typeof startTestNode>>;
  const account = privateKeyToAccount(ANVIL_KEYS[0]);

  before(async () => {
    running = await startTestNode(dir.path);
  });
  after(async () => {
    await running?.close();
    dir.remove();
  });

  const clients = () => ({
    pub: createPublicClient({ chain: foundry, transport: http(running.url), pollingInterval: 20 }),
    wallet: createWalletClient({
      account,
      chain: foundry,
      transport: http(running.url),
      pollingInterval: 20,
    }),
  });

  async function deploy(abi: Abi, bytecode: Uint8Array): Promise<Address> {
    const { pub, wallet } = clients();
    const hash = await wallet.deployContract({ abi, bytecode: bytesToHex(bytecode) as Hex });
    const receipt = await pub.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    return receipt.contractAddress!;
  }

  it("deploys and calls AssemblyScript and Rust contracts; events through getLogs", async () => {
    const { pub, wallet } = clients();
    const counter = await buildWasmContract("sdk/assemblyscript/examples/counter.ts");
    const abi = counter.abi as Abi;
    const c = await deploy(abi, counter.initCode);
    const code = await pub.getCode({ address: c });
    assert.ok(code?.startsWith("0xeff000"), "code is the prefix and the module");
    for (let i = 0; i < 3; i++) {
      const hash = await wallet.writeContract({ address: c, abi, functionName: "increment" });
      assert.equal((await pub.waitForTransactionReceipt({ hash })).status, "success");
    }
    assert.equal(await pub.readContract({ address: c, abi, functionName: "number" }), 3n);
    const logs = await pub.getContractEvents({ address: c, abi, eventName: "Incremented", fromBlock: 0n });
    assert.deepEqual(
      logs.map((l) => (l.args as { number: bigint }).number),
      [1n, 2n, 3n],
    );

    const token = await buildWasmContract("sdk/rust/examples/erc20.rs");
    const tabi = token.abi as Abi;
    const t = await deploy(tabi, token.initCode);
    const mint = await wallet.writeContract({
      address: t,
      abi: tabi,
      functionName: "mint",
      args: [account.address, 1000n],
    });
    await pub.waitForTransactionReceipt({ hash: mint });
    assert.equal(
      await pub.readContract({ address: t, abi: tabi, functionName: "balanceOf", args: [account.address] }),
      1000n,
    );
    // eth_estimateGas and a simulated revert with its custom error.
    const gas = await pub.estimateGas({
      account: account.address,
      to: t,
      data: encodeFunctionData({
        abi: tabi,
        functionName: "transfer",
        args: ["0x0000000000000000000000000000000000000001", 1n],
      }),
    });
    assert.ok(gas > 21_000n && gas < 100_000n, `estimate ${gas}`);
    await assert.rejects(
      pub.simulateContract({
        account,
        address: t,
        abi: tabi,
        functionName: "transfer",
        args: ["0x0000000000000000000000000000000000000001", 5000n],
      }),
      /ERC20InsufficientBalance/,
    );
  });

  it("debug_traceTransaction callTracer shows calls into and out of WASM frames", async () => {
    const { pub, wallet } = clients();
    const probeSol = buildSolidity("test/wasm/contracts/Probe.sol").get("Probe")!;
    const abi = probeSol.abi as Abi;
    const sol = await deploy(abi, probeSol.bytecode);
    const c = await deploy(abi, (await buildWasmContract("sdk/c/tests/probe.c")).initCode);
    // Solidity -> C -> Solidity -> C (bump reenters), then C's revert data in a forward.
    const hash = await wallet.writeContract({ address: sol, abi, functionName: "bump", args: [c, 3n] });
    assert.equal((await pub.waitForTransactionReceipt({ hash })).status, "success");
    const trace = (await call(running.url, "debug_traceTransaction", [
      hash,
      { tracer: "callTracer" },
    ])) as CallFrame;
    const chain: string[] = [];
    for (let f: CallFrame | undefined = trace; f !== undefined; f = f.calls?.[0])
      chain.push(f.to.toLowerCase());
    assert.deepEqual(
      chain,
      [sol, c, sol, c].map((a) => a.toLowerCase()),
    );
    assert.equal(trace.calls![0]!.type, "CALL");
    assert.match(trace.calls![0]!.input, /^0x7f0ee7cb/);
    assert.equal(BigInt(trace.calls![0]!.output!), 2n, "the WASM frame's output is traced");

    const failing = await wallet.writeContract({
      address: sol,
      abi,
      functionName: "forward",
      args: [c, encodeFunctionData({ abi, functionName: "fail", args: [9n] })],
    });
    await pub.waitForTransactionReceipt({ hash: failing });
    const t2 = (await call(running.url, "debug_traceTransaction", [
      failing,
      { tracer: "callTracer" },
    ])) as CallFrame;
    const inner = t2.calls![0]!;
    assert.equal(inner.to.toLowerCase(), c.toLowerCase());
    assert.equal(inner.error, "execution reverted");
    assert.match(inner.output!, /^0x73f6e924/, "the WASM frame's revert data is traced");
  });
});
