import type { Clock } from "../clock.ts";

/** Backoff options: the first delay, the cap, and the growth factor. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
}

/**
 * Restart-with-backoff policy for crash loops: after a failed start or a crash soon after start,
 * further starts wait `initialMs`, then `factor` times longer each time, up to `maxMs`. A
 * successful, stable start resets it.
 */
export class CrashBackoff {
  #failures = 0;
  #until = 0;
  #lastError = "";
  constructor(
    private readonly clock: Clock,
    private readonly options: BackoffOptions = { initialMs: 250, maxMs: 10_000, factor: 2 },
  ) {}

  /** Records a failure; returns the delay before the next start is allowed. */
  failure(error: string): number {
    const { initialMs, maxMs, factor } = this.options;
    const delay = Math.min(maxMs, initialMs * factor ** this.#failures);
    this.#failures++;
    this.#until = this.clock.now() + delay;
    this.#lastError = error;
    return delay;
  }

  /** Clears the failure count (a start that worked, or a new version of the code). */
  reset(): void {
    this.#failures = 0;
    this.#until = 0;
    this.#lastError = "";
  }

  /** Ms left before a start is allowed (0 when allowed now). */
  remainingMs(): number {
    return Math.max(0, this.#until - this.clock.now());
  }

  /** How many failures in a row. */
  get failures(): number {
    return this.#failures;
  }

  /** The error of the last failure. */
  get lastError(): string {
    return this.#lastError;
  }
}
