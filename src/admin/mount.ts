/** Mounts `/admin` and `/metrics` on the gateway app: the few lines `src/platform.ts` needs. */
import type { Hono } from "hono";
import type { FunctionRecord } from "../registry/record.ts";
import type { Observability } from "../observe/mod.ts";
import { createAdminApp } from "./app.ts";
import type { DeployLimits } from "./deps.ts";
import { adminPlatformFrom, instanceCounts, type PlatformParts } from "./platform_adapter.ts";

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
  obs.metrics.setInstanceReader(() => instanceCounts(options.supervisor));
  app.get("/metrics", async (c) => {
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
