/**
 * Prometheus metrics in OpenFaaS's spirit, kept with prom-client in a registry of their own (no
 * global state, so tests and several gateways in one process do not collide): denofn's own
 * `denofn_*` series, the OpenFaaS gateway's names (see `openfaas_metrics.ts`), `process_*`, and
 * `denofn_build_info`.
 */
import client from "prom-client";
import { CallCell, registerCallSeries } from "./call_series.ts";
import { registerOpenFaasGauges } from "./openfaas_metrics.ts";
import { counter, functionGauge } from "./prom.ts";
import type { InvocationObserver, InvocationRecord } from "./types.ts";

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /** Reads the number of running instances per function when `/metrics` is scraped. */
  instances?: () => Record<string, number>;
  /** Reads the number of calls waiting for an instance per function (async queue depth). */
  queueDepth?: () => Record<string, number>;
  /** Also export the process metrics of prom-client (`process_*`, `nodejs_*`). Default false. */
  processMetrics?: boolean;
  /** The platform's version, exported as `denofn_build_info{version}`. */
  version?: string;
}

/** The platform's metrics: fed by invocations and builds, rendered as Prometheus text. */
export interface Metrics extends InvocationObserver {
  /** Counts a call as in flight; call the returned function when it ends. */
  trackInflight(fn: string): () => void;
  /** Records a finished build. */
  observeBuild(fn: string, ms: number, ok: boolean): void;
  /** Records an instance start outside a call (e.g. `warmupOnStart`). */
  observeColdStart(fn: string, ms: number): void;
  /** Replaces the instance-count reader (the supervisor may exist after the metrics). */
  setInstanceReader(read: () => Record<string, number>): void;
  /** Reads instances, calls in flight and queued calls per function at each scrape. */
  setLoadReader(read: () => Record<string, FunctionLoad>): void;
  /** Counts a call routed to `fn` (`gateway_function_invocation_started`). */
  onStart(fn: string): void;
  /** Drops every series of `fn` (it was removed). */
  forget(fn: string): void;
  /** The exposition text. */
  render(): Promise<string>;
  /** Content type of {@link Metrics.render}'s text. */
  readonly contentType: string;
}

const START_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BUILD_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** The load of one function at a scrape. */
export interface FunctionLoad {
  instances: number;
  inFlight: number;
  queued: number;
}

function pick(loads: Record<string, FunctionLoad>, key: keyof FunctionLoad) {
  return Object.fromEntries(Object.entries(loads).map(([fn, l]) => [fn, l[key]]));
}

/** Creates the metrics of one platform. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new client.Registry();
  const registers = [registry];
  let readInstances: () => Record<string, number> = options.instances ?? (() => ({}));
  let readQueue = options.queueDepth;
  let readInflight: (() => Record<string, number>) | undefined;
  const tracked = new Map<string, number>();
  const loadNow = (): Record<string, FunctionLoad> => {
    const instances = readInstances();
    const inFlight = readInflight?.() ?? Object.fromEntries(tracked);
    const queued = readQueue?.() ?? {};
    const loads: Record<string, FunctionLoad> = {};
    for (const fn of new Set([...Object.keys(instances), ...Object.keys(inFlight)])) {
      loads[fn] = {
        instances: instances[fn] ?? 0,
        inFlight: inFlight[fn] ?? 0,
        queued: queued[fn] ?? 0,
      };
    }
    return loads;
  };

  /** Per function: calls started, and a cell per status (the hot path touches only these). */
  const calls = new Map<string, { started: number; byStatus: Map<number, CallCell> }>();
  const callsOf = (fn: string) => {
    let c = calls.get(fn);
    if (!c) calls.set(fn, c = { started: 0, byStatus: new Map() });
    return c;
  };
  registerCallSeries(registry, {
    *cells() {
      for (const c of calls.values()) yield* c.byStatus.values();
    },
    *started() {
      for (const [fn, c] of calls) if (c.started) yield [fn, c.started];
    },
  });
  const coldStarts = counter(
    registry,
    "denofn_cold_starts_total",
    "Instance starts, by function.",
    ["function"],
  );
  const coldStartDuration = new client.Histogram({
    name: "denofn_cold_start_duration_seconds",
    help: "Time to start an instance until it is ready, by function.",
    labelNames: ["function"] as const,
    buckets: START_BUCKETS,
    registers,
  });
  functionGauge(
    registry,
    "denofn_inflight",
    "Calls in flight, by function.",
    () => readInflight?.() ?? Object.fromEntries(tracked),
  );
  const builds = new client.Histogram({
    name: "denofn_build_duration_seconds",
    help: "Build time, by function and result.",
    labelNames: ["function", "result"] as const,
    buckets: BUILD_BUCKETS,
    registers,
  });
  functionGauge(
    registry,
    "denofn_instances",
    "Running instances, by function.",
    () => readInstances(),
  );
  functionGauge(
    registry,
    "denofn_queue_depth",
    "Calls waiting for an instance, by function.",
    () => readQueue?.() ?? {},
  );
  new client.Gauge({
    name: "denofn_build_info",
    help: "Always 1; the labels name the platform's version and its Deno.",
    labelNames: ["version", "deno"] as const,
    registers,
  }).set({ version: options.version ?? "unknown", deno: Deno.version.deno }, 1);
  registerOpenFaasGauges(registry, loadNow);
  if (options.processMetrics) client.collectDefaultMetrics({ register: registry });

  const observeColdStart = (fn: string, ms: number) => {
    coldStarts.inc({ function: fn });
    coldStartDuration.observe({ function: fn }, ms / 1000);
  };

  return {
    contentType: registry.contentType,
    onInvocation(r: InvocationRecord) {
      const byStatus = callsOf(r.fn).byStatus;
      let cell = byStatus.get(r.status);
      if (!cell) byStatus.set(r.status, cell = new CallCell(r.fn, r.status));
      cell.observe(r.durationMs / 1000);
      if (r.cold && r.coldStartMs !== undefined) observeColdStart(r.fn, r.coldStartMs);
    },
    onStart(fn) {
      callsOf(fn).started++;
    },
    forget(fn) {
      calls.delete(fn);
      tracked.delete(fn);
      coldStarts.remove(fn);
      coldStartDuration.remove(fn);
      builds.remove(fn, "ok");
      builds.remove(fn, "failed");
    },
    trackInflight(fn) {
      tracked.set(fn, (tracked.get(fn) ?? 0) + 1);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        tracked.set(fn, (tracked.get(fn) ?? 1) - 1);
      };
    },
    setLoadReader(read) {
      readInstances = () => pick(read(), "instances");
      readInflight = () => pick(read(), "inFlight");
      readQueue = () => pick(read(), "queued");
    },
    observeBuild(fn, ms, ok) {
      builds.observe({ function: fn, result: ok ? "ok" : "failed" }, ms / 1000);
    },
    observeColdStart,
    setInstanceReader(read) {
      readInstances = read;
    },
    render() {
      return registry.metrics();
    },
  };
}
