/** Bounded concurrency per key (per function): async runs wait here, never in a pool's queue. */

/** Per-key counting semaphore. */
export class KeyedLimiter {
  readonly #active = new Map<string, number>();
  readonly #waiting = new Map<string, (() => void)[]>();

  /** Waits for one of `limit` places of `key`; call the returned function to give it back. */
  async acquire(key: string, limit: number): Promise<() => void> {
    if ((this.#active.get(key) ?? 0) >= Math.max(1, limit)) {
      await new Promise<void>((resolve) => {
        const queue = this.#waiting.get(key) ?? [];
        queue.push(resolve);
        this.#waiting.set(key, queue);
      });
    } else {
      this.#active.set(key, (this.#active.get(key) ?? 0) + 1);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.get(key)?.shift();
      if (next) return next(); // the place passes on: the active count stays
      this.#active.set(key, (this.#active.get(key) ?? 1) - 1);
      if (!this.#active.get(key)) this.#active.delete(key);
    };
  }

  /** Places in use for `key`. */
  active(key: string): number {
    return this.#active.get(key) ?? 0;
  }

  /** Callers waiting for `key`. */
  waiting(key: string): number {
    return this.#waiting.get(key)?.length ?? 0;
  }
}
