/** Helpers shared by the async backends' tests. */
import type { Plan } from "./backend.ts";
import { type Job, newJobId } from "./job.ts";

/** A queued async job of `fn`, due now unless `over` says otherwise. */
export function testJob(fn = "f", over: Partial<Job> = {}): Job {
  const now = Date.now();
  return {
    id: newJobId(now),
    fn,
    trigger: "async",
    method: "POST",
    path: "/",
    host: "localhost",
    headers: [],
    bodyBytes: 0,
    state: "queued",
    attempts: 0,
    epoch: 0,
    createdAt: now,
    dueAt: now,
    ...over,
  };
}

/** The decision that ends a job as a dead letter with `result` as its stored response body. */
export function deadWithResult(result: Uint8Array): (job: Job) => Plan {
  return (j) => ({
    job: {
      ...j,
      state: "dead",
      result: {
        status: 500,
        headers: [],
        bytes: result.byteLength,
        blob: "r1",
        requestId: "r",
        queueMs: 0,
        durationMs: 0,
      },
    },
    resultBody: result,
  });
}
