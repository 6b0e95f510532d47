/**
 * Slows password guessing: after `maxFailures` failed logins within `windowMs` for one name, or
 * from one address, further attempts answer 429 until the oldest failure leaves the window. A
 * success clears the name's failures. Memory is bounded: the oldest entries go first.
 */

/** Options of {@link LoginLimiter}. */
export interface LoginLimiterOptions {
  /** Failures allowed in the window (default 5 per name, 4x that per address). */
  maxFailures?: number;
  /** Window length in ms (default 15 minutes). */
  windowMs?: number;
  /** Most names and addresses remembered (default 10,000). */
  maxEntries?: number;
  now?: () => number;
}

/** Counts failed logins per name and per client address. */
export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #max: number;
  readonly #window: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: LoginLimiterOptions = {}) {
    this.#max = options.maxFailures ?? 5;
    this.#window = options.windowMs ?? 15 * 60_000;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#window;
    const list = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.#failures.set(key, list);
    else this.#failures.delete(key);
    return list;
  }

  /** Seconds until `name` from `address` may try again, or 0 when it may now. */
  retryAfterSec(name: string, address = "unknown"): number {
    const checks: [string, number][] = [[`n:${name}`, this.#max], [`a:${address}`, this.#max * 4]];
    let wait = 0;
    for (const [key, max] of checks) {
      const list = this.#recent(key);
      if (list.length >= max) {
        wait = Math.max(
          wait,
          Math.ceil((list[list.length - max] + this.#window - this.#now()) / 1000),
        );
      }
    }
    return wait;
  }

  /** Records a failed login. */
  fail(name: string, address = "unknown"): void {
    for (const key of [`n:${name}`, `a:${address}`]) {
      const list = this.#recent(key);
      list.push(this.#now());
      this.#failures.delete(key); // re-inserted last: the map's order is the eviction order
      this.#failures.set(key, list);
    }
    while (this.#failures.size > this.#maxEntries) {
      this.#failures.delete(this.#failures.keys().next().value!);
    }
  }

  /** Clears the failures of `name` after a successful login. */
  succeed(name: string): void {
    this.#failures.delete(`n:${name}`);
  }
}
