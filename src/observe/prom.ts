/** Small builders of prom-client series that several metric registries share. */
import client from "prom-client";

/** A counter in `registry`, labelled by `labelNames`. */
export function counter<L extends string>(
  registry: client.Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
): client.Counter<L> {
  return new client.Counter({ name, help, labelNames, registers: [registry] });
}

/** A gauge in `registry` labelled by `function`, set from `read()` at each scrape. */
export function functionGauge(
  registry: client.Registry,
  name: string,
  help: string,
  read: () => Record<string, number>,
): void {
  new client.Gauge({
    name,
    help,
    labelNames: ["function"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [fn, n] of Object.entries(read())) this.set({ function: fn }, n);
    },
  });
}
