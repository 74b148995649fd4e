// erc20-transfer: ERC-20 `transfer` calls on one OpenZeppelin token, every one from a distinct holder to a
// distinct fresh recipient. Transactions share the token's code and the coinbase, but no storage slot:
// each writes its sender's and its recipient's balance.
import { loadArtifacts } from "../contracts/artifacts.js";
import { ETHER, signTx } from "./chain.js";
import { accounts, address } from "./keys.js";
import { Rng } from "./rng.js";
import { SetupChain } from "./setup.js";
import { deployToken, ERC20_TRANSFER_GAS, mintTokens, transferData } from "./tokens.js";
import type { WorkloadGenerator } from "./types.js";

const HOLDING = 1_000n * ETHER;

export const erc20Transfer: WorkloadGenerator = {
  id: "erc20-transfer",
  description: "ERC-20 transfers on one token, distinct senders to distinct fresh recipients",
  gasPerTx: 51_600,
  async generate({ seed, txs }) {
    const artifacts = await loadArtifacts();
    const chain = new SetupChain(seed);
    const senders = accounts(seed, "sender", txs);
    for (const s of senders) chain.fund(s.address);
    const token = deployToken(chain, artifacts);
    mintTokens(
      chain,
      artifacts,
      token,
      senders.map((s) => s.address),
      senders.map(() => HOLDING),
    );
    const rng = new Rng(seed, "erc20-transfer");
    const out = senders.map((from, i) =>
      signTx({
        from,
        nonce: chain.nextNonce(from.address),
        to: token,
        data: transferData(artifacts, address(seed, "recipient", i), rng.bigint(1n, HOLDING)),
        gasLimit: ERC20_TRANSFER_GAS,
      }),
    );
    return chain.finish("erc20-transfer", out, { senders: txs, recipients: txs, tokens: 1 });
  },
};
