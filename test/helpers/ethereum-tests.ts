// Locates the shared conformance fixtures ($ETHEREUM_TESTS, default ../shared/ethereum-tests).
import { existsSync } from "node:fs";
import { resolve } from "node:path";

export function ethereumTestsDir(): string | undefined {
  const dir = resolve(process.env.ETHEREUM_TESTS ?? "../shared/ethereum-tests");
  return existsSync(dir) ? dir : undefined;
}

/** The fixture folder, or undefined after printing the one-line skip notice. */
export function fixtureDir(sub: string): string | undefined {
  const root = ethereumTestsDir();
  const dir = root ? resolve(root, sub) : undefined;
  if (!dir || !existsSync(dir)) {
    console.log(`# skipping ${sub}: fixtures not found (set ETHEREUM_TESTS to the ethereum-tests folder)`);
    return undefined;
  }
  return dir;
}
