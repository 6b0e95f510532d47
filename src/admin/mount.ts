/** Mounts `/admin` and `/metrics` on the gateway app: the few lines `src/platform.ts` needs. */
import type { Hono } from "hono";
import type { FunctionRecord } from "../manifest/record.ts";
import type { Observability } from "../observe/mod.ts";
import { createAdminApp } from "./app.ts";
import type { DeployLimits } from "./deps.ts";
import { adminPlatformFrom, functionLoads, type PlatformParts } from "./platform_adapter.ts";

/** What {@link mountOperations} needs. */
export interface OperationsOptions extends PlatformParts {
  obs: Observability;
  token: string;
  permissionFlags?: (record: FunctionRecord) => string[];
  limits?: DeployLimits;
}

/** Mounts the admin API at `/admin` and Prometheus metrics at `/metrics`. */
// deno-lint-ignore no-explicit-any
export function mountOperations(app: Hono<any>, options: OperationsOptions): void {
  const { obs } = options;
  obs.metrics.setLoadReader(() => functionLoads(options.supervisor));
  // Builds are observed from the records at scrape time (the last build of each function since
  // the previous scrape), so the registry needs no hook.
  const seenBuilds = new Map<string, string>();
  const observeBuilds = () => {
    for (const r of options.registry()?.list() ?? []) {
      if (seenBuilds.get(r.name) === r.builtAt) continue;
      seenBuilds.set(r.name, r.builtAt);
      obs.metrics.observeBuild(r.name, r.buildMs, r.status === "ready");
    }
  };
  app.get("/metrics", async (c) => {
    observeBuilds();
    return c.body(await obs.metrics.render(), 200, { "content-type": obs.metrics.contentType });
  });
  app.route(
    "/admin",
    createAdminApp({
      platform: adminPlatformFrom(options),
      token: options.token,
      logs: obs.logs,
      history: obs.history,
      counters: obs.counters,
      permissionFlags: options.permissionFlags,
      limits: options.limits,
    }),
  );
}
