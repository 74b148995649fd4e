// Where a custody passphrase comes from: the LANES_CUSTODY_PASSPHRASE environment variable, or else an
// interactive prompt on the terminal (input not echoed). Never a command-line flag (flags are visible to
// every local user in the process list). Without either, a clear error.
import { CustodyError } from "./errors.js";

export const PASSPHRASE_ENV = "LANES_CUSTODY_PASSPHRASE";

export async function readPassphrase(purpose: string): Promise<string> {
  const env = process.env[PASSPHRASE_ENV];
  if (env !== undefined && env !== "") return env;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw new CustodyError(`no passphrase: set ${PASSPHRASE_ENV} or run on a terminal to be prompted`);
  }
  return prompt(`Passphrase for ${purpose}: `);
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = "";
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new CustodyError("cancelled"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on("data", onData);
  });
}
