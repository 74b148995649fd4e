// The shared ending of `lanes t8n` and `lanes run`: bad input (see t8n/errors.ts) is reported as one line on
// stderr with exit status 1, while anything else is a bug and propagates to main's internal-error path.
import { inputErrorMessage } from "../t8n/errors.js";
import { EXIT_FAILED } from "./usage-error.js";

/** Runs `body`; `hint` may append advice to an input error's line. */
export function reportInputErrors(
  command: string,
  body: () => number,
  hint: (e: unknown) => string = () => "",
): number {
  try {
    return body();
  } catch (e) {
    return reportInputError(command, e, hint);
  }
}

/** reportInputErrors for a body that awaits (the parallel executor runs on worker threads). */
export async function reportInputErrorsAsync(
  command: string,
  body: () => Promise<number>,
  hint: (e: unknown) => string = () => "",
): Promise<number> {
  try {
    return await body();
  } catch (e) {
    return reportInputError(command, e, hint);
  }
}

function reportInputError(command: string, e: unknown, hint: (e: unknown) => string): number {
  const message = inputErrorMessage(e);
  if (message === undefined) throw e;
  process.stderr.write(`lanes ${command}: ${message}${hint(e)}\n`);
  return EXIT_FAILED;
}
