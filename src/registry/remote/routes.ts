/**
 * The registry service's HTTP API, for gateways running in other processes (the compose
 * `gateway` role): `GET /registry/records` and `POST /registry/functions/<name>/build`, behind
 * the platform's admin token.
 */
import { Hono } from "hono";
import { DenofnError, Unauthorized } from "../../errors/mod.ts";
import { checkBearer } from "../../util/bearer.ts";
import type { RegistryControl } from "../control.ts";

/** Path prefix of the registry service's API. */
export const REGISTRY_API = "/registry";

/** Builds the API over a local registry; mount it at {@link REGISTRY_API}. */
export function createRegistryApi(registry: RegistryControl, token: string): Hono {
  const app = new Hono();
  app.use("*", async (c, next) => {
    const auth = checkBearer(c.req.header("authorization"), token);
    if (auth !== "ok") {
      throw new Unauthorized(`${auth === "invalid" ? "Invalid" : "Missing"} token`);
    }
    await next();
  });
  app.get("/records", (c) => c.json(registry.list()));
  app.post(
    "/functions/:name/build",
    async (c) => c.json(await registry.rebuild(c.req.param("name"))),
  );
  app.onError((error, c) => {
    if (error instanceof DenofnError) {
      return c.json(error.toBody(), error.status as 400, error.headers());
    }
    console.error(`[registry] ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return c.json({ error: `Cannot build: ${error.message}`, code: "internal" }, 500);
  });
  return app;
}
