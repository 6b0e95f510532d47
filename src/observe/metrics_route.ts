/** `GET /metrics`: the Prometheus text, with builds observed from the records at scrape time. */
import type { FunctionRecord } from "../manifest/record.ts";
import type { Metrics } from "./metrics.ts";

/**
 * Creates the `/metrics` handler. Builds are observed from `records()` when scraped (the last
 * build of each function since the previous scrape), so the registry needs no hook.
 */
export function createMetricsHandler(
  metrics: Metrics,
  records: () => readonly FunctionRecord[],
): () => Promise<Response> {
  const seenBuilds = new Map<string, string>();
  return async () => {
    const list = records();
    if (seenBuilds.size > list.length) {
      const names = new Set(list.map((r) => r.name));
      for (const name of seenBuilds.keys()) if (!names.has(name)) seenBuilds.delete(name);
    }
    for (const r of list) {
      if (seenBuilds.get(r.name) === r.builtAt) continue;
      seenBuilds.set(r.name, r.builtAt);
      metrics.observeBuild(r.name, r.buildMs, r.status === "ready");
    }
    return new Response(await metrics.render(), {
      headers: { "content-type": metrics.contentType },
    });
  };
}
