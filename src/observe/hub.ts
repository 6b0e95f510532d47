/** Fans items out to live subscribers, per key. A slow subscriber loses its oldest items. */
export class Hub<T> {
  #subs = new Map<string, Set<(item: T) => void>>();

  constructor(readonly maxBacklog = 10_000) {}

  /** Delivers `item` to every subscriber of `key`. Never throws. */
  publish(key: string, item: T): void {
    const subs = this.#subs.get(key);
    if (!subs) return;
    for (const deliver of subs) deliver(item);
  }

  /** Number of live subscribers of `key`. */
  count(key: string): number {
    return this.#subs.get(key)?.size ?? 0;
  }

  /**
   * Yields every item published to `key` from now on, until `signal` aborts. Registration is
   * immediate (before the first `next()`), so nothing published after this call is missed.
   */
  subscribe(key: string, signal: AbortSignal): AsyncIterable<T> {
    const backlog: T[] = [];
    let wake: (() => void) | undefined;
    const deliver = (item: T) => {
      backlog.push(item);
      if (backlog.length > this.maxBacklog) backlog.shift();
      wake?.();
    };
    let subs = this.#subs.get(key);
    if (!subs) this.#subs.set(key, subs = new Set());
    subs.add(deliver);
    const unsubscribe = () => {
      subs.delete(deliver);
      if (subs.size === 0 && this.#subs.get(key) === subs) this.#subs.delete(key);
      signal.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      unsubscribe();
      wake?.();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) unsubscribe();
    async function* iterate(): AsyncGenerator<T> {
      try {
        while (!signal.aborted) {
          if (backlog.length === 0) {
            await new Promise<void>((resolve) => wake = resolve);
            wake = undefined;
            continue;
          }
          yield backlog.shift()!;
        }
      } finally {
        unsubscribe();
      }
    }
    return iterate();
  }
}
