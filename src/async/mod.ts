/**
 * Async invocations: jobs stored durably with their whole request, run through the gateway's
 * `/fn` path with retries and back-off, results kept for a TTL, callbacks, idempotency keys,
 * task tokens, dead letters with replay. The queue sits behind {@link AsyncBackend}; the
 * embedded default is Deno KV under `DENOFN_DATA`, the shared one NATS JetStream
 * (`js_backend.ts`, with `DENOFN_NATS_URL`).
 * @module
 */
export type { AsyncBackend, AtomicExtra, JobQuery, Plan, Work, WorkKind } from "./backend.ts";
export { createKvBackend } from "./kv_backend.ts";
export { createJsBackend, type JsBackend, type JsBackendOptions } from "./js_backend.ts";
export { KvQueue, type MessageHandler, type QueueMessage } from "./kv_queue.ts";
export {
  derivedJobId,
  isFinished,
  type Job,
  JOB_ID_PATTERN,
  type JobEvent,
  type JobResult,
  type JobState,
  type JobTrigger,
} from "./job.ts";
export {
  type AsyncObserver,
  AsyncService,
  type AsyncServiceOptions,
  type NewJob,
} from "./service.ts";
export { type AsyncRouteDeps, mountAsyncRoutes, pendingView } from "./routes.ts";
export { type CallbackPolicy, callbackUrlProblem } from "./callback_policy.ts";
export {
  type AsyncLimits,
  DEFAULT_ASYNC_LIMITS,
  DEFAULT_ASYNC_SETTINGS,
  type FunctionAsyncSettings,
} from "./settings.ts";
export { decideOutcome, isRetryable, type Outcome } from "./outcome.ts";
export { type AsyncMetrics, createAsyncMetrics } from "./metrics.ts";
