// The Groth16 co-processor against the Solidity verifier snarkjs exports, both running on Lanes: for real
// proofs of two circom2 circuits (fixtures made by tools/coprocessors/groth16-fixtures.ts), valid proofs
// pass and every tampering fails, with identical verdicts from the snarkjs verifier, a contract using the
// co-processor (Groth16Gate, key registered once as a blob) and a direct co-processor call; and the
// co-processor path costs less gas.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { encodeFunctionData, parseAbi } from "viem";
import { GROTH16_ADDRESS } from "../../src/coprocessors/addresses.js";
import {
  encodeVerificationKey,
  proofWords,
  type SnarkjsProof,
  type SnarkjsVerificationKey,
} from "../../src/coprocessors/groth16/key.js";
import { R } from "../../src/coprocessors/groth16/verify.js";
import { hexToBytes } from "../../src/primitives/hex.js";
import { CoproChain, decodeResult, encodeCall } from "../../tools/coprocessors/harness.js";
import { hex } from "../../tools/coprocessors/models.js";
import { repoRoot } from "../../tools/coprocessors/paths.js";

const P = 21888242871839275222246405745257275088696311157297509589177696420634451767751n;
const DIR = join(repoRoot(), "test", "coprocessors", "fixtures", "groth16");
const read = <T>(file: string): T => JSON.parse(readFileSync(join(DIR, file), "utf8")) as T;

interface Circuit {
  name: string;
  verifier: string;
  vk: SnarkjsVerificationKey;
  proof: bigint[];
  signals: bigint[];
}

const circuits: Circuit[] = [
  ["multiplier", "MultiplierSnarkjsVerifier"],
  ["polynomial", "PolynomialSnarkjsVerifier"],
].map(([name, verifier]) => ({
  name: name!,
  verifier: verifier!,
  vk: read<SnarkjsVerificationKey>(`${name}.vkey.json`),
  proof: proofWords(read<SnarkjsProof>(`${name}.proof.json`)),
  signals: read<string[]>(`${name}.public.json`).map(BigInt),
}));

type Case = { name: string; valid: boolean; proof: bigint[]; signals: bigint[] };

function cases(c: Circuit, other: Circuit): Case[] {
  const p = c.proof;
  const s = c.signals;
  const withProof = (name: string, proof: bigint[]): Case => ({ name, valid: false, proof, signals: s });
  const set = (i: number, v: bigint) => p.map((w, k) => (k === i ? v : w));
  return [
    { name: "valid proof", valid: true, proof: p, signals: s },
    { name: "wrong public signal", valid: false, proof: p, signals: s.map((v, i) => (i === 0 ? v + 1n : v)) },
    {
      name: "public signal + r (not a field element)",
      valid: false,
      proof: p,
      signals: s.map((v, i) => (i === 0 ? v + R : v)),
    },
    withProof("A negated (on the curve, wrong)", set(1, P - p[1]!)),
    withProof("A off the curve", set(1, p[1]! + 1n)),
    withProof("A x-coordinate + p", set(0, p[0]! + P)),
    withProof("A at infinity", [0n, 0n, ...p.slice(2)]),
    withProof("B coordinates swapped", [p[0]!, p[1]!, p[3]!, p[2]!, p[5]!, p[4]!, p[6]!, p[7]!]),
    withProof("B off the twist", set(5, (p[5]! + 1n) % P)),
    withProof("C replaced by A", [...p.slice(0, 6), p[0]!, p[1]!]),
    withProof("C off the curve", set(7, (p[7]! + 1n) % P)),
    withProof("all-zero proof", new Array(8).fill(0n)),
    withProof(`proof of ${other.name}`, other.proof),
  ];
}

const verifierAbi = (n: number) =>
  parseAbi([`function verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[${n}] s) view returns (bool)`]);

function snarkjsCall(proof: bigint[], signals: bigint[]): Uint8Array {
  return hexToBytes(
    encodeFunctionData({
      abi: verifierAbi(signals.length),
      functionName: "verifyProof",
      args: [
        [proof[0]!, proof[1]!],
        [
          [proof[2]!, proof[3]!],
          [proof[4]!, proof[5]!],
        ],
        [proof[6]!, proof[7]!],
        signals,
      ] as never,
    }),
  );
}

function gateCall(proof: bigint[], signals: bigint[]): Uint8Array {
  return encodeCall("Groth16Gate", "verifyProof", [
    [proof[0]!, proof[1]!],
    [
      [proof[2]!, proof[3]!],
      [proof[4]!, proof[5]!],
    ],
    [proof[6]!, proof[7]!],
    signals,
  ]);
}

const coproAbi = parseAbi([
  "function verify(bytes vk, uint256[8] proof, uint256[] signals) view returns (bool)",
]);

describe("Groth16 co-processor vs the snarkjs Solidity verifier", () => {
  const chain = new CoproChain();
  const owner = chain.account(0);
  const deployed = new Map<string, { snarkjs: bigint; gate: bigint }>();

  before(async () => {
    for (const c of circuits) {
      const snarkjs = await chain.deploy(owner, c.verifier);
      const gate = await chain.deploy(owner, "Groth16Gate", [hex(encodeVerificationKey(c.vk))]);
      deployed.set(c.name, { snarkjs, gate });
    }
  });

  for (const [index, c] of circuits.entries()) {
    it(`${c.name} (${c.signals.length} public signals): the verdict matrix`, () => {
      const { snarkjs, gate } = deployed.get(c.name)!;
      for (const k of cases(c, circuits[1 - index]!)) {
        const bySnarkjs = chain.call(owner, snarkjs, snarkjsCall(k.proof, k.signals));
        const byGate = chain.call(owner, gate, gateCall(k.proof, k.signals));
        const direct = chain.call(
          owner,
          GROTH16_ADDRESS,
          hexToBytes(
            encodeFunctionData({
              abi: coproAbi,
              functionName: "verify",
              args: [hex(encodeVerificationKey(c.vk)), k.proof as never, k.signals],
            }),
          ),
        );
        for (const r of [bySnarkjs, byGate, direct]) assert.equal(r.status, 1, `${k.name}: ${r.error}`);
        const verdicts = [bySnarkjs.output[31], byGate.output[31], direct.output[31]];
        assert.deepEqual(verdicts, [k.valid ? 1 : 0, k.valid ? 1 : 0, k.valid ? 1 : 0], k.name);
        assert.equal(decodeResult("Groth16Gate", "verifyProof", byGate.output), k.valid);
      }
    });

    it(`${c.name}: the co-processor path uses less gas than the snarkjs verifier`, () => {
      const { snarkjs, gate } = deployed.get(c.name)!;
      const bySnarkjs = chain.call(owner, snarkjs, snarkjsCall(c.proof, c.signals));
      const byGate = chain.call(owner, gate, gateCall(c.proof, c.signals));
      assert.ok(byGate.gasUsed < bySnarkjs.gasUsed, `${byGate.gasUsed} >= ${bySnarkjs.gasUsed}`);
    });
  }

  it("a malformed key or a wrong signal count makes the call fail", () => {
    const c = circuits[0]!;
    const vk = encodeVerificationKey(c.vk);
    const call = (key: Uint8Array, signals: bigint[]) =>
      chain.call(
        owner,
        GROTH16_ADDRESS,
        hexToBytes(
          encodeFunctionData({
            abi: coproAbi,
            functionName: "verify",
            args: [hex(key), c.proof as never, signals],
          }),
        ),
      );
    assert.equal(call(vk, c.signals).output[31], 1);
    assert.equal(call(vk, [...c.signals, 1n]).status, 0);
    assert.equal(call(vk.subarray(0, vk.length - 1), c.signals).status, 0);
    const badAlpha = vk.slice();
    badAlpha[63] = badAlpha[63]! ^ 1;
    assert.equal(call(badAlpha, c.signals).status, 0);
  });
});
