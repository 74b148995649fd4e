// Progress on stderr. On a TTY: one status line rewritten in place, and a permanent line per finished
// workload. Elsewhere (a pipe, a CI log): only the permanent lines, so logs stay readable. `quiet` prints
// nothing but warnings.
export interface Progress {
  /** The current step (transient). */
  update(text: string): void;
  /** A warning or note that must stay visible. */
  log(text: string): void;
  /** A finished step (permanent, replaces the status line). */
  done(text: string): void;
}

export function stderrProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true && !options.quiet;
  let start = performance.now();
  let shown = false;
  const clear = () => {
    if (shown) stream.write("\r\x1b[2K");
    shown = false;
  };
  return {
    update(text) {
      if (!tty) return;
      const secs = ((performance.now() - start) / 1000).toFixed(0);
      const width = stream.columns !== undefined && stream.columns > 10 ? stream.columns - 1 : 200;
      clear();
      stream.write(`[${secs}s] ${text}`.slice(0, width));
      shown = true;
    },
    log(text) {
      clear();
      stream.write(`${text}\n`);
    },
    done(text) {
      clear();
      if (!options.quiet) stream.write(`${text}\n`);
      start = performance.now();
    },
  };
}

/** Progress that prints nothing (tests, library use). */
export const silentProgress: Progress = { update() {}, log() {}, done() {} };
