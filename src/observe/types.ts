/** One line a function wrote to stdout or stderr. */
export interface FunctionLogLine {
  /** Epoch ms when the line was read. */
  ts: number;
  fn: string;
  /** Instance id (`<fn>-<n>`) or `build` for build output. */
  instance: string;
  stream: "stdout" | "stderr" | "system";
  line: string;
  /** Set when the line was written while exactly one call was in flight on that instance. */
  requestId?: string;
}

/** Where function output goes. The default prints to the platform's stdout. */
export interface FunctionLogSink {
  write(line: FunctionLogLine): void;
}

/** What the gateway records of each invocation (for history and metrics). */
export interface InvocationRecord {
  requestId: string;
  fn: string;
  method: string;
  path: string;
  status: number;
  /** Epoch ms the call arrived. */
  startedAt: number;
  durationMs: number;
  /** Whether the call waited for an instance to start. */
  cold: boolean;
  coldStartMs?: number;
  queueMs?: number;
  instance?: string;
  error?: string;
  /** What started an async call: `async` (`/async/fn`), `cron` or `store` (a trigger). */
  trigger?: "async" | "cron" | "store";
  /** W3C trace id of the call, when tracing is on or a `traceparent` came in. */
  traceId?: string;
  /** Request body, only when the function opts in (`"history": { "bodies": true }`). */
  requestBody?: CapturedBody;
  /** Response body, same rule as {@link InvocationRecord.requestBody}. */
  responseBody?: CapturedBody;
}

/** A request or response body kept in history, cut to the function's `history.maxBodyBytes`. */
export interface CapturedBody {
  /** The kept bytes: UTF-8 text, or base64 when they are not valid UTF-8. */
  text: string;
  encoding: "utf8" | "base64";
  /** Total size of the body in bytes (may exceed what was kept). */
  bytes: number;
  /** Whether `text` holds less than the whole body. */
  truncated: boolean;
}

/** Receives one record per finished invocation. */
export interface InvocationObserver {
  onInvocation(record: InvocationRecord): void;
  /** Told when a call is routed to `fn`, before it runs (for a "calls started" counter). */
  onStart?(fn: string): void;
}
