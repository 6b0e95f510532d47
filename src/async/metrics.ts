/**
 * Metrics of async work, schedules and store triggers, in a prom-client registry of their own;
 * their text is appended to `/metrics`.
 */
import client from "prom-client";
import { counter, functionGauge } from "../observe/prom.ts";
import type { AsyncObserver } from "./service.ts";

/** The async metrics. */
export interface AsyncMetrics {
  observer: AsyncObserver;
  /** A store change was handed to a function. */
  triggerDelivered(fn: string, collection: string): void;
  /** A schedule fired. */
  cronFired(fn: string): void;
  /** A store operation finished. */
  storeOp(op: string, status: number): void;
  render(): Promise<string>;
}

/** Creates the metrics; `depth` is read at each scrape. */
export function createAsyncMetrics(
  depth: () => Record<string, { pending: number; oldestAgeSec: number }>,
): AsyncMetrics {
  const registry = new client.Registry();
  const of = (key: "pending" | "oldestAgeSec") => () =>
    Object.fromEntries(Object.entries(depth()).map(([fn, d]) => [fn, d[key]]));
  functionGauge(
    registry,
    "denofn_async_queue_depth",
    "Async jobs queued, running, retrying or waiting, by function.",
    of("pending"),
  );
  functionGauge(
    registry,
    "denofn_async_oldest_job_age_seconds",
    "Age of the oldest pending async job, by function.",
    of("oldestAgeSec"),
  );
  const enqueued = counter(
    registry,
    "denofn_async_enqueued_total",
    "Async jobs created, by function and trigger (async, cron, store).",
    ["function", "trigger"],
  );
  const finished = counter(
    registry,
    "denofn_async_finished_total",
    "Async jobs finished, by function, trigger and result (done, dead).",
    ["function", "trigger", "result"],
  );
  const retries = counter(
    registry,
    "denofn_async_retries_total",
    "Async attempts that will be retried, by function.",
    ["function"],
  );
  const dead = counter(
    registry,
    "denofn_async_dead_letters_total",
    "Async jobs that ended as dead letters, by function.",
    ["function"],
  );
  const callbacks = counter(
    registry,
    "denofn_async_callbacks_total",
    "Callback deliveries, by function and result (ok, failed).",
    ["function", "result"],
  );
  const triggers = counter(
    registry,
    "denofn_trigger_deliveries_total",
    "Store changes handed to functions, by function and collection.",
    ["function", "collection"],
  );
  const cron = counter(registry, "denofn_cron_runs_total", "Scheduled runs started, by function.", [
    "function",
  ]);
  const store = counter(
    registry,
    "denofn_store_operations_total",
    "Store requests, by operation and status.",
    ["op", "status"],
  );
  return {
    observer: {
      onEnqueued: (job) => enqueued.inc({ function: job.fn, trigger: job.trigger }),
      onAttemptEnd(job) {
        if (job.state === "retrying") retries.inc({ function: job.fn });
        if (job.state === "dead") dead.inc({ function: job.fn });
        if (job.state === "done" || job.state === "dead") {
          finished.inc({ function: job.fn, trigger: job.trigger, result: job.state });
        }
      },
      onCallback: (job, ok) => callbacks.inc({ function: job.fn, result: ok ? "ok" : "failed" }),
    },
    triggerDelivered: (fn, collection) => triggers.inc({ function: fn, collection }),
    cronFired: (fn) => cron.inc({ function: fn }),
    storeOp: (op, status) => store.inc({ op, status: String(status) }),
    render: () => registry.metrics(),
  };
}
