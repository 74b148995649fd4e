// The three SDKs' examples, built from source with their toolchains (cached), deployed by ordinary creation
// transactions and used through their ABI: the counter (storage, events, unknown selectors) and the ERC-20
// (OpenZeppelin semantics: balances, allowances, events, custom errors, strings).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type Abi, decodeErrorResult } from "viem";
import { bytesToHex } from "../../src/primitives/hex.js";
import { keccak256Word } from "../../src/primitives/keccak.js";
import { type BuiltWasmContract, buildWasmContract } from "../../tools/wasm-contracts/build.js";
import { addressHex, decode, encode, TestChain } from "../../tools/wasm-contracts/chain.js";

const TRANSFER = keccak256Word(new TextEncoder().encode("Transfer(address,address,uint256)"));
const APPROVAL = keccak256Word(new TextEncoder().encode("Approval(address,address,uint256)"));
const INCREMENTED = keccak256Word(new TextEncoder().encode("Incremented(address,uint256)"));

const LANGUAGES = [
  { name: "AssemblyScript", dir: "sdk/assemblyscript/examples", ext: "ts" },
  { name: "C", dir: "sdk/c/examples", ext: "c" },
  { name: "Rust", dir: "sdk/rust/examples", ext: "rs" },
];

for (const lang of LANGUAGES) {
  describe(`${lang.name} SDK examples`, () => {
    let counter: BuiltWasmContract;
    let erc20: BuiltWasmContract;
    before(async () => {
      counter = await buildWasmContract(`${lang.dir}/counter.${lang.ext}`);
      erc20 = await buildWasmContract(`${lang.dir}/erc20.${lang.ext}`);
    });

    it("counter: increment, setNumber, events, unknown selectors revert", () => {
      const chain = new TestChain();
      const alice = chain.user(0);
      const c = chain.deploy(alice, counter.initCode);
      assert.deepEqual([...chain.state.getCode(c).subarray(0, 3)], [0xef, 0xf0, 0x00]);
      let r = chain.send(alice, c, encode(counter.abi, "increment"));
      assert.equal(r.status, 1, r.error);
      r = chain.send(alice, c, encode(counter.abi, "increment"));
      assert.equal(r.status, 1, r.error);
      assert.equal(r.logs.length, 1);
      assert.deepEqual(r.logs[0]!.topics, [INCREMENTED, alice.address]);
      assert.equal(bytesToHex(r.logs[0]!.data), `0x${"2".padStart(64, "0")}`);
      assert.equal(decode(counter.abi, "number", chain.call(c, encode(counter.abi, "number")).output), 2n);
      assert.equal(chain.send(alice, c, encode(counter.abi, "setNumber", [41n])).status, 1);
      assert.equal(chain.storage(c, 0n), 41n);
      const bad = chain.call(c, Uint8Array.of(1, 2, 3, 4));
      assert.equal(bad.success, false);
      assert.equal(bad.error, "revert");
      assert.equal(bad.output.length, 0);
    });

    it("ERC-20: mint, transfer, approve, transferFrom, events and OpenZeppelin errors", () => {
      const chain = new TestChain();
      const [alice, bob, carol] = [chain.user(0), chain.user(1), chain.user(2)];
      const t = chain.deploy(alice, erc20.initCode);
      const abi = erc20.abi;
      const balance = (a: bigint) =>
        decode(abi, "balanceOf", chain.call(t, encode(abi, "balanceOf", [addressHex(a)])).output);

      assert.equal(chain.send(alice, t, encode(abi, "mint", [addressHex(alice.address), 1000n])).status, 1);
      let r = chain.send(alice, t, encode(abi, "transfer", [addressHex(bob.address), 300n]));
      assert.equal(r.status, 1, r.error);
      assert.equal(decode(abi, "transfer", r.output), true);
      assert.deepEqual(r.logs[0]!.topics, [TRANSFER, alice.address, bob.address]);
      assert.equal(balance(alice.address), 700n);
      assert.equal(balance(bob.address), 300n);

      r = chain.send(bob, t, encode(abi, "approve", [addressHex(carol.address), 200n]));
      assert.deepEqual(r.logs[0]!.topics, [APPROVAL, bob.address, carol.address]);
      r = chain.send(
        carol,
        t,
        encode(abi, "transferFrom", [addressHex(bob.address), addressHex(carol.address), 150n]),
      );
      assert.equal(r.status, 1, r.error);
      assert.equal(r.logs.length, 1, "transferFrom emits Transfer only (OpenZeppelin v5)");
      assert.equal(
        decode(
          abi,
          "allowance",
          chain.call(t, encode(abi, "allowance", [addressHex(bob.address), addressHex(carol.address)]))
            .output,
        ),
        50n,
      );
      assert.equal(decode(abi, "totalSupply", chain.call(t, encode(abi, "totalSupply")).output), 1000n);
      // Solidity's storage layout: balances mapping at slot 0.
      assert.equal(
        chain.storage(
          t,
          keccak256Word(
            new Uint8Array([...new Uint8Array(12), ...hexBytes(carol.address, 20), ...new Uint8Array(32)]),
          ),
        ),
        150n,
      );

      r = chain.send(bob, t, encode(abi, "transfer", [addressHex(carol.address), 1000n]));
      assert.equal(r.status, 0);
      const err = decodeErrorResult({ abi: abi as Abi, data: bytesToHex(r.output) as `0x${string}` });
      assert.equal(err.errorName, "ERC20InsufficientBalance");
      assert.deepEqual(
        (err.args ?? []).map((x) => (typeof x === "string" ? x.toLowerCase() : x)),
        [addressHex(bob.address), 150n, 1000n],
      );
      r = chain.send(
        carol,
        t,
        encode(abi, "transferFrom", [addressHex(bob.address), addressHex(carol.address), 51n]),
      );
      assert.equal(
        decodeErrorResult({ abi: abi as Abi, data: bytesToHex(r.output) as `0x${string}` }).errorName,
        "ERC20InsufficientAllowance",
      );
      r = chain.send(alice, t, encode(abi, "transfer", [addressHex(0n), 1n]));
      assert.equal(
        decodeErrorResult({ abi: abi as Abi, data: bytesToHex(r.output) as `0x${string}` }).errorName,
        "ERC20InvalidReceiver",
      );
      assert.equal(balance(alice.address), 700n, "failed transfers change nothing");
      assert.equal(decode(abi, "decimals", chain.call(t, encode(abi, "decimals")).output), 18);
      assert.match(
        String(decode(abi, "name", chain.call(t, encode(abi, "name")).output)),
        /^Lanes .* Token$/,
      );
      // Non-payable, as the Solidity token.
      assert.equal(
        chain.send(alice, t, encode(abi, "transfer", [addressHex(bob.address), 1n]), { value: 1n }).status,
        0,
      );
    });
  });
}

function hexBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
