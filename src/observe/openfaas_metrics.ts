/**
 * The OpenFaaS gateway's metric names and labels, beside denofn's own, so the community Grafana
 * dashboards and autoscaling rules written for OpenFaaS work unchanged. `function_name` is the
 * plain function name (OpenFaaS's dashboards match it by regex, so no namespace suffix is needed).
 */
import client from "prom-client";
import type { FunctionLoad } from "./metrics.ts";

/** Prometheus' default buckets, as the OpenFaaS gateway uses them. */
const OPENFAAS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The OpenFaaS-compatible series of one registry. */
export interface OpenFaasSeries {
  /** Label children of one function and status code, cached by the caller. */
  forCode(
    fn: string,
    code: number,
  ): { count: { inc(): void }; seconds: { observe(s: number): void } };
  /** The `gateway_function_invocation_started` child of one function, cached by the caller. */
  started(fn: string): { inc(): void };
  /** Drops every series of `fn` that has one of `codes`. */
  forget(fn: string, codes: Iterable<number>): void;
}

/** Registers the OpenFaaS-compatible series in `registry`; `load` is read at each scrape. */
export function createOpenFaasSeries(
  registry: client.Registry,
  load: () => Record<string, FunctionLoad>,
): OpenFaasSeries {
  const registers = [registry];
  const total = new client.Counter({
    name: "gateway_function_invocation_total",
    help: "Function metrics: finished calls by function and status code (OpenFaaS-compatible).",
    labelNames: ["function_name", "code"] as const,
    registers,
  });
  const seconds = new client.Histogram({
    name: "gateway_functions_seconds",
    help: "Function time taken (OpenFaaS-compatible).",
    labelNames: ["function_name", "code"] as const,
    buckets: OPENFAAS_BUCKETS,
    registers,
  });
  const started = new client.Counter({
    name: "gateway_function_invocation_started",
    help: "The total number of function HTTP requests started (OpenFaaS-compatible).",
    labelNames: ["function_name"] as const,
    registers,
  });
  const gauge = (name: string, help: string, key: keyof FunctionLoad) =>
    new client.Gauge({
      name,
      help,
      labelNames: ["function_name"] as const,
      registers,
      collect() {
        this.reset();
        for (const [fn, l] of Object.entries(load())) this.set({ function_name: fn }, l[key]);
      },
    });
  gauge(
    "gateway_service_count",
    "Current count of replicas for function (OpenFaaS-compatible).",
    "instances",
  );
  gauge(
    "gateway_function_invocation_inflight",
    "Calls in flight by function (OpenFaaS-compatible).",
    "inFlight",
  );
  return {
    forCode(fn, code) {
      const c = String(code);
      return { count: total.labels(fn, c), seconds: seconds.labels(fn, c) };
    },
    started: (fn) => started.labels(fn),
    forget(fn, codes) {
      started.remove(fn);
      for (const code of codes) {
        total.remove(fn, String(code));
        seconds.remove(fn, String(code));
      }
    },
  };
}
