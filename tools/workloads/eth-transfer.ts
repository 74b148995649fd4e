// eth-transfer: plain ETH transfers, every one from a distinct sender to a distinct, previously empty
// recipient. No contract code runs; the only state shared between transactions is the coinbase balance
// (priority fees). The embarrassingly parallel baseline.
import { signTx } from "./chain.js";
import { accounts, address } from "./keys.js";
import { Rng } from "./rng.js";
import { SetupChain } from "./setup.js";
import type { WorkloadGenerator } from "./types.js";

export const ethTransfer: WorkloadGenerator = {
  id: "eth-transfer",
  description: "ETH transfers, distinct senders to distinct fresh recipients (21,000 gas each)",
  gasPerTx: 21_000,
  async generate({ seed, txs }) {
    const chain = new SetupChain(seed);
    const senders = accounts(seed, "sender", txs);
    for (const s of senders) chain.fund(s.address);
    const rng = new Rng(seed, "eth-transfer");
    const out = senders.map((from, i) =>
      signTx({
        from,
        nonce: chain.nextNonce(from.address),
        to: address(seed, "recipient", i),
        value: rng.bigint(10n ** 15n, 10n ** 18n),
        gasLimit: 21_000n,
      }),
    );
    return chain.finish("eth-transfer", out, { senders: txs, recipients: txs });
  },
};
