// A mistake in how the CLI was invoked: reported as one line on stderr with exit code 2, never a stack trace.
export class UsageError extends Error {
  override name = "UsageError";
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
