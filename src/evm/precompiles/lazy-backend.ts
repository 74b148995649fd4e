// A precompile backend that loads asynchronously (a WebAssembly module such as mcl) behind synchronous
// precompiles: the first use starts loading it in the background and is answered by the fallback (noble),
// as is every call until it has loaded; `preload` awaits it. Both answer every input alike (each backend's
// file says how), so which one ran is a speed difference only. One instance per thread (module state).

export class LazyBackend<T> {
  private ready: T | undefined;
  private loading: Promise<T | undefined> | undefined;
  private enabled = true;

  /** `open` loads the backend and resolves to its operations; a rejection means "absent" (fallback). */
  constructor(private readonly open: () => Promise<T>) {}

  /** Loads the backend once; resolves to its operations, or undefined when it cannot load. */
  preload(): Promise<T | undefined> {
    this.loading ??= this.open().then(
      (ops) => {
        this.ready = ops;
        return ops;
      },
      () => undefined,
    );
    return this.loading;
  }

  /** The operations when loaded (and enabled); otherwise starts loading and returns undefined. */
  current(): T | undefined {
    if (!this.enabled) return undefined;
    if (this.ready === undefined && this.loading === undefined) void this.preload();
    return this.ready;
  }

  /** Turns the backend off (the fallback answers) or back on: for tests and the benchmark's noble column. */
  setEnabled(on: boolean): void {
    this.enabled = on;
  }

  /** Whether calls run on this backend right now. */
  inUse(): boolean {
    return this.enabled && this.ready !== undefined;
  }
}
