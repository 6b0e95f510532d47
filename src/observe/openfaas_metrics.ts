/**
 * The OpenFaaS gateway's gauges, read at each scrape: `gateway_service_count` (replicas) and
 * `gateway_function_invocation_inflight`. Its per-call series are in `call_series.ts`. Together
 * they let the community Grafana dashboards and autoscaling rules written for OpenFaaS work
 * unchanged; `function_name` is the plain function name (the dashboards match it by regex).
 */
import client from "prom-client";
import type { FunctionLoad } from "./metrics.ts";

/** Registers the OpenFaaS gauges in `registry`; `load` is read at each scrape. */
export function registerOpenFaasGauges(
  registry: client.Registry,
  load: () => Record<string, FunctionLoad>,
): void {
  const gauge = (name: string, help: string, key: keyof FunctionLoad) =>
    new client.Gauge({
      name,
      help,
      labelNames: ["function_name"] as const,
      registers: [registry],
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
}
