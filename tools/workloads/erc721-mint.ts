// erc721-mint: OpenZeppelin ERC-721 mints on one collection, every one by a distinct sender minting a
// distinct token id to itself. The wrapper's mint takes the id from the caller (no shared counter), so
// transactions share only the contract code and the coinbase; each writes its token's owner slot and its
// sender's balance slot. (A counter-based mint would make the block serial like erc20-one-sender.)
import { loadArtifacts } from "../contracts/artifacts.js";
import { signTx } from "./chain.js";
import { accounts } from "./keys.js";
import { Rng } from "./rng.js";
import { SetupChain } from "./setup.js";
import { deployNft, ERC721_MINT_GAS, nftMintData } from "./tokens.js";
import type { WorkloadGenerator } from "./types.js";

/** Distinct token ids: a random 64-bit base plus the index, so ids are neither tiny nor colliding. */
export function tokenIds(rng: Rng, count: number): bigint[] {
  const base = rng.bigint(1n << 62n, (1n << 63n) - 1n);
  return Array.from({ length: count }, (_, i) => base + BigInt(i));
}

export const erc721Mint: WorkloadGenerator = {
  id: "erc721-mint",
  description: "ERC-721 mints on one collection, distinct senders each minting a distinct id to itself",
  gasPerTx: 68_900,
  async generate({ seed, txs }) {
    const artifacts = await loadArtifacts();
    const chain = new SetupChain(seed);
    const senders = accounts(seed, "sender", txs);
    for (const s of senders) chain.fund(s.address);
    const nft = deployNft(chain, artifacts);
    const ids = tokenIds(new Rng(seed, "erc721-mint"), txs);
    const out = senders.map((from, i) =>
      signTx({
        from,
        nonce: chain.nextNonce(from.address),
        to: nft,
        data: nftMintData(artifacts, from.address, ids[i]!),
        gasLimit: ERC721_MINT_GAS,
      }),
    );
    return chain.finish("erc721-mint", out, { senders: txs, collections: 1 });
  },
};
