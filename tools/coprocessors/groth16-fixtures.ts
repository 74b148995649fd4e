// Regenerates the Groth16 fixtures of the ZK co-processor's tests: compiles the circuits in
// test/coprocessors/fixtures/groth16/*.circom with npm `circom2`, runs a local powers-of-tau ceremony and a
// Groth16 setup with npm `snarkjs`, proves one witness per circuit, and writes the verification key, proof
// and public signals (snarkjs JSON) beside the circuits, plus the Solidity verifier snarkjs exports for each
// key to contracts/coprocessors/snarkjs/. Nothing is downloaded. Proofs are randomized, so a re-run gives
// different (equally valid) fixtures; tests read the committed ones and need neither tool.
//
// Usage: npm run build && node dist/tools/coprocessors/groth16-fixtures.js
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

interface Circuit {
  name: string;
  /** Solidity contract name of the exported verifier. */
  verifier: string;
  input: Record<string, string>;
}

const CIRCUITS: Circuit[] = [
  { name: "multiplier", verifier: "MultiplierSnarkjsVerifier", input: { a: "3", b: "11" } },
  { name: "polynomial", verifier: "PolynomialSnarkjsVerifier", input: { x: "7", k: "12" } },
];

function run(root: string, tool: string, args: string[], cwd: string): void {
  execFileSync(join(root, "node_modules", ".bin", tool), args, {
    cwd,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function main(): void {
  const root = repoRoot();
  const fixtures = join(root, "test", "coprocessors", "fixtures", "groth16");
  const out = join(root, "contracts", "coprocessors", "snarkjs");
  const work = mkdtempSync(join(tmpdir(), "lanes-groth16-"));
  try {
    const ptau = (n: number) => join(work, `pot${n}.ptau`);
    run(root, "snarkjs", ["powersoftau", "new", "bn128", "8", ptau(0)], work);
    run(
      root,
      "snarkjs",
      ["powersoftau", "contribute", ptau(0), ptau(1), "--name=lanes", "-e=lanes fixtures"],
      work,
    );
    run(root, "snarkjs", ["powersoftau", "prepare", "phase2", ptau(1), ptau(2)], work);
    for (const c of CIRCUITS) {
      run(root, "circom2", [join(fixtures, `${c.name}.circom`), "--r1cs", "--wasm", "-o", work], work);
      const r1cs = join(work, `${c.name}.r1cs`);
      const wasm = join(work, `${c.name}_js`, `${c.name}.wasm`);
      const zkey0 = join(work, `${c.name}_0.zkey`);
      const zkey = join(work, `${c.name}.zkey`);
      run(root, "snarkjs", ["groth16", "setup", r1cs, ptau(2), zkey0], work);
      run(root, "snarkjs", ["zkey", "contribute", zkey0, zkey, "--name=lanes", "-e=lanes circuit"], work);
      const vkey = join(fixtures, `${c.name}.vkey.json`);
      run(root, "snarkjs", ["zkey", "export", "verificationkey", zkey, vkey], work);
      const inputFile = join(work, `${c.name}.input.json`);
      writeFileSync(inputFile, JSON.stringify(c.input));
      const proof = join(fixtures, `${c.name}.proof.json`);
      const publicSignals = join(fixtures, `${c.name}.public.json`);
      run(root, "snarkjs", ["groth16", "fullprove", inputFile, wasm, zkey, proof, publicSignals], work);
      run(root, "snarkjs", ["groth16", "verify", vkey, publicSignals, proof], work);
      const sol = join(work, `${c.name}.sol`);
      run(root, "snarkjs", ["zkey", "export", "solidityverifier", zkey, sol], work);
      const source = readFileSync(sol, "utf8").replace(
        /contract Groth16Verifier\b/,
        `contract ${c.verifier}`,
      );
      writeFileSync(join(out, `${c.verifier}.sol`), source);
      console.log(`${c.name}: vkey, proof, public signals and ${c.verifier}.sol written`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
