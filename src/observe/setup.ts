/** One call that opens every observability store of a platform, for the composition root (`src/main/`). */
import { createFunctionCounters, type FunctionCounters } from "./counters.ts";
import { fanOut } from "./fan_out.ts";
import { createHistoryStore, type HistoryStore } from "./history_store.ts";
import { createLogStore, type LogStore } from "./log_store.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import type { FunctionLogSink, InvocationObserver } from "./types.ts";
import { VERSION } from "../version.ts";

/** Options of {@link createObservability}. */
export interface ObservabilityOptions {
  /** `DENOFN_DATA`: logs go to `<dataDir>/logs/`, history to `<dataDir>/history.jsonl`. */
  dataDir: string;
  /** Also pass every function line here (e.g. the console sink). */
  echo?: FunctionLogSink;
  maxLogFileBytes?: number;
  maxLogFiles?: number;
  memoryLines?: number;
  maxHistoryRecords?: number;
  /** The platform's version, for `denofn_build_info` (default: `deno.json`'s). */
  version?: string;
  /** Export `process_*` metrics (default true). */
  processMetrics?: boolean;
}

/** The stores, and the two things the gateway takes: a log sink and an observer. */
export interface Observability {
  logs: LogStore;
  history: HistoryStore;
  metrics: Metrics;
  counters: FunctionCounters;
  /** Pass as `logs` to the supervisor and gateway: log store (+ `echo`). */
  sink: FunctionLogSink;
  /** Pass as `observer` to the gateway: history, metrics and counters. */
  observer: InvocationObserver;
  /** Flushes logs and history to disk. */
  close(): Promise<void>;
}

/** Opens log store, history store, metrics and counters under `dataDir`. */
export async function createObservability(options: ObservabilityOptions): Promise<Observability> {
  const logs = await createLogStore({
    dataDir: options.dataDir,
    maxFileBytes: options.maxLogFileBytes,
    maxFiles: options.maxLogFiles,
    memoryLines: options.memoryLines,
  });
  const history = await createHistoryStore({
    dataDir: options.dataDir,
    maxRecords: options.maxHistoryRecords,
  });
  const metrics = createMetrics({
    version: options.version ?? VERSION,
    processMetrics: options.processMetrics ?? true,
  });
  const counters = createFunctionCounters();
  const echo = options.echo;
  return {
    logs,
    history,
    metrics,
    counters,
    sink: echo
      ? {
        write(line) {
          logs.write(line);
          try {
            echo.write(line);
          } catch { /* never into the caller */ }
        },
      }
      : logs,
    observer: fanOut(history, metrics, counters),
    async close() {
      await logs.close();
      await history.close();
    },
  };
}
