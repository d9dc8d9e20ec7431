// Per-function concurrency: at most `limit` executions at once; the rest wait in arrival order.
export class Semaphore {
  private active = 0;
  private waiting: (() => void)[] = [];

  constructor(public limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
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
