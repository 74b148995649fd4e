// Execution witnesses end to end on a hand-made block (scenario.ts) and on benchmark workloads: generation,
// stateless verification against the header, minimality (every node and code is needed: dropping any one
// fails with an error naming it), tampering, the ancestor headers, the JSON form, and bad input.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeHeader } from "../../src/block/header.js";
import { generateWitnessParallel, verifyBlockStatelessParallel } from "../../src/parallel/witness.js";
import { bigIntToBytes, bytesToHex } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { type RlpDecoded, rlpDecode, rlpEncode } from "../../src/primitives/rlp.js";
import {
  type ExecutionWitness,
  generateWitness,
  verifyBlockStateless,
  WitnessError,
  witnessFromJson,
  witnessSize,
  witnessToJson,
} from "../../src/witness/index.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { lanesBlock } from "../../tools/workloads/types.js";
import { buildScenario, type Scenario } from "./scenario.js";

const hex = bytesToHex;

function generate(s: Scenario) {
  return generateWitness(s.block, s.pre, s.config, {
    blockHash: s.blockHash,
    systemCalls: false,
    headerByHash: s.headerByHash,
  });
}

function verify(s: Scenario, witness: ExecutionWitness) {
  return verifyBlockStateless(s.block, witness, s.config, { systemCalls: false });
}

function witnessError(kind: WitnessError["kind"], pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(
      e instanceof WitnessError,
      `expected a WitnessError, got ${e instanceof Error ? e.stack : String(e)}`,
    );
    assert.equal(e.kind, kind, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

/** The witness node that is the leaf of a hashed key (its RLP ends with the value, path = key's tail). */
function leafNodeOf(witness: ExecutionWitness, hashedKey: Uint8Array): Uint8Array | undefined {
  const tail = hex(hashedKey).slice(-16);
  return witness.state.find((node) => {
    const item = rlpDecode(node) as RlpDecoded[];
    return (
      item.length === 2 &&
      hex(item[0] as Uint8Array).endsWith(tail) &&
      ((item[0] as Uint8Array)[0]! & 0x20) !== 0
    );
  });
}

describe("execution witness: a block with a deletion, a cleared slot, BLOCKHASH, a creation, a self-destruct", () => {
  const s = buildScenario();
  const { witness, result, access } = generate(s);

  it("verifies statelessly against the header, using every node and code", () => {
    const v = verify(s, witness);
    assert.equal(v.ok, true, v.mismatches.join("; "));
    assert.equal(hex(v.stateRoot), hex(s.block.header.stateRoot));
    assert.equal(hex(v.receiptsRoot), hex(s.block.header.receiptsRoot));
    assert.equal(v.gasUsed, s.block.header.gasUsed);
    assert.equal(v.unusedNodes, 0);
    assert.equal(v.unusedCodes, 0);
    assert.equal(hex(result.stateRoot), hex(s.block.header.stateRoot));
  });

  it("holds the siblings the deletions collapse onto, which the block never reads", () => {
    assert.ok(!access.accounts.has(s.bystander), "the bystander account is not read");
    assert.ok(!access.slots.get(s.clearer)?.has(s.bystanderSlot), "the bystander slot is not read");
    const accountLeaf = leafNodeOf(witness, keccak256(bigIntToBytes(s.bystander, 20)));
    const slotLeaf = leafNodeOf(witness, keccak256(bigIntToBytes(s.bystanderSlot, 32)));
    assert.ok(accountLeaf, "the bystander's account leaf is in the witness");
    assert.ok(slotLeaf, "the bystander slot's leaf is in the witness");
    for (const leaf of [accountLeaf, slotLeaf]) {
      const without = { ...witness, state: witness.state.filter((n) => n !== leaf) };
      assert.throws(
        () => verify(s, without),
        witnessError("missing-node", /sibling that collapsing a branch needs/),
      );
    }
  });

  it("holds the headers from the parent back to the block BLOCKHASH read, oldest first", () => {
    assert.deepEqual([...access.blockNumbers], [7n]);
    const numbers = witness.headers.map((h) => (rlpDecode(h) as Uint8Array[])[8]![0]);
    assert.deepEqual(numbers, [7, 8, 9]);
  });

  it("fails, naming what is missing, when any single node, code or header is dropped", () => {
    for (let i = 0; i < witness.state.length; i++) {
      const state = witness.state.filter((_, j) => j !== i);
      assert.throws(
        () => verify(s, { ...witness, state }),
        witnessError("missing-node", /lacks trie node 0x[0-9a-f]{64} \(.*(account|slot) 0x/),
        `node ${i}`,
      );
    }
    assert.ok(witness.codes.length >= 3);
    for (let i = 0; i < witness.codes.length; i++) {
      const codes = witness.codes.filter((_, j) => j !== i);
      assert.throws(
        () => verify(s, { ...witness, codes }),
        witnessError("missing-code", /lacks the code of account 0x/),
        `code ${i}`,
      );
    }
    // The oldest header is BLOCKHASH's; the newest gives the pre-state root; a middle one breaks the chain.
    assert.throws(
      () => verify(s, { ...witness, headers: witness.headers.slice(1) }),
      witnessError("missing-header", /block 7, which BLOCKHASH asks for/),
    );
    assert.throws(
      () => verify(s, { ...witness, headers: witness.headers.slice(0, 2) }),
      witnessError("missing-header", /not the parent of block 10/),
    );
    assert.throws(
      () => verify(s, { ...witness, headers: [witness.headers[0]!, witness.headers[2]!] }),
      witnessError("bad-headers"),
    );
    assert.throws(() => verify(s, { ...witness, headers: [] }), witnessError("pre-state"));
  });

  it("fails when a storage value or a balance inside a node is altered", () => {
    const tamper = (leaf: Uint8Array, change: (value: Uint8Array) => Uint8Array) => {
      const [path, value] = rlpDecode(leaf) as Uint8Array[];
      const altered = rlpEncode([path!, change(value!)]);
      return { ...witness, state: witness.state.map((n) => (n === leaf ? altered : n)) };
    };
    const slotLeaf = leafNodeOf(witness, keccak256(bigIntToBytes(s.otherSlot, 32)))!;
    assert.ok(slotLeaf, "the read slot's leaf");
    assert.throws(
      () =>
        verify(
          s,
          tamper(slotLeaf, () => rlpEncode(99n)),
        ),
      witnessError("missing-node"),
    );
    const accountLeaf = leafNodeOf(witness, keccak256(bigIntToBytes(s.clearer, 20)))!;
    const bumpBalance = (value: Uint8Array) => {
      const [nonce, , root, codeHash] = rlpDecode(value) as Uint8Array[];
      return rlpEncode([nonce!, 10n ** 18n, root!, codeHash!]);
    };
    assert.throws(() => verify(s, tamper(accountLeaf, bumpBalance)), witnessError("missing-node"));
    // In the hash-keyed form the altered node is caught where it is listed.
    const json = witnessToJson(witness);
    const keyed = Object.fromEntries(
      json.state.map((n) => [hex(keccak256(Uint8Array.from(Buffer.from(n.slice(2), "hex")))), n]),
    );
    const target = hex(keccak256(slotLeaf));
    keyed[target] = hex(rlpEncode([(rlpDecode(slotLeaf) as Uint8Array[])[0]!, rlpEncode(99n)]));
    assert.throws(
      () => witnessFromJson({ ...json, state: keyed }),
      witnessError("hash-mismatch", new RegExp(target)),
    );
  });

  it("fails when a code is replaced by other bytes", () => {
    const codes = witness.codes.map((c, i) => (i === 0 ? Uint8Array.of(...c, 0) : c));
    assert.throws(() => verify(s, { ...witness, codes }), witnessError("missing-code"));
  });

  it("reports a wrong result as a mismatch, not as valid", () => {
    const block = { ...s.block, header: { ...s.block.header, stateRoot: new Uint8Array(32) } };
    // Same witness, a header claiming another post-state root.
    const v = verifyBlockStateless(block, witness, s.config, { systemCalls: false });
    assert.equal(v.ok, false);
    assert.match(v.mismatches.join("\n"), /^stateRoot: computed 0x/);
    const expected = verifyBlockStateless(s.block, witness, s.config, {
      systemCalls: false,
      expectStateRoot: keccak256(Uint8Array.of(1)),
    });
    assert.equal(expected.ok, false);
  });

  it("round-trips through JSON and is canonical (regenerating gives the same bytes)", () => {
    const json = JSON.stringify(witnessToJson(witness));
    const back = witnessFromJson(JSON.parse(json));
    assert.equal(JSON.stringify(witnessToJson(back)), json);
    assert.equal(JSON.stringify(witnessToJson(generate(s).witness)), json);
    // Headers given as JSON-RPC objects (geth's form) read the same.
    const rpcHeaders = [...s.headers.values()]
      .filter((h) => h.number >= 7n)
      .map((h) => ({
        parentHash: hex(h.parentHash),
        sha3Uncles: hex(h.ommersHash),
        miner: hex(bigIntToBytes(h.coinbase, 20)),
        stateRoot: hex(h.stateRoot),
        transactionsRoot: hex(h.transactionsRoot),
        receiptsRoot: hex(h.receiptsRoot),
        logsBloom: hex(h.logsBloom),
        difficulty: "0x0",
        number: `0x${h.number.toString(16)}`,
        gasLimit: `0x${h.gasLimit.toString(16)}`,
        gasUsed: "0x0",
        timestamp: `0x${h.timestamp.toString(16)}`,
        extraData: "0x",
        mixHash: hex(h.mixHash),
        nonce: hex(h.nonce),
        baseFeePerGas: "0x7",
        withdrawalsRoot: hex(h.withdrawalsRoot!),
        blobGasUsed: "0x0",
        excessBlobGas: "0x0",
        parentBeaconBlockRoot: hex(h.parentBeaconBlockRoot!),
        hash: hex(keccak256(encodeHeader(h))),
      }));
    const fromObjects = witnessFromJson({ ...JSON.parse(json), headers: rpcHeaders.reverse() });
    assert.equal(verify(s, fromObjects).ok, true);
  });

  it("rejects malformed witness documents with a WitnessError, never a crash", () => {
    const json = witnessToJson(witness);
    for (const bad of [
      null,
      [],
      "0x00",
      {},
      { ...json, state: "0x00" },
      { ...json, state: [42] },
      { ...json, state: ["0xzz"] },
      { ...json, codes: ["00"] },
      { ...json, headers: "nope" },
      { ...json, headers: [{ parentHash: "0x00" }] },
      { ...json, extra: [] },
    ]) {
      assert.throws(() => witnessFromJson(bad), witnessError("malformed"), JSON.stringify(bad)?.slice(0, 60));
    }
    // Garbage nodes and headers that are not headers fail cleanly too.
    const garbage = { ...witness, state: [...witness.state, Uint8Array.of(1, 2, 3)] };
    assert.equal(verify(s, garbage).unusedNodes, 1);
    assert.throws(
      () => verify(s, { ...witness, headers: [Uint8Array.of(0xc0)] }),
      witnessError("bad-headers"),
    );
  });

  it("reports its size", () => {
    const size = witnessSize(witness);
    assert.equal(size.nodes, witness.state.length);
    assert.equal(size.headers, 3);
    assert.ok(size.compressedBytes > 0 && size.compressedBytes < size.bytes + 64);
    assert.equal(size.jsonBytes, JSON.stringify(witnessToJson(witness)).length);
  });
});

describe("execution witness: benchmark workloads", () => {
  // Small blocks: every node is dropped once, and each run executes the block up to the missing node.
  for (const [id, txs] of [
    ["erc20-transfer", 12],
    ["erc721-mint", 12],
    ["uniswap-v2-swap", 4],
  ] as const) {
    it(`${id}: verifies, and dropping any node or code fails`, async () => {
      const w = await buildWorkload(id, 7, { txs });
      const block = lanesBlock(w);
      const { witness, result } = generateWitness(block, w.preState, w.chainConfig);
      const options = { preStateRoot: w.preState.stateRoot(), expectStateRoot: result.stateRoot };
      const v = verifyBlockStateless(block, witness, w.chainConfig, options);
      assert.equal(v.ok, true);
      assert.equal(v.unusedNodes + v.unusedCodes, 0);
      assert.equal(hex(v.receiptsRoot), hex(result.receiptsRoot));
      for (let i = 0; i < witness.state.length; i++) {
        const state = witness.state.filter((_, j) => j !== i);
        assert.throws(
          () => verifyBlockStateless(block, { ...witness, state }, w.chainConfig, options),
          witnessError("missing-node"),
        );
      }
      for (let i = 0; i < witness.codes.length; i++) {
        const codes = witness.codes.filter((_, j) => j !== i);
        assert.throws(
          () => verifyBlockStateless(block, { ...witness, codes }, w.chainConfig, options),
          witnessError("missing-code"),
        );
      }
    });
  }
});

describe("execution witness under Block-STM", () => {
  const s = buildScenario();
  const sequential = generate(s).witness;
  const json = JSON.stringify(witnessToJson(sequential));
  const parallelOptions = { systemCalls: false, threads: 2 };

  it("the union of the final read sets gives the sequential witness, byte for byte", async () => {
    const p = await generateWitnessParallel(s.block, s.pre, s.config, {
      blockHash: s.blockHash,
      systemCalls: false,
      headerByHash: s.headerByHash,
      mode: "parallel",
      threads: 2,
    });
    assert.equal(p.result.stats.mode, "parallel", p.result.stats.reason);
    assert.equal(JSON.stringify(witnessToJson(p.witness)), json);
    assert.equal(hex(p.result.stateRoot), hex(s.block.header.stateRoot));
  });

  it("verifies on Block-STM, and dropping any single node, code or needed header fails with the same errors", async () => {
    const v = await verifyBlockStatelessParallel(s.block, sequential, s.config, parallelOptions);
    assert.equal(v.mode, "parallel", v.reason);
    assert.equal(v.ok, true, v.mismatches.join("; "));
    assert.equal(v.unusedNodes + v.unusedCodes, 0);
    for (let i = 0; i < sequential.state.length; i++) {
      const state = sequential.state.filter((_, j) => j !== i);
      await assert.rejects(
        verifyBlockStatelessParallel(s.block, { ...sequential, state }, s.config, parallelOptions),
        witnessError("missing-node"),
        `node ${i}`,
      );
    }
    for (let i = 0; i < sequential.codes.length; i++) {
      const codes = sequential.codes.filter((_, j) => j !== i);
      await assert.rejects(
        verifyBlockStatelessParallel(s.block, { ...sequential, codes }, s.config, parallelOptions),
        witnessError("missing-code"),
      );
    }
    // BLOCKHASH runs on a worker: the header it needs is checked from the read sets.
    await assert.rejects(
      verifyBlockStatelessParallel(
        s.block,
        { ...sequential, headers: sequential.headers.slice(1) },
        s.config,
        parallelOptions,
      ),
      witnessError("missing-header", /block 7, which BLOCKHASH asks for/),
    );
    // Keys are what the workers' image is built from: an account whose preimage is missing reads as absent
    // on the workers, and the check of the read sets against the witness catches it.
    const clearerKey = hex(bigIntToBytes(s.clearer, 20));
    const keys = sequential.keys.filter((k) => hex(k) !== clearerKey);
    assert.equal(keys.length, sequential.keys.length - 1);
    await assert.rejects(
      verifyBlockStatelessParallel(s.block, { ...sequential, keys }, s.config, parallelOptions),
      witnessError("malformed", /keys lack the preimage/),
    );
    // Without any keys every transaction looks invalid on the workers (no sender): the block goes back to
    // sequential execution, which needs no keys, and verifies.
    const none = await verifyBlockStatelessParallel(
      s.block,
      { ...sequential, keys: [] },
      s.config,
      parallelOptions,
    );
    assert.equal(none.mode, "sequential");
    assert.equal(none.ok, true);
  });

  it("a 2,000-account ERC-20 block: same witness from the read sets, verified in parallel", async () => {
    const w = await buildWorkload("erc20-transfer", 3, { txs: 64 });
    const block = lanesBlock(w);
    const seq = generateWitness(block, w.preState, w.chainConfig);
    const par = await generateWitnessParallel(block, w.preState, w.chainConfig, {
      mode: "parallel",
      threads: 2,
    });
    assert.equal(par.result.stats.mode, "parallel");
    assert.equal(JSON.stringify(witnessToJson(par.witness)), JSON.stringify(witnessToJson(seq.witness)));
    const options = {
      preStateRoot: w.preState.stateRoot(),
      expectStateRoot: seq.result.stateRoot,
      threads: 2,
    };
    const v = await verifyBlockStatelessParallel(block, seq.witness, w.chainConfig, options);
    assert.equal(v.ok, true);
    assert.equal(v.mode, "parallel");
  });
});
