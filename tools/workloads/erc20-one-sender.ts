// erc20-one-sender: ERC-20 transfers all from one sender (nonces 0..N-1) to distinct fresh recipients. Every
// transaction depends on the one before it (the sender's nonce, ETH balance and token balance), so the
// block is a fully serial chain: the worst case for a parallel executor, which must not be slower here
// than the sequential one.
import { loadArtifacts } from "../contracts/artifacts.js";
import { ETHER, signTx } from "./chain.js";
import { account, address } from "./keys.js";
import { Rng } from "./rng.js";
import { SetupChain } from "./setup.js";
import { deployToken, ERC20_TRANSFER_GAS, mintTokens, transferData } from "./tokens.js";
import type { WorkloadGenerator } from "./types.js";

export const erc20OneSender: WorkloadGenerator = {
  id: "erc20-one-sender",
  description: "ERC-20 transfers from a single sender (a fully serial chain) to distinct fresh recipients",
  gasPerTx: 51_600,
  async generate({ seed, txs }) {
    const artifacts = await loadArtifacts();
    const chain = new SetupChain(seed);
    const sender = account(seed, "sender", 0);
    chain.fund(sender.address, 1_000_000n * ETHER);
    const token = deployToken(chain, artifacts);
    const holding = BigInt(txs) * 1_000n * ETHER;
    mintTokens(chain, artifacts, token, [sender.address], [holding]);
    const rng = new Rng(seed, "erc20-one-sender");
    const out = Array.from({ length: txs }, (_, i) =>
      signTx({
        from: sender,
        nonce: chain.nextNonce(sender.address),
        to: token,
        data: transferData(artifacts, address(seed, "recipient", i), rng.bigint(1n, 1_000n * ETHER)),
        gasLimit: ERC20_TRANSFER_GAS,
      }),
    );
    return chain.finish("erc20-one-sender", out, { senders: 1, recipients: txs, tokens: 1 });
  },
};
