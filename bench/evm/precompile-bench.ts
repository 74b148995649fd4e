// Precompile benchmark: milliseconds per call of each precompile as Lanes runs it (the adopted backend),
// of the noble code path where another backend is adopted, of candidate WebAssembly/native libraries
// (loaded only when installed), and of anvil (native revm). Candidates are checked to give the same answer
// as Lanes on the benchmark input before they are timed.
//
// anvil's figure: a contract calls the precompile N times with STATICCALL in a loop and counts successes
// (which must equal N); eth_calls of it are repeated for at least a second, and anvil's CPU time over them
// (from /proc, 10 ms ticks) is divided by the number of precompile calls (the loop's own opcodes and the
// JSON-RPC handling add a little). All figures are CPU time, so machine load does not inflate them.
//
// anvil's "net" figure subtracts the same loop's per-call figure for identity on 32 bytes (the STATICCALL,
// the loop's opcodes and the RPC share), so it approximates the precompile's own work.
//
// Usage: npm run bench:precompiles -- [--min-ms 300] [--only ecrecover,bn254]
// The adopted native/WASM backends are optional dependencies (secp256k1, @crate-crypto/node-eth-kzg-linux-x64-gnu,
// mcl-wasm); the other candidates are not dependencies; to time them: npm install --no-save tiny-secp256k1
//   rustbn-wasm kzg-wasm.
import { readFileSync } from "node:fs";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { p256 } from "@noble/curves/nist.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { getForkRules } from "../../src/evm/forks.js";
import { blsG1AddNoble, blsG2AddNoble } from "../../src/evm/precompiles/bls12-381-add.js";
import { blsMapFp2ToG2Noble, blsMapFpToG1Noble } from "../../src/evm/precompiles/bls12-381-map.js";
import { preloadBls12381Backend } from "../../src/evm/precompiles/bls12-381-mcl.js";
import { blsG1MsmNoble, blsG2MsmNoble } from "../../src/evm/precompiles/bls12-381-msm.js";
import { blsPairingNoble } from "../../src/evm/precompiles/bls12-381-pairing.js";
import { bn254Noble } from "../../src/evm/precompiles/bn254.js";
import { preloadBn254Backend } from "../../src/evm/precompiles/bn254-mcl.js";
import { ECRECOVER_BACKEND, ecrecoverNoble } from "../../src/evm/precompiles/ecrecover.js";
import { getPrecompile, type Precompile } from "../../src/evm/precompiles/index.js";
import {
  kzgBackend,
  kzgPointEvaluationNoble,
  preloadKzg,
} from "../../src/evm/precompiles/kzg-point-evaluation.js";
import { preloadP256Backend } from "../../src/evm/precompiles/p256-mcl.js";
import { p256verifyNoble } from "../../src/evm/precompiles/p256verify.js";
import { RIPEMD160_BACKEND, ripemd160Noble } from "../../src/evm/precompiles/ripemd160.js";
import { bytesToHex, hexToBytes } from "../../src/primitives/hex.js";
import { keccak256 } from "../../src/primitives/keccak.js";
import { asm } from "../../tools/asm.js";
import { AnvilProcess, findAnvil } from "./anvil-process.js";

const RULES = getForkRules("Osaka");
const word = (v: bigint, bytes = 32) => v.toString(16).padStart(bytes * 2, "0");
const fp = (v: bigint) => word(v, 64);

// ----- inputs (valid, so every engine does the full work) -----
const ECRECOVER =
  "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c" +
  word(28n) +
  "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f" +
  "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549";
const BN_G1 = word(1n) + word(2n);
const BN_G1_DOUBLE =
  "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3" +
  "15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
const BN_G2_X =
  "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed";
const BN_G2 = `${BN_G2_X}090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa`;
const BN_NEG_G2 = `${BN_G2_X}275dc4a288d1afb3cbb1ac09187524c7db36395df7be3b99e673b13a075a65ec1d9befcd05a5323e6da4d435f3b617cdb3af83285c2df711ef39c01571827f9d`;
const SCALAR = "2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb7";
const KZG =
  "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b564c0a11a0f704f4fc3e8acfe0f8245f0ad1347b378fbf96e206da11a5d3630624d25032e67a7e6a4910df5834b8fe70e6bcfeeac0352434196bdf4b2485d5a18f59a8d2a1a625a17f3fea0fe5eb8c896db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7873033e038326e87ed3e1276fd140253fa08e9fc25fb2d9a98527fc22a2c9612fbeafdad446cbc7bcdbdcd780af2c16a";

// EIP-152 test vector 5: 12 rounds of BLAKE2b's compression on "abc".
const BLAKE2F = `0000000c${"48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b"}616263${"00".repeat(125)}03${"00".repeat(15)}01`;

/** A valid P256VERIFY input: hash || r || s || qx || qy, signed with a fixed key. */
function p256Input(): string {
  const secret = hexToBytes(`0x${"11".repeat(32)}`);
  const hash = sha256(new Uint8Array([1, 2, 3]));
  const signature = p256.sign(hash, secret, { prehash: false, format: "compact" });
  const pub = p256.getPublicKey(secret, false);
  return bytesToHex(hash).slice(2) + bytesToHex(signature).slice(2) + bytesToHex(pub.subarray(1)).slice(2);
}

const g1 = (p: typeof bls12_381.G1.Point.BASE) => {
  const { x, y } = p.toAffine();
  return fp(x) + fp(y);
};
const g2 = (p: typeof bls12_381.G2.Point.BASE) => {
  const { x, y } = p.toAffine();
  return fp(x.c0) + fp(x.c1) + fp(y.c0) + fp(y.c1);
};
const BLS_G1 = g1(bls12_381.G1.Point.BASE);
const BLS_G1_2 = g1(bls12_381.G1.Point.BASE.multiply(2n));
const BLS_G2 = g2(bls12_381.G2.Point.BASE);
const BLS_G2_2 = g2(bls12_381.G2.Point.BASE.multiply(2n));
const BLS_NEG_G1 = g1(bls12_381.G1.Point.BASE.negate());
const BLS_NEG_G2 = g2(bls12_381.G2.Point.BASE.negate());

interface Case {
  name: string;
  address: bigint;
  input: string;
  /** Calls per anvil loop. */
  loop: number;
}

const CASES: Case[] = [
  { name: "identity (32 B)", address: 0x04n, input: "ab".repeat(32), loop: 10000 },
  { name: "ecrecover", address: 0x01n, input: ECRECOVER, loop: 2000 },
  { name: "sha256 (1 KiB)", address: 0x02n, input: "ab".repeat(1024), loop: 5000 },
  { name: "ripemd160 (1 KiB)", address: 0x03n, input: "ab".repeat(1024), loop: 5000 },
  {
    name: "modexp (2048-bit)",
    address: 0x05n,
    input: word(256n) + word(32n) + word(256n) + "c3".repeat(256) + "ff".repeat(32) + "d7".repeat(256),
    loop: 200,
  },
  { name: "bn254 add", address: 0x06n, input: BN_G1 + BN_G1_DOUBLE, loop: 5000 },
  { name: "bn254 mul", address: 0x07n, input: BN_G1 + SCALAR, loop: 1000 },
  { name: "bn254 pairing (2 pairs)", address: 0x08n, input: BN_G1 + BN_G2 + BN_G1 + BN_NEG_G2, loop: 100 },
  { name: "blake2f (12 rounds)", address: 0x09n, input: BLAKE2F, loop: 5000 },
  { name: "bls12 g1 add", address: 0x0bn, input: BLS_G1 + BLS_G1_2, loop: 2000 },
  { name: "bls12 g1 msm (1 pair)", address: 0x0cn, input: BLS_G1 + SCALAR, loop: 500 },
  { name: "bls12 g2 add", address: 0x0dn, input: BLS_G2 + BLS_G2_2, loop: 2000 },
  { name: "bls12 g2 msm (1 pair)", address: 0x0en, input: BLS_G2 + SCALAR, loop: 200 },
  {
    name: "bls12 pairing (2 pairs)",
    address: 0x0fn,
    input: BLS_G1 + BLS_NEG_G2 + BLS_NEG_G1 + BLS_G2,
    loop: 50,
  },
  { name: "bls12 map fp->g1", address: 0x10n, input: fp(0x1234n), loop: 500 },
  { name: "bls12 map fp2->g2", address: 0x11n, input: fp(0x1234n) + fp(0x5678n), loop: 200 },
  { name: "kzg point evaluation", address: 0x0an, input: KZG, loop: 100 },
  { name: "p256verify", address: 0x100n, input: p256Input(), loop: 1000 },
];

/**
 * Milliseconds of this process's CPU time (user + system) per call of `fn`, run for at least `minMs` of CPU
 * after a warm-up. CPU time rather than wall time: the machine is shared, and waiting for a core is not
 * the precompile's cost.
 */
function perCall(fn: () => unknown, minMs: number): number {
  for (let i = 0; i < 3; i++) fn();
  let calls = 0;
  const start = process.cpuUsage();
  let used = 0;
  while (used < minMs) {
    fn();
    calls++;
    const d = process.cpuUsage(start);
    used = (d.user + d.system) / 1000;
  }
  return used / calls;
}

/** CPU time (ms) the process `pid` has used so far, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Candidate {
  library: string;
  precompile: string;
  /** One call on the case's input; returns the precompile's output bytes (hex, no 0x) for the check. */
  call: () => string;
}

/** Adapters for candidate libraries that are installed; each returns the precompile's output for its case. */
async function candidates(): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const input = (name: string) => hexToBytes(`0x${CASES.find((c) => c.name === name)!.input}`);
  const ec = input("ecrecover");
  const address = (pub: Uint8Array) =>
    `${"00".repeat(12)}${bytesToHex(keccak256(pub.subarray(1)).subarray(12)).slice(2)}`;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: optional library without types in this project.
    const secp: any = (await import("secp256k1" as string)).default;
    out.push({
      library: "secp256k1 (libsecp256k1, native)",
      precompile: "ecrecover",
      call: () => address(secp.ecdsaRecover(ec.subarray(64, 128), ec[63]! - 27, ec.subarray(0, 32), false)),
    });
  } catch {}
  try {
    // biome-ignore lint/suspicious/noExplicitAny: optional library.
    const tiny: any = await import("tiny-secp256k1" as string);
    out.push({
      library: "tiny-secp256k1 (libsecp256k1, WASM)",
      precompile: "ecrecover",
      call: () => address(tiny.recover(ec.subarray(0, 32), ec.subarray(64, 128), ec[63]! - 27, false)),
    });
  } catch {}
  try {
    // biome-ignore lint/suspicious/noExplicitAny: optional library.
    const { initRustBN }: any = await import("rustbn-wasm" as string);
    const bn = await initRustBN();
    for (const [name, fn] of [
      ["bn254 add", "ec_add"],
      ["bn254 mul", "ec_mul"],
      ["bn254 pairing (2 pairs)", "ec_pairing"],
    ] as const) {
      const hex = CASES.find((c) => c.name === name)!.input;
      out.push({ library: "rustbn-wasm (WASM)", precompile: name, call: () => String(bn[fn](hex)) });
    }
  } catch {}
  try {
    // biome-ignore lint/suspicious/noExplicitAny: optional library.
    const { loadKZG }: any = await import("kzg-wasm" as string);
    const kzg = await loadKZG();
    const h = (a: number, b: number) => `0x${KZG.slice(2 * a, 2 * b)}`;
    const ok =
      "000000000000000000000000000000000000000000000000000000000000100073eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";
    out.push({
      library: "kzg-wasm (c-kzg, WASM)",
      precompile: "kzg point evaluation",
      call: () => (kzg.verifyKZGProof(h(96, 144), h(32, 64), h(64, 96), h(144, 192)) ? ok : ""),
    });
  } catch {}
  return out;
}

/** The anvil loop: STATICCALLs `address` N times with calldata as input, returns the number of successes. */
function loopCode(address: bigint, n: number): Uint8Array {
  return asm(`
        PUSH0 PUSH4 ${n}
        CALLDATASIZE PUSH0 PUSH0 CALLDATACOPY
  loop: JUMPDEST
        PUSH0 PUSH0 CALLDATASIZE PUSH0 PUSH2 ${address} GAS STATICCALL
        DUP3 ADD SWAP2 POP
        PUSH1 1 SWAP1 SUB
        DUP1 PUSH @loop JUMPI
        POP PUSH0 MSTORE PUSH1 32 PUSH0 RETURN
  `);
}

function parse(argv: string[]): { minMs: number; only?: string[] } {
  const o: { minMs: number; only?: string[] } = { minMs: 300 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--min-ms") o.minMs = Number(argv[++i]);
    else if (argv[i] === "--only") o.only = argv[++i]?.split(",");
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return o;
}

const opts = parse(process.argv.slice(2));
const cases = CASES.filter((c) => opts.only === undefined || opts.only.some((o) => c.name.startsWith(o)));
const alternatives = await candidates();
const anvilBinary = findAnvil();
if (anvilBinary === undefined)
  process.stderr.write("precompile-bench: anvil not found; its column is left out\n");
const anvil =
  anvilBinary === undefined ? undefined : await AnvilProcess.start(anvilBinary, 10n ** 10n, "osaka");

// The adopted backends that load or build lazily, ready before timing.
const bn254Backend = (await preloadBn254Backend()) === undefined ? "noble" : "mcl (WASM)";
const blsBackend = (await preloadBls12381Backend()) === undefined ? "noble" : "mcl (WASM)";
const p256Backend = (await preloadP256Backend()) === undefined ? "noble" : "mcl (WASM)";
preloadKzg();
const BLS_CASES = [
  ["bls12 g1 add", blsG1AddNoble],
  ["bls12 g1 msm (1 pair)", blsG1MsmNoble],
  ["bls12 g2 add", blsG2AddNoble],
  ["bls12 g2 msm (1 pair)", blsG2MsmNoble],
  ["bls12 pairing (2 pairs)", blsPairingNoble],
  ["bls12 map fp->g1", blsMapFpToG1Noble],
  ["bls12 map fp2->g2", blsMapFp2ToG2Noble],
] as const;

/** The backend each precompile runs on in Lanes here (the "Lanes" column). */
const BACKEND: Record<string, string> = {
  ecrecover: ECRECOVER_BACKEND,
  "ripemd160 (1 KiB)": RIPEMD160_BACKEND,
  "bn254 add": bn254Backend,
  "bn254 mul": bn254Backend,
  "bn254 pairing (2 pairs)": bn254Backend,
  "kzg point evaluation": kzgBackend(),
  p256verify: p256Backend,
  ...Object.fromEntries(BLS_CASES.map(([name]) => [name, blsBackend])),
};

/** The noble code path of precompiles whose adopted backend is another library (timed as its own column). */
const NOBLE: Record<string, Precompile | undefined> = {
  ecrecover: ECRECOVER_BACKEND === "noble" ? undefined : ecrecoverNoble,
  "ripemd160 (1 KiB)": RIPEMD160_BACKEND === "noble" ? undefined : ripemd160Noble,
  "bn254 add": bn254Backend === "noble" ? undefined : bn254Noble.add,
  "bn254 mul": bn254Backend === "noble" ? undefined : bn254Noble.mul,
  "bn254 pairing (2 pairs)": bn254Backend === "noble" ? undefined : bn254Noble.pairing,
  "kzg point evaluation": kzgBackend() === "noble" ? undefined : kzgPointEvaluationNoble,
  p256verify: p256Backend === "noble" ? undefined : p256verifyNoble,
  ...Object.fromEntries(BLS_CASES.map(([name, noble]) => [name, blsBackend === "noble" ? undefined : noble])),
};

const rows: string[][] = [
  [
    "precompile",
    "Lanes backend",
    "Lanes ms/call",
    "noble ms/call",
    "candidates ms/call (same output)",
    "anvil ms/call",
    "anvil net of identity",
    "noble / Lanes",
    "Lanes / anvil net",
  ],
];
let identityAnvilMs: number | undefined;
for (const c of cases) {
  const precompile = getPrecompile(c.address, RULES)!;
  const input = hexToBytes(`0x${c.input}`);
  const expected = precompile(input, 1e9, RULES);
  if (!expected.success) throw new Error(`${c.name}: the benchmark input fails in Lanes`);
  const lanesMs = perCall(() => precompile(input, 1e9, RULES), opts.minMs);
  const noble = NOBLE[c.name];
  const nobleMs =
    noble === undefined ? "same" : perCall(() => noble(input, 1e9, RULES), opts.minMs).toFixed(4);
  const cand: string[] = [];
  for (const a of alternatives.filter((x) => x.precompile === c.name)) {
    const got = a.call().replace(/^0x/, "");
    if (got !== bytesToHex(expected.output).slice(2)) {
      cand.push(`${a.library}: different output`);
      continue;
    }
    cand.push(`${a.library} ${perCall(a.call, opts.minMs).toFixed(4)}`);
  }
  let anvilMs: number | undefined;
  if (anvil !== undefined) {
    const at = 0xb000n + c.address;
    await anvil.rpc("anvil_setCode", [
      `0x${at.toString(16).padStart(40, "0")}`,
      bytesToHex(loopCode(c.address, c.loop)),
    ]);
    const call = () =>
      anvil.rpc("eth_call", [
        { to: `0x${at.toString(16).padStart(40, "0")}`, data: `0x${c.input}`, gas: "0x2540be400" },
        "latest",
      ]);
    // The precompile must exist in anvil and give Lanes' output (an empty account would also "succeed").
    const direct = (await anvil.rpc("eth_call", [
      { to: `0x${c.address.toString(16).padStart(40, "0")}`, data: `0x${c.input}`, gas: "0x2540be400" },
      "latest",
    ])) as string;
    if (direct !== bytesToHex(expected.output))
      throw new Error(`${c.name}: anvil returned ${direct.slice(0, 80)}`);
    const count = BigInt((await call()) as string);
    if (count !== BigInt(c.loop)) throw new Error(`${c.name}: anvil succeeded ${count} of ${c.loop} calls`);
    // anvil's own CPU time over the timed calls (its process, all threads), read from /proc.
    let calls = 0;
    const cpu0 = processCpuMs(anvil.pid);
    const start = performance.now();
    while (calls < 5 || performance.now() - start < 1000) {
      await call();
      calls++;
    }
    anvilMs = (processCpuMs(anvil.pid) - cpu0) / (calls * c.loop);
    if (c.address === 0x04n) identityAnvilMs = anvilMs;
  }
  const net =
    anvilMs === undefined || identityAnvilMs === undefined || c.address === 0x04n
      ? undefined
      : Math.max(anvilMs - identityAnvilMs, 0);
  const row = [
    c.name,
    BACKEND[c.name] ?? (c.address === 0x02n ? "node:crypto" : "noble / own code"),
    lanesMs.toFixed(4),
    nobleMs,
    cand.join("; ") || "-",
    anvilMs === undefined ? "-" : anvilMs.toFixed(4),
    net === undefined ? "-" : net.toFixed(4),
    nobleMs === "same" ? "-" : `${(Number(nobleMs) / lanesMs).toFixed(1)}x`,
    net === undefined || net === 0 ? "-" : `${(lanesMs / net).toFixed(1)}x`,
  ];
  process.stderr.write(`${row.join(" | ")}\n`);
  rows.push(row);
}
anvil?.stop();
const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const table = rows.map((r) => `| ${r.join(" | ")} |`);
table.splice(1, 0, `|${rows[0]!.map((_, i) => (i < 2 ? "---|" : "--:|")).join("")}`);
process.stdout.write(`\n${table.join("\n")}\n\nCPU ms per call; load average at the end: ${load}\n`);
