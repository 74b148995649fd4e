// A Hardhat L1 for the shard tests: @nomicfoundation/edr (Hardhat's runtime) behind a loopback HTTP
// JSON-RPC endpoint, automining, with the default mnemonic's accounts 0..9 prefunded (as `npx hardhat node`
// does), so ShardHub runs on a standard L1 that is not Lanes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { devAccounts } from "../../src/node/dev-accounts.js";
import { DEFAULT_MNEMONIC } from "../../src/node/index.js";
import { addressToHex, hexToBytes } from "../../src/primitives/hex.js";

type EdrModule = typeof import("@nomicfoundation/edr");

export interface EdrL1 {
  url: string;
  close(): Promise<void>;
}

export async function startEdrL1(chainId = 31337n): Promise<EdrL1> {
  const mod = (await import("@nomicfoundation/edr")) as EdrModule & { default?: EdrModule };
  const edr = mod.default ?? mod;
  const context = new edr.EdrContext();
  await context.registerProviderFactory(edr.L1_CHAIN_TYPE, edr.l1ProviderFactory());
  const genesisState = devAccounts(DEFAULT_MNEMONIC, 10).map((a) => ({
    address: hexToBytes(addressToHex(a.address)),
    balance: 10n ** 22n,
    nonce: 0n,
    storage: [],
  }));
  const provider = await context.createProvider(
    edr.L1_CHAIN_TYPE,
    {
      allowBlocksWithSameTimestamp: false,
      allowUnlimitedContractSize: false,
      bailOnCallFailure: false,
      bailOnTransactionFailure: false,
      chainId,
      coinbase: new Uint8Array(20),
      defaultTransactionGasLimit: 30_000_000n,
      genesisState,
      hardfork: edr.PRAGUE,
      initialBaseFeePerGas: 1_000_000_000n,
      minGasPrice: 0n,
      mining: { autoMine: true, memPool: { order: edr.MineOrdering.Priority }, blockGasLimit: 30_000_000n },
      network: { genesisBlockGasLimit: 30_000_000n, genesisBlockTime: BigInt(Math.floor(Date.now() / 1000)) },
      networkId: chainId,
      observability: {},
      ownedAccounts: [],
      precompileOverrides: [],
      transactionGasCap: false,
    } as never,
    { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
    { subscriptionCallback: () => {} },
    new edr.ContractDecoder(),
  );
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => {
      body += d;
    });
    req.on("end", () => {
      // Hardhat's HTTP server accepts a request without `params` (viem sends none for some methods).
      let request = body;
      try {
        const parsed = JSON.parse(body) as { params?: unknown };
        if (!Array.isArray(parsed) && parsed.params === undefined)
          request = JSON.stringify({ ...parsed, params: [] });
      } catch {
        // EDR answers the parse error itself.
      }
      provider.handleRequest(request).then(
        (r) => {
          res.setHeader("content-type", "application/json");
          res.end(typeof r.data === "string" ? r.data : JSON.stringify(r.data));
        },
        (e: unknown) => {
          res.statusCode = 500;
          res.end(String(e));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
