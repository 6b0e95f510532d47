/**
 * The HTTP surface of the `registry` role: `/healthz`, `/readyz`, and the registry API that
 * gateways in other processes call to build (see `src/registry/remote/`).
 */
import { Hono } from "hono";
import { readyz } from "../gateway/mod.ts";
import { VERSION } from "../version.ts";
import { createRegistryApi, REGISTRY_API, type RegistryControl } from "../registry/mod.ts";

/** Builds the registry service's app. */
export function createRegistryService(
  registry: RegistryControl,
  token: string,
  ready: () => boolean,
): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok", role: "registry", version: VERSION }));
  app.get("/readyz", readyz(ready));
  app.route(REGISTRY_API, createRegistryApi(registry, token));
  app.notFound((c) =>
    c.json({ error: `No route for ${c.req.method} ${c.req.path}`, code: "not_found" }, 404)
  );
  return app;
}
