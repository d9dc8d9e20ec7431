// Per-function concurrency: at most `limit` executions at once; the rest wait in arrival order.
export class Semaphore {
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(public limit: number) {}

  /** Resolves with the release once a slot is free; with undefined if `signal` aborts while it waits. */
  acquire(): Promise<() => void>;
  acquire(signal: AbortSignal): Promise<(() => void) | undefined>;
  async acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    if (this.active >= this.limit) {
      const entered = await new Promise<boolean>((resolve) => {
        const wake = (): void => {
          signal?.removeEventListener('abort', leave);
          resolve(true);
        };
        const leave = (): void => {
          this.waiting = this.waiting.filter((w) => w !== wake);
          resolve(false);
        };
        if (signal?.aborted) return resolve(false);
        signal?.addEventListener('abort', leave, { once: true });
        this.waiting.push(wake);
      });
      if (!entered) return undefined;
    }
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiting.shift()?.();
    };
  }

  /** True when an acquire now would wait. */
  get busy(): boolean {
    return this.active >= this.limit;
  }

  get pending(): number {
    return this.waiting.length;
  }
}
