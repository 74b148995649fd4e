// The state-root cost of a one-account change as the state grows (issue 11: O(changed) roots). For each size,
// builds a state of N accounts (every 10th with 4 storage slots), computes its root once (building the trie,
// as the parent block's root would), then times, alternating, median of `runs`:
//   state:   InMemoryState.applyDiff(one account: balance and one slot) + stateRoot()  (the node after a block)
//   overlay: a block's OverlayState over the state with that change + its stateRoot()   (executeBlock's root)
// Roots are checked against a full rebuild at the smallest size.
// usage: node bench/trie/one-account-root.mjs [distdir=dist] [sizes=10000,100000,1000000] [runs=21]
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const dist = resolve(process.argv[2] ?? "dist");
const sizes = (process.argv[3] ?? "10000,100000,1000000").split(",").map(Number);
const runs = Number(process.argv[4] ?? 21);
const imp = (p) => import(pathToFileURL(`${dist}/${p}`).href);
const { InMemoryState } = await imp("src/state/memory-state.js");
const { OverlayState } = await imp("src/block/overlay-state.js");
const { stateRoot } = await imp("src/trie/index.js");
const { EMPTY_CODE_HASH } = await imp("src/primitives/keccak.js");
const hex = (b) => Buffer.from(b).toString("hex");
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const BASE = 0xa11ce00000000000000000000000000000000000n;
function build(n) {
  const s = new InMemoryState();
  for (let i = 0; i < n; i++) {
    const storage =
      i % 10 === 0
        ? new Map([
            [1n, 1n],
            [2n, BigInt(i + 1)],
            [3n, 3n],
            [BigInt(i) << 100n, 7n],
          ])
        : undefined;
    s.putAccount(BASE + BigInt(i) * 0x1000003n, { nonce: 1n, balance: BigInt(i + 1) * 10n ** 15n, storage });
  }
  return s;
}

function change(address, k) {
  return new Map([
    [
      address,
      {
        account: { nonce: 1n, balance: 10n ** 18n + BigInt(k), codeHash: EMPTY_CODE_HASH },
        storageCleared: false,
        storage: new Map([[2n, BigInt(k + 1)]]),
      },
    ],
  ]);
}

const rows = [];
for (const n of sizes) {
  let t = performance.now();
  const s = build(n);
  const buildMs = performance.now() - t;
  t = performance.now();
  s.stateRoot();
  const firstRootMs = performance.now() - t;
  const target = BASE + BigInt(n >> 1) * 0x1000003n;
  const stateMs = [];
  const overlayMs = [];
  for (let k = 0; k < runs + 3; k++) {
    t = performance.now();
    s.applyDiff(change(target, k));
    const root = s.stateRoot();
    const a = performance.now() - t;
    t = performance.now();
    const o = new OverlayState(s);
    o.apply(change(target + 0x1000003n * 10n, k));
    const oroot = o.stateRoot();
    const b = performance.now() - t;
    if (k >= 3) {
      stateMs.push(a);
      overlayMs.push(b);
    }
    if (n === sizes[0] && k === 0) {
      if (hex(root) !== hex(stateRoot(s.accounts)))
        throw new Error("state root differs from the full rebuild");
      if (hex(oroot) !== hex(o.fullStateRoot()))
        throw new Error("overlay root differs from the full rebuild");
    }
  }
  const row = { accounts: n, buildMs, firstRootMs, stateMs: median(stateMs), overlayMs: median(overlayMs) };
  rows.push(row);
  console.log(
    `${String(n).padStart(9)} accounts: build ${buildMs.toFixed(0)} ms, first root ${firstRootMs.toFixed(0)} ms; ` +
      `one-account change: state ${row.stateMs.toFixed(3)} ms, overlay ${row.overlayMs.toFixed(3)} ms`,
  );
}
const first = rows[0];
for (const r of rows.slice(1)) {
  console.log(
    `${r.accounts} vs ${first.accounts}: state ${(r.stateMs / first.stateMs).toFixed(2)}x, overlay ${(r.overlayMs / first.overlayMs).toFixed(2)}x`,
  );
}
