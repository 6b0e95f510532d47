/**
 * The platform as `deno task start` runs it: registry, execution server, and the operations
 * around them — per-function log files, invocation history, Prometheus metrics at `/metrics`
 * and the admin API at `/admin` (bearer token).
 */
import { join, resolve } from "node:path";
import { mountOperations } from "./admin/mount.ts";
import { loadAdminToken } from "./admin/mod.ts";
import type { Config } from "./config/mod.ts";
import { consoleLogSink } from "./gateway/mod.ts";
import { createObservability } from "./observe/mod.ts";
import { type Platform, startPlatform } from "./platform.ts";
import type { Registry } from "./registry/mod.ts";
import { permissionFlags } from "./runtime/mod.ts";

/** A running platform with its operations. */
export interface OperatedPlatform {
  readonly platform: Platform;
  /** Where the admin token came from, and its file when it is stored. */
  readonly adminToken: { source: string; path?: string };
  close(): Promise<void>;
}

/** Starts everything; see the module doc. */
export async function startOperatedPlatform(config: Config): Promise<OperatedPlatform> {
  const dataDir = resolve(config.DENOFN_DATA);
  const registryDir = resolve(config.DENOFN_REGISTRY);
  const admin = await loadAdminToken(dataDir, { DENOFN_ADMIN_TOKEN: config.DENOFN_ADMIN_TOKEN });
  const obs = await createObservability({ dataDir, echo: consoleLogSink });
  const parts: { registry?: Registry } = {};
  let platform: Platform;
  try {
    platform = await startPlatform(config, {
      logs: obs.sink,
      observer: obs.observer,
      extend: (app, supervisor) =>
        mountOperations(app, {
          obs,
          token: admin.token,
          registryInDir: resolve(config.DENOFN_REGISTRY_IN),
          registry: () => parts.registry,
          supervisor,
          permissionFlags: (r) =>
            permissionFlags(r.manifest!, {
              sourceDir: r.sourceDir,
              bundle: join(registryDir, r.bundle ?? ""),
            }),
        }),
    });
  } catch (error) {
    await obs.close();
    throw error;
  }
  parts.registry = platform.registry;
  return {
    platform,
    adminToken: { source: admin.source, path: admin.path },
    async close() {
      await platform.close();
      await obs.close();
    },
  };
}
