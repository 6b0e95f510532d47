/** The plans that end a job (done or dead) or park it (retrying, waiting), shared by every path. */
import type { AtomicExtra, Plan } from "./backend.ts";
import type { Job, JobResult } from "./job.ts";
import type { AsyncLimits, FunctionAsyncSettings } from "./settings.ts";

/** A response to store: its head and body. */
export interface StoredResponse {
  result: Omit<JobResult, "blob">;
  body: Uint8Array;
}

/** The job's callback (if it has one) set to be delivered afresh. */
export function pendingCallback(job: Job): Job["callback"] {
  return job.callback ? { ...job.callback, state: "pending", attempts: 0 } : undefined;
}

/** Ends `job` as `done` or `dead` with `res`: stores it, schedules the callback. */
export function endPlan(
  job: Job,
  state: "done" | "dead",
  res: StoredResponse,
  s: FunctionAsyncSettings,
  limits: AsyncLimits,
  extra?: AtomicExtra,
  now = Date.now(),
): Plan {
  const ttlSec = state === "done" ? s.resultTtlSec : Math.max(s.resultTtlSec, limits.deadTtlSec);
  const callback = pendingCallback(job);
  return {
    job: {
      ...job,
      state,
      finishedAt: now,
      expiresAt: now + ttlSec * 1000,
      taskTokenHash: undefined,
      result: { ...res.result, blob: `r${job.epoch}-${job.attempts}-${now.toString(36)}` },
      callback,
      lastError: state === "dead" ? `status ${res.result.status}` : job.lastError,
    },
    resultBody: res.body,
    dropRequestBody: state === "done",
    work: callback ? [{ kind: "callback", delayMs: 0 }] : [],
    extra,
  };
}

/** A JSON error as a stored response (for timeouts and failures the platform decides). */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  requestId: string,
): StoredResponse {
  const body = new TextEncoder().encode(JSON.stringify({ error: message, code, requestId }));
  return {
    result: {
      status,
      headers: [["content-type", "application/json"]],
      bytes: body.byteLength,
      requestId,
      queueMs: 0,
      durationMs: 0,
    },
    body,
  };
}
