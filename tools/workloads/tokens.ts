// The benchmark ERC-20 (BenchToken) and ERC-721 (BenchNFT): deployment through a setup chain, batched
// mints, and the calldata of the calls the benchmark blocks make.

import { concatBytes } from "../../src/primitives/hex.js";
import { keccak256Word } from "../../src/primitives/keccak.js";
import type { StateReader } from "../../src/state/types.js";
import { type BenchArtifacts, selector } from "../contracts/artifacts.js";
import { encodeArgs, encodeCall, word } from "./abi.js";
import type { SetupChain } from "./setup.js";

/** Gas limits: generous upper bounds (the block gas limit is the sum of these, see chain.ts). */
export const ERC20_TRANSFER_GAS = 90_000n;
export const ERC721_MINT_GAS = 150_000n;
const DEPLOY_GAS = 3_000_000n;
const MINTS_PER_TX = 200;
const GAS_PER_MINT = 40_000n;

export function deployToken(chain: SetupChain, artifacts: BenchArtifacts, initialSupply = 0n): bigint {
  const initcode = concatBytes(artifacts.token.bytecode, encodeArgs([initialSupply]));
  return chain.deploy(chain.deployer, initcode, DEPLOY_GAS);
}

export function deployNft(chain: SetupChain, artifacts: BenchArtifacts): bigint {
  return chain.deploy(chain.deployer, artifacts.nft.bytecode, DEPLOY_GAS);
}

/** Queues mints of `amounts[i]` to `holders[i]`, MINTS_PER_TX per transaction. */
export function mintTokens(
  chain: SetupChain,
  artifacts: BenchArtifacts,
  token: bigint,
  holders: readonly bigint[],
  amounts: readonly bigint[],
): void {
  const sel = selector(artifacts.token, "mintBatch(address[],uint256[])");
  for (let i = 0; i < holders.length; i += MINTS_PER_TX) {
    const to = holders.slice(i, i + MINTS_PER_TX);
    const data = encodeCall(sel, [{ words: to }, { words: amounts.slice(i, i + MINTS_PER_TX) }]);
    chain.send(chain.deployer, token, data, 100_000n + GAS_PER_MINT * BigInt(to.length));
  }
}

export function transferData(artifacts: BenchArtifacts, to: bigint, amount: bigint): Uint8Array {
  return encodeCall(selector(artifacts.token, "transfer(address,uint256)"), [to, amount]);
}

export function nftMintData(artifacts: BenchArtifacts, to: bigint, tokenId: bigint): Uint8Array {
  return encodeCall(selector(artifacts.nft, "mint(address,uint256)"), [to, tokenId]);
}

/** A holder's balance in an OpenZeppelin v5 ERC20 (`_balances` is the mapping at slot 0), read from state. */
export function erc20Balance(state: StateReader, token: bigint, holder: bigint): bigint {
  return state.getStorage(token, keccak256Word(concatBytes(word(holder), word(0n))));
}
