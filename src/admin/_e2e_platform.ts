/**
 * The platform with the operations wiring (admin API, /metrics, log store, history), as the
 * end-to-end test runs it. It is also the reference for wiring these into `src/main.ts`.
 * Prints `denofn listening on <url>` once serving.
 */
import { join, resolve } from "node:path";
import { parseConfig } from "../config/mod.ts";
import { startPlatform } from "../platform.ts";
import type { Registry } from "../registry/mod.ts";
import { consoleLogSink } from "../gateway/mod.ts";
import { permissionFlags } from "../runtime/mod.ts";
import { createObservability } from "../observe/mod.ts";
import { onShutdownSignal } from "../util/signals.ts";
import { loadAdminToken } from "./token.ts";
import { mountOperations } from "./mount.ts";

const config = parseConfig(Deno.env.toObject());
const dataDir = resolve(config.DENOFN_DATA);
const admin = await loadAdminToken(dataDir);
if (admin.source === "generated") console.log(`[admin] generated the admin token in ${admin.path}`);
const obs = await createObservability({ dataDir, echo: consoleLogSink });
const parts: { registry?: Registry } = {};
const platform = await startPlatform(config, {
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
          bundle: join(resolve(config.DENOFN_REGISTRY), r.bundle ?? ""),
        }),
    }),
});
parts.registry = platform.registry;
console.log(`denofn listening on ${platform.server.url}`);
onShutdownSignal(async () => {
  await platform.close();
  await obs.close();
});
