// How `lanes custody` subcommands report a failed protocol run: one line on stderr naming what failed
// (and which signers were blamed), exit status 1. Bugs still surface as internal errors.
import { CustodyError } from "../custody/errors.js";
import { EXIT_FAILED } from "./usage-error.js";

export async function custodyFailure(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (
      e instanceof CustodyError ||
      (e instanceof Error && /passphrase|signer \d+|session/.test(e.message))
    ) {
      process.stderr.write(`lanes custody: ${e.message}\n`);
      return EXIT_FAILED;
    }
    throw e;
  }
}
