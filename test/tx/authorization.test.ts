// EIP-7702 set-code transactions: authorization validity (chain id, nonce, low s, y parity), delegation
// designators written and cleared, refunds for existing authorities, self-sponsored nonces, and how
// delegated accounts behave afterwards (calls run the delegate's code in the authority's context,
// EXTCODE* see the 23-byte designator, delegate access is charged, delegations never chain).
import assert from "node:assert/strict";
import { test } from "node:test";
import { delegationDesignator } from "../../src/evm/delegation.js";
import { bytesToHex } from "../../src/primitives/hex.js";
import { EMPTY_CODE_HASH, keccak256 } from "../../src/primitives/keccak.js";
import { recoverAddress, SECP256K1_N } from "../../src/primitives/secp256k1.js";
import { authorizationSigningHash, recoverAuthority } from "../../src/tx/authorization.js";
import type { Authorization } from "../../src/tx/types.js";
import { type AccountSpec, addr, gasOf } from "../evm/helpers.js";
import { key, makeTx, nonceOf, runTx, signAuthorization, TO, type TxRunOptions } from "./helpers.js";

const AUTHORITY = key(1);
const DELEGATE = 0xde1e_0000_0000_0000_0000_0000_0000_0000_0000_0001n;
/** Writes 0x42 to slot 0 and ADDRESS to slot 1 of whichever account runs it. */
const DELEGATE_CODE = "PUSH1 0x42 PUSH0 SSTORE ADDRESS PUSH1 1 SSTORE";

function auth(fields: Partial<{ chainId: bigint; address: bigint; nonce: bigint }> = {}, who = AUTHORITY) {
  return signAuthorization(who.priv, { chainId: 1n, address: DELEGATE, nonce: 0n, ...fields });
}

function setCode(list: Authorization[], opts: TxRunOptions = {}, to = TO) {
  const accounts: [bigint, AccountSpec][] = [[DELEGATE, { code: DELEGATE_CODE }], ...(opts.accounts ?? [])];
  return runTx(makeTx({ type: 4, authorizationList: list, to }), { ...opts, accounts });
}

function codeOf(r: ReturnType<typeof setCode>, address: bigint): string {
  return bytesToHex(r.post.getCode(address));
}

const DESIGNATOR = bytesToHex(delegationDesignator(DELEGATE));

test("the signing hash recovers to the signer", () => {
  const a = auth();
  assert.equal(recoverAuthority(a), AUTHORITY.address);
  assert.equal(DESIGNATOR, `0xef0100${DELEGATE.toString(16).padStart(40, "0")}`);
});

test("a valid authorization installs the designator and increments the authority's nonce", () => {
  const r = setCode([auth()]);
  assert.equal(r.result.status, 1);
  assert.equal(codeOf(r, AUTHORITY.address), DESIGNATOR);
  assert.equal(nonceOf(r.post, AUTHORITY.address), 1n);
  assert.deepEqual(r.post.getAccount(AUTHORITY.address)?.codeHash, keccak256(delegationDesignator(DELEGATE)));
  // An absent authority earns no refund: 21000 + 25000.
  assert.equal(r.result.gasUsed, 46000n);
});

test("an existing authority refunds 12500 (subject to the refund cap)", () => {
  const accounts: [bigint, AccountSpec][] = [[AUTHORITY.address, { balance: 1n }]];
  // Capped: 46000 / 5 = 9200.
  assert.equal(setCode([auth()], { accounts }).result.gasUsed, 46000n - 9200n);
  // With 3 fresh SSTOREs (66318) in the call, the full 12500 fits under the cap.
  const code = "PUSH1 1 PUSH1 0 SSTORE PUSH1 1 PUSH1 1 SSTORE PUSH1 1 PUSH1 2 SSTORE";
  const busy = setCode([auth()], { accounts: [...accounts, [TO, { code }]] });
  assert.equal(busy.result.gasUsed, 46000n + 66318n - 12500n);
});

test("chain id 0 authorizes on any chain; another chain id is skipped", () => {
  assert.equal(codeOf(setCode([auth({ chainId: 0n })]), AUTHORITY.address), DESIGNATOR);
  const other = setCode([auth({ chainId: 2n })]);
  assert.equal(other.result.status, 1, "an invalid tuple does not invalidate the transaction");
  assert.equal(codeOf(other, AUTHORITY.address), "0x");
  assert.equal(nonceOf(other.post, AUTHORITY.address), 0n);
});

test("the authorization nonce must equal the authority's nonce", () => {
  assert.equal(codeOf(setCode([auth({ nonce: 1n })]), AUTHORITY.address), "0x");
  const accounts: [bigint, { nonce: bigint }][] = [[AUTHORITY.address, { nonce: 5n }]];
  assert.equal(codeOf(setCode([auth({ nonce: 4n })], { accounts }), AUTHORITY.address), "0x");
  const ok = setCode([auth({ nonce: 5n })], { accounts });
  assert.equal(codeOf(ok, AUTHORITY.address), DESIGNATOR);
  assert.equal(nonceOf(ok.post, AUTHORITY.address), 6n);
  const max = (1n << 64n) - 1n;
  const maxed: [bigint, { nonce: bigint }][] = [[AUTHORITY.address, { nonce: max }]];
  assert.equal(codeOf(setCode([auth({ nonce: max })], { accounts: maxed }), AUTHORITY.address), "0x");
});

test("a high-s signature is rejected even though it recovers the same key", () => {
  const a = auth();
  const flipped: Authorization = { ...a, s: SECP256K1_N - a.s, yParity: 1n - a.yParity };
  const hash = authorizationSigningHash(a);
  assert.equal(recoverAddress(hash, flipped.r, flipped.s, Number(flipped.yParity)), AUTHORITY.address);
  assert.equal(recoverAuthority(flipped), undefined);
  assert.equal(codeOf(setCode([flipped]), AUTHORITY.address), "0x");
});

test("malformed signatures are skipped: y parity above 1, r or s zero", () => {
  const a = auth();
  for (const bad of [
    { ...a, yParity: 2n },
    { ...a, r: 0n },
    { ...a, s: 0n },
    { ...a, r: SECP256K1_N },
  ]) {
    assert.equal(recoverAuthority(bad), undefined);
    assert.equal(codeOf(setCode([bad]), AUTHORITY.address), "0x");
  }
  // A tuple altered after signing recovers some other address, which is then delegated instead.
  const tampered = { ...a, address: 0x9999n };
  const other = recoverAuthority(tampered);
  assert.ok(other !== undefined && other !== AUTHORITY.address);
  const r = setCode([tampered]);
  assert.equal(codeOf(r, AUTHORITY.address), "0x");
  assert.equal(codeOf(r, other), bytesToHex(delegationDesignator(0x9999n)));
});

test("delegating to the zero address clears the delegation", () => {
  const accounts: [bigint, { nonce: bigint; code: Uint8Array }][] = [
    [AUTHORITY.address, { nonce: 1n, code: delegationDesignator(DELEGATE) }],
  ];
  const r = setCode([auth({ address: 0n, nonce: 1n })], { accounts });
  assert.equal(codeOf(r, AUTHORITY.address), "0x");
  assert.deepEqual(r.post.getAccount(AUTHORITY.address)?.codeHash, EMPTY_CODE_HASH);
  assert.equal(nonceOf(r.post, AUTHORITY.address), 2n);
});

test("an authority with real contract code is skipped", () => {
  const accounts: [bigint, { nonce: bigint; code: string }][] = [
    [AUTHORITY.address, { nonce: 0n, code: "STOP" }],
  ];
  const r = setCode([auth()], { accounts });
  assert.equal(codeOf(r, AUTHORITY.address), "0x00");
  assert.equal(nonceOf(r.post, AUTHORITY.address), 0n);
});

test("a later authorization for the same authority wins", () => {
  const r = setCode([auth({ nonce: 0n }), auth({ nonce: 1n, address: 0x7777n })]);
  assert.equal(codeOf(r, AUTHORITY.address), bytesToHex(delegationDesignator(0x7777n)));
  assert.equal(nonceOf(r.post, AUTHORITY.address), 2n);
  // The second tuple found the account existing: a 12500 refund, under the cap of 71000 / 5.
  assert.equal(r.result.gasUsed, 71000n - 12500n);
  // Replaying the same nonce twice only applies once.
  const replay = setCode([auth(), auth()]);
  assert.equal(nonceOf(replay.post, AUTHORITY.address), 1n);
});

test("a self-sponsored authorization must carry the sender's nonce + 1", () => {
  const sponsor = key(2);
  const run = (list: Authorization[]) =>
    runTx(makeTx({ type: 4, authorizationList: list, sender: sponsor.address }), {
      accounts: [
        [DELEGATE, { code: DELEGATE_CODE }],
        [sponsor.address, { balance: 10n ** 18n }],
      ],
    });
  // The sender's nonce is incremented before the list is processed.
  const same = run([auth({ nonce: 0n }, sponsor)]);
  assert.equal(bytesToHex(same.post.getCode(sponsor.address)), "0x");
  assert.equal(nonceOf(same.post, sponsor.address), 1n);
  const next = run([auth({ nonce: 1n }, sponsor)]);
  assert.equal(bytesToHex(next.post.getCode(sponsor.address)), DESIGNATOR);
  assert.equal(nonceOf(next.post, sponsor.address), 2n);
});

test("calling a delegated account runs the delegate's code in the authority's context", () => {
  const r = setCode([auth()], {}, AUTHORITY.address);
  assert.equal(r.result.status, 1);
  assert.equal(r.post.getStorage(AUTHORITY.address, 0n), 0x42n);
  assert.equal(r.post.getStorage(AUTHORITY.address, 1n), AUTHORITY.address);
  assert.equal(r.post.getStorage(DELEGATE, 0n), 0n);
});

test("the delegation persists when the call itself reverts", () => {
  const r = setCode([auth()], { accounts: [[TO, { code: "PUSH0 PUSH0 REVERT" }]] });
  assert.equal(r.result.status, 0);
  assert.equal(codeOf(r, AUTHORITY.address), DESIGNATOR);
  assert.equal(nonceOf(r.post, AUTHORITY.address), 1n);
});

test("authorities end up warm", () => {
  const code = `PUSH20 ${addr(AUTHORITY.address)} BALANCE POP`;
  const r = setCode([auth()], { accounts: [[TO, { code }]] });
  assert.equal(r.result.gasUsed, 46000n + 3n + 100n + 2n);
  // Even an authorization skipped for its nonce has warmed the authority.
  const skipped = setCode([auth({ nonce: 3n })], { accounts: [[TO, { code }]] });
  assert.equal(skipped.result.gasUsed, 46000n + 3n + 100n + 2n);
});

test("EXTCODESIZE, EXTCODEHASH and EXTCODECOPY see the 23-byte designator", () => {
  const a = addr(AUTHORITY.address);
  const code = [
    `PUSH20 ${a} EXTCODESIZE PUSH0 SSTORE`,
    `PUSH20 ${a} EXTCODEHASH PUSH1 1 SSTORE`,
    `PUSH1 23 PUSH0 PUSH0 PUSH20 ${a} EXTCODECOPY PUSH0 MLOAD PUSH1 2 SSTORE`,
  ].join(" ");
  const r = setCode([auth()], { accounts: [[TO, { code }]] });
  assert.equal(r.post.getStorage(TO, 0n), 23n);
  assert.equal(r.post.getStorage(TO, 1n), BigInt(bytesToHex(keccak256(delegationDesignator(DELEGATE)))));
  assert.equal(r.post.getStorage(TO, 2n), BigInt(DESIGNATOR) << 72n);
});

test("a CALL to a delegated account also pays to access the delegate", () => {
  const accounts: [bigint, { code: string | Uint8Array }][] = [
    [AUTHORITY.address, { code: delegationDesignator(DELEGATE) }],
    [DELEGATE, { code: "STOP" }],
  ];
  const setup = `PUSH0 PUSH0 PUSH0 PUSH0 PUSH0 PUSH20 ${addr(AUTHORITY.address)} PUSH2 0xffff`;
  assert.equal(gasOf(setup, "CALL", { accounts }), 2600 + 2600);
  const warmDelegate = `PUSH20 ${addr(DELEGATE)} BALANCE POP ${setup}`;
  assert.equal(gasOf(warmDelegate, "CALL", { accounts }), 2600 + 100);
  // Before Prague a designator is just code starting with 0xef: no extra access, and running it is an
  // invalid opcode that burns the 0xffff gas passed.
  assert.equal(gasOf(setup, "CALL", { accounts, fork: "Cancun" }), 2600 + 0xffff);
});

test("delegations do not chain, and a delegation to a precompile runs nothing", () => {
  const second = key(3);
  // AUTHORITY -> second -> DELEGATE: calling AUTHORITY executes second's designator bytes (0xef: invalid).
  const chained = setCode(
    [auth({ address: second.address }), auth({ address: DELEGATE }, second)],
    {},
    AUTHORITY.address,
  );
  assert.equal(codeOf(chained, second.address), DESIGNATOR);
  assert.equal(chained.result.status, 0);
  assert.equal(chained.post.getStorage(AUTHORITY.address, 0n), 0n);
  // AUTHORITY -> identity precompile: the call succeeds with no output.
  const tx = makeTx({ type: 4, authorizationList: [auth({ address: 4n })], to: AUTHORITY.address });
  const toPrecompile = runTx({ ...tx, data: Uint8Array.of(1, 2, 3) });
  assert.equal(toPrecompile.result.status, 1);
  assert.equal(toPrecompile.result.output.length, 0);
  assert.equal(toPrecompile.result.gasUsed, 46000n + 3n * 16n);
});
