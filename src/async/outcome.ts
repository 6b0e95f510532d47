/** What happens to a job after an attempt: the retry policy as one pure function. */

/** The facts of one finished attempt. */
export interface AttemptFacts {
  status: number;
  /** The function answered 202 and echoed `X-Denofn-Task-Token`: it finishes later. */
  taskAccepted: boolean;
  /** Attempts made so far, this one included. */
  attempts: number;
  /** Retries the manifest allows after the first attempt (`async.retries`). */
  retries: number;
  /** First retry delay (`async.backoffMs`), doubled for each further retry. */
  backoffMs: number;
  /** Seconds from a `Retry-After` header, when the function sent one. */
  retryAfterSec?: number;
}

/** The next step of a job. */
export type Outcome =
  | { kind: "done" }
  | { kind: "wait" }
  | { kind: "retry"; delayMs: number }
  | { kind: "dead" };

/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/** Whether a status is worth another attempt: 5xx (crash, timeout, not ready) and 429. */
export function isRetryable(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * Decides the next step: a 202 with the task token waits, a retryable status retries with
 * exponential back-off (at least any `Retry-After`) until the retries run out, then dies.
 * @example
 * decideOutcome({ status: 500, taskAccepted: false, attempts: 2, retries: 3, backoffMs: 100 })
 * // { kind: "retry", delayMs: 200 }
 */
export function decideOutcome(facts: AttemptFacts): Outcome {
  if (facts.status === 202 && facts.taskAccepted) return { kind: "wait" };
  if (!isRetryable(facts.status)) return { kind: "done" };
  if (facts.attempts > facts.retries) return { kind: "dead" };
  const backoff = facts.backoffMs * 2 ** Math.max(0, facts.attempts - 1);
  const asked = (facts.retryAfterSec ?? 0) * 1000;
  return { kind: "retry", delayMs: Math.min(MAX_RETRY_DELAY_MS, Math.max(backoff, asked)) };
}
