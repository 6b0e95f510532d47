/** The async settings of one function (its manifest's `async`) and of the platform. */

/** A function's `async` settings. */
export interface FunctionAsyncSettings {
  /** Attempts after the first on 5xx, 429 and timeouts. */
  retries: number;
  /** Delay before the first retry, doubled for each further one, ms. */
  backoffMs: number;
  /** Async runs of this function at once (separate from its sync traffic). */
  concurrency: number;
  /** Jobs waiting or running before new ones are refused with 429. */
  maxQueued: number;
  /** How long a result (and an idempotency key) is kept, seconds. */
  resultTtlSec: number;
  /** How long a task may wait for `POST /async/<id>/complete`, seconds. */
  taskTimeoutSec: number;
}

/** Defaults, as the manifest schema fills them in. */
export const DEFAULT_ASYNC_SETTINGS: FunctionAsyncSettings = {
  retries: 3,
  backoffMs: 1_000,
  concurrency: 4,
  maxQueued: 10_000,
  resultTtlSec: 86_400,
  taskTimeoutSec: 3_600,
};

/** Platform-wide async limits (from the configuration). */
export interface AsyncLimits {
  /** Largest request body stored for a job, bytes. */
  maxBodyBytes: number;
  /** Largest response body stored as a result, bytes (over it the job ends with 502). */
  maxResultBytes: number;
  /** Largest total of request header bytes stored with a job. */
  maxHeaderBytes: number;
  /** How long dead letters are kept, seconds. */
  deadTtlSec: number;
  /** Callback deliveries before giving up. */
  callbackAttempts: number;
  /** First delay between callback deliveries, doubled each time, ms. */
  callbackBackoffMs: number;
  /** Time allowed for one callback delivery, ms. */
  callbackTimeoutMs: number;
}

/** Defaults of {@link AsyncLimits}. */
export const DEFAULT_ASYNC_LIMITS: AsyncLimits = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxResultBytes: 8 * 1024 * 1024,
  maxHeaderBytes: 32 * 1024,
  deadTtlSec: 7 * 86_400,
  callbackAttempts: 6,
  callbackBackoffMs: 1_000,
  callbackTimeoutMs: 10_000,
};
