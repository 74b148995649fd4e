// A small, valid state-test fixture for unit tests, built as plain JSON so tests can break it field by field.

export const SENDER = "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b";
/** The well-known ethereum/tests key whose address is SENDER. */
export const SECRET_KEY = "0x45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8";
export const CONTRACT = "0x1000000000000000000000000000000000000000";
export const COINBASE = "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba";
export const EMPTY_LOGS = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function sampleTest(): { [key: string]: Json } {
  return {
    env: {
      currentCoinbase: COINBASE,
      currentGasLimit: "0x05f5e100",
      currentNumber: "0x01",
      currentTimestamp: "0x03e8",
      currentRandom: "0x0000000000000000000000000000000000000000000000000000000000020000",
      currentDifficulty: "0x00",
      currentBaseFee: "0x07",
      currentExcessBlobGas: "0x00",
    },
    pre: {
      [SENDER]: { nonce: "0x00", balance: "0x3635c9adc5dea00000", code: "0x", storage: {} },
      [CONTRACT]: { nonce: "0x01", balance: "0x00", code: "0x600160005500", storage: { "0x01": "0x02" } },
    },
    transaction: {
      nonce: "0x00",
      gasPrice: "0x0a",
      gasLimit: ["0x5208", "0x0186a0"],
      to: CONTRACT,
      value: ["0x00", "0x01"],
      data: ["0x", "0xdeadbeef"],
      sender: SENDER,
      secretKey: SECRET_KEY,
    },
    post: {
      Cancun: [
        {
          hash: "0x0000000000000000000000000000000000000000000000000000000000000001",
          logs: EMPTY_LOGS,
          indexes: { data: 0, gas: 0, value: 0 },
        },
        {
          hash: "0x0000000000000000000000000000000000000000000000000000000000000002",
          logs: EMPTY_LOGS,
          indexes: { data: 1, gas: 1, value: 1 },
          expectException: "TransactionException.INTRINSIC_GAS_TOO_LOW",
        },
      ],
    },
  };
}

/** A one-test file's text. */
export function fileText(test: Json, name = "sample"): string {
  return JSON.stringify({ [name]: test });
}
