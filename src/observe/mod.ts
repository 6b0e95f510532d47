/**
 * Observability: per-function logs, invocation history, Prometheus metrics, `Server-Timing` and
 * `traceparent` helpers.
 * @module
 */
export type {
  CapturedBody,
  FunctionLogLine,
  FunctionLogSink,
  InvocationObserver,
  InvocationRecord,
} from "./types.ts";
export { createLogStore, type LogQuery, type LogStore, type LogStoreOptions } from "./log_store.ts";
export {
  createHistoryStore,
  type HistoryQuery,
  type HistoryStore,
  type HistoryStoreOptions,
} from "./history_store.ts";
export { matchesStatus, STATUS_FILTER_PATTERN } from "./status_filter.ts";
export { createMetrics, type Metrics, type MetricsOptions } from "./metrics.ts";
export { type CallPhases, callServerTiming, serverTiming } from "./server_timing.ts";
export {
  formatTraceparent,
  nextTraceparent,
  parseTraceparent,
  propagateTraceparent,
  type TraceContext,
} from "./traceparent.ts";
export { type BodyCapture, captureBody, encodeBody } from "./body_capture.ts";
export { fanOut } from "./fan_out.ts";
export { type CallCounters, createFunctionCounters, type FunctionCounters } from "./counters.ts";
export { createObservability, type Observability, type ObservabilityOptions } from "./setup.ts";
export type { FunctionLoad } from "./metrics.ts";
export { consoleLogSink } from "./console_sink.ts";
export { createMetricsHandler } from "./metrics_route.ts";
export { createHopTracer, type Hop, type HopOutcome, type HopTracer } from "./tracing.ts";
export { functionOtelEnv, tracingEnabled } from "./otel_env.ts";
export {
  captureConsole,
  configureLogging,
  ensureLogging,
  type LineWriter,
  literal,
  type LogFormat,
  platformLogger,
  sayLine,
} from "./logging.ts";
