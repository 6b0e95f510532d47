/**
 * Metrics of async work, schedules and store triggers, in a prom-client registry of their own;
 * their text is appended to `/metrics`.
 */
import client from "prom-client";
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
  const registers = [registry];
  new client.Gauge({
    name: "denofn_async_queue_depth",
    help: "Async jobs queued, running, retrying or waiting, by function.",
    labelNames: ["function"] as const,
    registers,
    collect() {
      this.reset();
      for (const [fn, d] of Object.entries(depth())) this.set({ function: fn }, d.pending);
    },
  });
  new client.Gauge({
    name: "denofn_async_oldest_job_age_seconds",
    help: "Age of the oldest pending async job, by function.",
    labelNames: ["function"] as const,
    registers,
    collect() {
      this.reset();
      for (const [fn, d] of Object.entries(depth())) this.set({ function: fn }, d.oldestAgeSec);
    },
  });
  const enqueued = new client.Counter({
    name: "denofn_async_enqueued_total",
    help: "Async jobs created, by function and trigger (async, cron, store).",
    labelNames: ["function", "trigger"] as const,
    registers,
  });
  const finished = new client.Counter({
    name: "denofn_async_finished_total",
    help: "Async jobs finished, by function, trigger and result (done, dead).",
    labelNames: ["function", "trigger", "result"] as const,
    registers,
  });
  const retries = new client.Counter({
    name: "denofn_async_retries_total",
    help: "Async attempts that will be retried, by function.",
    labelNames: ["function"] as const,
    registers,
  });
  const dead = new client.Counter({
    name: "denofn_async_dead_letters_total",
    help: "Async jobs that ended as dead letters, by function.",
    labelNames: ["function"] as const,
    registers,
  });
  const callbacks = new client.Counter({
    name: "denofn_async_callbacks_total",
    help: "Callback deliveries, by function and result (ok, failed).",
    labelNames: ["function", "result"] as const,
    registers,
  });
  const triggers = new client.Counter({
    name: "denofn_trigger_deliveries_total",
    help: "Store changes handed to functions, by function and collection.",
    labelNames: ["function", "collection"] as const,
    registers,
  });
  const cron = new client.Counter({
    name: "denofn_cron_runs_total",
    help: "Scheduled runs started, by function.",
    labelNames: ["function"] as const,
    registers,
  });
  const store = new client.Counter({
    name: "denofn_store_operations_total",
    help: "Store requests, by operation and status.",
    labelNames: ["op", "status"] as const,
    registers,
  });
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
