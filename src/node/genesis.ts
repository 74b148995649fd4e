// The dev chain's genesis: prefunded dev accounts plus the Prague system contracts (EIP-4788, 2935, 7002,
// 7251; runtime code from the EIPs, as deployed on mainnet), so blocks run the real pre/post-block system
// calls under every fork Lanes supports.
import { EMPTY_REQUESTS_HASH } from "../block/requests.js";
import type { BlockHeader } from "../block/types.js";
import { hexToBytes } from "../primitives/hex.js";
import { EMPTY_LIST_HASH, EMPTY_TRIE_ROOT } from "../primitives/keccak.js";
import { InMemoryState } from "../state/memory-state.js";
import { stateRoot } from "../trie/index.js";

export const SYSTEM_CONTRACTS: ReadonlyArray<{ address: bigint; code: string }> = [
  {
    address: 0x000f3df6d732807ef1319fb7b8bb8522d0beac02n,
    code:
      "0x3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff81" +
      "0690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500",
  },
  {
    address: 0x0000f90827f1c53a10cb7a02335b175320002935n,
    code:
      "0x3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff8143" +
      "0311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500",
  },
  {
    address: 0x00000961ef480eb55e80d19ad83579a64c007002n,
    code:
      "0x3373fffffffffffffffffffffffffffffffffffffffe1460cb5760115f54807fffffffffffffffffffffffffffffffffff" +
      "ffffffffffffffffffffffffffffff146101f457600182026001905f5b5f8211156068578101908302848302900491600101" +
      "9190604d565b909390049250505036603814608857366101f457346101f4575f5260205ff35b34106101f457600154600101" +
      "600155600354806003026004013381556001015f35815560010160203590553360601b5f5260385f601437604c5fa0600101" +
      "600355005b6003546002548082038060101160df575060105b5f5b8181146101835782810160030260040181604c02815460" +
      "601b8152601401816001015481526020019060020154807fffffffffffffffffffffffffffffffff00000000000000000000" +
      "000000000000168252906010019060401c908160381c81600701538160301c81600601538160281c81600501538160201c81" +
      "600401538160181c81600301538160101c81600201538160081c81600101535360010160e1565b9101809214610195579060" +
      "02556101a0565b90505f6002555f6003555b5f54807fffffffffffffffffffffffffffffffffffffffffffffffffffffffff" +
      "ffffffff14156101cd57505f5b6001546002828201116101e25750505f6101e8565b01600290035b5f555f600155604c025f" +
      "f35b5f5ffd",
  },
  {
    address: 0x0000bbddc7ce488642fb579f8b00f3a590007251n,
    code:
      "0x3373fffffffffffffffffffffffffffffffffffffffe1460d35760115f54807fffffffffffffffffffffffffffffffffff" +
      "ffffffffffffffffffffffffffffff1461019a57600182026001905f5b5f8211156068578101908302848302900491600101" +
      "9190604d565b9093900492505050366060146088573661019a573461019a575f5260205ff35b341061019a57600154600101" +
      "600155600354806004026004013381556001015f358155600101602035815560010160403590553360601b5f5260605f6014" +
      "3760745fa0600101600355005b6003546002548082038060021160e7575060025b5f5b818114610129578281016004026004" +
      "0181607402815460601b815260140181600101548152602001816002015481526020019060030154905260010160e9565b91" +
      "0180921461013b5790600255610146565b90505f6002555f6003555b5f54807fffffffffffffffffffffffffffffffffffff" +
      "ffffffffffffffffffffffffffff141561017357505f5b6001546001828201116101885750505f61018e565b01600190035b" +
      "5f555f6001556074025ff35b5f5ffd",
  },
];

/** 10,000 ether, as anvil gives each dev account. */
export const DEV_BALANCE = 10_000n * 10n ** 18n;
export const INITIAL_BASE_FEE = 1_000_000_000n;

export function genesisState(accounts: readonly bigint[], balance = DEV_BALANCE): InMemoryState {
  const state = new InMemoryState();
  for (const c of SYSTEM_CONTRACTS) state.putAccount(c.address, { nonce: 1n, code: hexToBytes(c.code) });
  for (const a of accounts) state.putAccount(a, { balance });
  return state;
}

export function genesisHeader(state: InMemoryState, gasLimit: bigint, timestamp: bigint): BlockHeader {
  return {
    parentHash: new Uint8Array(32),
    ommersHash: EMPTY_LIST_HASH.slice(),
    coinbase: 0n,
    stateRoot: stateRoot(state.accounts),
    transactionsRoot: EMPTY_TRIE_ROOT.slice(),
    receiptsRoot: EMPTY_TRIE_ROOT.slice(),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number: 0n,
    gasLimit,
    gasUsed: 0n,
    timestamp,
    extraData: new Uint8Array(0),
    mixHash: new Uint8Array(32),
    nonce: new Uint8Array(8),
    baseFeePerGas: INITIAL_BASE_FEE,
    withdrawalsRoot: EMPTY_TRIE_ROOT.slice(),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: new Uint8Array(32),
    requestsHash: EMPTY_REQUESTS_HASH.slice(),
  };
}
