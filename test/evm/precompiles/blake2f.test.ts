import { describe, it } from "node:test";
import { assertFails, assertOk, call } from "./helpers.js";

// EIP-152 test vectors: rounds (4 bytes) || h || m ("abc") || t || f. Vector 8 (8,000,000 rounds) is skipped
// for time; the round loop is the same code.
const H =
  "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b";
const M = `616263${"00".repeat(125)}`;
const T = `03${"00".repeat(15)}`;
const vector = (rounds: string, final: string) => rounds + H + M + T + final;

describe("BLAKE2F (0x09)", () => {
  it("EIP-152 vector 4: 0 rounds", () => {
    assertOk(
      call(9n, vector("00000000", "01")),
      0,
      "08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b",
    );
  });

  it("EIP-152 vector 5: 12 rounds (blake2b-512 of 'abc')", () => {
    assertOk(
      call(9n, vector("0000000c", "01")),
      12,
      "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
    );
  });

  it("EIP-152 vector 6: final flag 0", () => {
    assertOk(
      call(9n, vector("0000000c", "00")),
      12,
      "75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d2875298743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735",
    );
  });

  it("EIP-152 vector 7: 1 round", () => {
    assertOk(
      call(9n, vector("00000001", "01")),
      1,
      "b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fba551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421",
    );
  });

  it("fails unless the input is exactly 213 bytes", () => {
    assertFails(call(9n, ""));
    assertFails(call(9n, vector("0000000c", "01").slice(2))); // 212 bytes
    assertFails(call(9n, `${vector("0000000c", "01")}00`)); // 214 bytes
  });

  it("fails for a final flag other than 0 or 1", () => {
    assertFails(call(9n, vector("0000000c", "02")));
    assertFails(call(9n, vector("0000000c", "ff")));
  });

  it("charges one gas per round and fails when rounds exceed the gas", () => {
    assertFails(call(9n, vector("0000000c", "01"), { gas: 11 }));
    assertFails(call(9n, vector("ffffffff", "01"), { gas: 1_000_000 }));
  });
});
