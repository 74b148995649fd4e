// Slot decoding with solc storage layouts and the keccak preimages seen during execution: an OpenZeppelin
// ERC-20's `_balances[addr]` and `_allowances[owner][spender]`, Uniswap V2's packed reserves; the same report
// decoded later from its JSON alone (what `lanes profile --rpc` does); and the decoder on synthetic layouts.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { bigIntToBytes } from "../../src/primitives/hex.js";
import { keccak256Word } from "../../src/primitives/keccak.js";
import { ContractBook } from "../../src/profiler/contracts.js";
import { addressHex } from "../../src/profiler/describe.js";
import { PreimageIndex } from "../../src/profiler/preimages.js";
import { profileBlock } from "../../src/profiler/profile-block.js";
import { asProfile, relabelProfile } from "../../src/profiler/relabel.js";
import { parseStorageLayout, SlotDecoder } from "../../src/profiler/storage-layout.js";
import type { BlockProfile } from "../../src/profiler/types.js";
import { repoRoot } from "../../tools/contracts/sources.js";
import { buildWorkload } from "../../tools/workloads/registry.js";
import { lanesBlock } from "../../tools/workloads/types.js";
import { erc20Block } from "./blocks.js";

const layout = (name: string) => join(repoRoot(), "tools", "profiler", "layouts", `${name}.json`);

function variables(p: BlockProfile): Set<string> {
  const out = new Set<string>();
  for (const e of p.edges) for (const l of e.locations) if (l.variable !== undefined) out.add(l.variable);
  return out;
}

describe("slot decoding", () => {
  test("OpenZeppelin ERC-20: _balances[recipient] and _allowances[owner][spender]", async () => {
    const b = await erc20Block();
    const book = new ContractBook();
    book.addFile(layout("BenchToken"));
    const w = b.workload;
    const p = await profileBlock(lanesBlock(w), w.preState, w.chainConfig, { threads: 2, book });
    const found = variables(p);
    const balance = `_balances[${addressHex(b.recipient)}]`;
    const allowance = `_allowances[${addressHex(b.owner)}][${addressHex(b.spender)}]`;
    assert.ok(found.has(balance), `no ${balance} in ${[...found].join(", ")}`);
    assert.ok(found.has(allowance), `no ${allowance} in ${[...found].join(", ")}`);
    const hot = p.hotLocations.find((h) => h.location.variable === balance)!;
    assert.equal(hot.location.contract, "BenchToken");
    assert.equal(hot.location.label, `BenchToken@${addressHex(b.token)}.${balance}`);
    // Six transfers to the recipient form one chain through its balance.
    assert.equal(hot.txs, 6);
    assert.deepEqual(hot.location.keys, [addressHex(b.recipient)]);

    // Decoded again from the JSON alone (no execution): the node's report read by `lanes profile --rpc`.
    const plain = await profileBlock(lanesBlock(w), w.preState, w.chainConfig, { threads: 2 });
    assert.equal(variables(plain).size, 0);
    assert.ok(plain.edges.some((e) => e.location.keys?.[0] === addressHex(b.recipient)));
    const again = relabelProfile(asProfile(JSON.parse(JSON.stringify(plain)), "report"), book);
    assert.ok(variables(again).has(balance));
    assert.ok(variables(again).has(allowance));
  });

  test("Uniswap V2: the pair's reserves", async () => {
    const w = await buildWorkload("uniswap-v2-one-pool", 3, { txs: 16 });
    const book = new ContractBook();
    book.addFile(layout("UniswapV2Pair"));
    book.addFile(layout("BenchToken"));
    const p = await profileBlock(lanesBlock(w), w.preState, w.chainConfig, { threads: 2, book });
    const reserves = p.edges
      .flatMap((e) => e.locations)
      .find((l) => l.contract === "UniswapV2Pair" && l.slot === "0x8");
    assert.ok(reserves !== undefined, "no dependency through the pair's slot 8");
    assert.equal(reserves.variable, "{reserve0, reserve1, blockTimestampLast}");
    const pair = p.hotContracts.find((c) => c.name === "UniswapV2Pair");
    assert.ok(pair !== undefined && pair.txs >= 8);
    assert.match(pair.advice.text, /route the swaps across several pools/i);
    // The pair's balance in its tokens: keyed by the pair's address.
    assert.ok(variables(p).has(`_balances[${pair.address}]`));
  });

  test("decoder: structs, static and dynamic arrays, strings as keys, nested mappings", () => {
    const t = (label: string, bytes: number, extra: object = {}) => ({
      encoding: "inplace",
      label,
      numberOfBytes: String(bytes),
      ...extra,
    });
    const parsed = parseStorageLayout(
      {
        storage: [
          { label: "owner", slot: "0", offset: 0, type: "t_address" },
          { label: "paused", slot: "0", offset: 20, type: "t_bool" },
          { label: "pos", slot: "1", offset: 0, type: "t_struct(Pos)" },
          { label: "fixed", slot: "3", offset: 0, type: "t_array(t_uint256)2_storage" },
          { label: "list", slot: "5", offset: 0, type: "t_array(t_struct(Pos))dyn_storage" },
          { label: "byName", slot: "6", offset: 0, type: "t_mapping(t_string_memory_ptr,t_uint256)" },
          {
            label: "deep",
            slot: "7",
            offset: 0,
            type: "t_mapping(t_uint256,t_mapping(t_address,t_struct(Pos)))",
          },
        ],
        types: {
          t_address: t("address", 20),
          t_bool: t("bool", 1),
          t_uint256: t("uint256", 32),
          t_string_memory_ptr: { encoding: "bytes", label: "string", numberOfBytes: "32" },
          "t_struct(Pos)": t("struct Pos", 64, {
            members: [
              { label: "amount", slot: "0", offset: 0, type: "t_uint256" },
              { label: "debt", slot: "1", offset: 0, type: "t_uint256" },
            ],
          }),
          "t_array(t_uint256)2_storage": t("uint256[2]", 64, { base: "t_uint256" }),
          "t_array(t_struct(Pos))dyn_storage": {
            encoding: "dynamic_array",
            label: "struct Pos[]",
            numberOfBytes: "32",
            base: "t_struct(Pos)",
          },
          "t_mapping(t_string_memory_ptr,t_uint256)": {
            encoding: "mapping",
            label: "mapping(string => uint256)",
            numberOfBytes: "32",
            key: "t_string_memory_ptr",
            value: "t_uint256",
          },
          "t_mapping(t_address,t_struct(Pos))": {
            encoding: "mapping",
            label: "mapping(address => struct Pos)",
            numberOfBytes: "32",
            key: "t_address",
            value: "t_struct(Pos)",
          },
          "t_mapping(t_uint256,t_mapping(t_address,t_struct(Pos)))": {
            encoding: "mapping",
            label: "mapping(uint256 => mapping(address => struct Pos))",
            numberOfBytes: "32",
            key: "t_uint256",
            value: "t_mapping(t_address,t_struct(Pos))",
          },
        },
      },
      "test layout",
    );
    const w = (v: bigint) => bigIntToBytes(v, 32);
    const cat = (...parts: Uint8Array[]) => {
      const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    const user = 0xabcdef0000000000000000000000000000000001n;
    const listData = cat(w(5n));
    const name = cat(new TextEncoder().encode("alice"), w(6n));
    const inner = cat(w(42n), w(7n));
    const innerSlot = keccak256Word(inner);
    const deepKey = cat(w(user), w(innerSlot));
    const preimages = PreimageIndex.fromRecorded([listData, name, inner, deepKey]);
    const d = new SlotDecoder(parsed, preimages);
    assert.equal(d.decode(0n), "{owner, paused}");
    assert.equal(d.decode(2n), "pos.debt");
    assert.equal(d.decode(4n), "fixed[1]");
    assert.equal(d.decode(keccak256Word(listData) + 3n), "list[1].debt");
    assert.equal(d.decode(keccak256Word(name)), 'byName["alice"]');
    assert.equal(d.decode(keccak256Word(deepKey) + 1n), `deep[42][${addressHex(user)}].debt`);
    assert.equal(d.decode(keccak256Word(w(999n))), undefined);
    assert.throws(() => parseStorageLayout({ storage: [{ label: 1 }] }, "bad"), /bad\.storage\[0\]/);
  });
});
