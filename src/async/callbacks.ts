/**
 * Delivers finished jobs to their `X-Callback-Url`: a POST of the function's body with
 * `X-Denofn-Request-Id`, `X-Denofn-Status` and `X-Denofn-Async-Id`, retried with doubling
 * back-off until it is accepted (2xx) or the attempts run out. Redirects are not followed (one
 * could lead back to the platform).
 */
import type { AsyncBackend } from "./backend.ts";
import { type CallbackPolicy, callbackUrlProblem } from "./callback_policy.ts";
import type { Job } from "./job.ts";
import type { AsyncLimits } from "./settings.ts";

/** What callback delivery needs. */
export interface CallbackDeps {
  backend: AsyncBackend;
  policy: CallbackPolicy;
  limits: AsyncLimits;
  onChange?(job: Job): void;
  /** Told of each delivery attempt (metrics). */
  onAttempt?(job: Job, ok: boolean): void;
}

/** Handles a `callback` message of job `id`. */
export async function deliverCallback(deps: CallbackDeps, id: string, epoch: number) {
  const { backend, limits } = deps;
  const job = await backend.get(id);
  const cb = job?.callback;
  if (!job || !cb || !job.result || job.epoch !== epoch || cb.state !== "pending") return;
  const problem = await callbackUrlProblem(cb.url, deps.policy);
  let status: number | undefined;
  let error: string | undefined = problem ? `Refused: the callback URL ${problem}` : undefined;
  if (!problem) {
    try {
      const body = await backend.body(id, "result");
      const headers = new Headers(job.result.headers.filter(([k]) => k === "content-type"));
      headers.set("x-denofn-request-id", job.result.requestId);
      headers.set("x-denofn-status", String(job.result.status));
      headers.set("x-denofn-async-id", job.id);
      headers.set("x-denofn-function", job.fn);
      const res = await fetch(cb.url, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(limits.callbackTimeoutMs),
      });
      await res.body?.cancel();
      status = res.status;
      if (!res.ok) error = `The receiver answered ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
  }
  const ok = error === undefined;
  const updated = await backend.update(id, (j) => {
    if (j.epoch !== epoch || j.callback?.state !== "pending") return undefined;
    const attempts = j.callback.attempts + 1;
    const giveUp = problem !== undefined || attempts >= limits.callbackAttempts;
    const state = ok ? "delivered" as const : giveUp ? "failed" as const : "pending" as const;
    const callback = { ...j.callback, attempts, state, lastStatus: status, lastError: error };
    const delayMs = limits.callbackBackoffMs * 2 ** (attempts - 1);
    return {
      job: { ...j, callback },
      work: state === "pending" ? [{ kind: "callback" as const, delayMs }] : [],
    };
  });
  if (updated) {
    deps.onAttempt?.(updated, ok);
    deps.onChange?.(updated);
  }
}
