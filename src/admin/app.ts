/**
 * The admin API, a Hono app the gateway mounts at `/admin`: bearer-token auth, function listing
 * and control, deploys, logs and history. Every input is validated with zod.
 */
import { Hono } from "hono";
import { DenofnError, Unauthorized } from "../errors/mod.ts";
import type { AdminDeps, DeployLocks } from "./deps.ts";
import { mountDeployRoute } from "./routes_deploy.ts";
import { mountFunctionRoutes } from "./routes_functions.ts";
import { mountObserveRoutes } from "./routes_observe.ts";
import { tokensEqual } from "./token.ts";

/**
 * Builds the admin app.
 * @example
 * const admin = createAdminApp({ platform, token, logs, history });
 * gateway.route("/admin", admin);
 */
export function createAdminApp(deps: AdminDeps): Hono {
  if (!deps.token) throw new Error("Cannot create the admin API: the token is empty");
  const app = new Hono();
  const locks: DeployLocks = new Set();

  app.use("*", async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match || !tokensEqual(match[1], deps.token)) {
      c.header("www-authenticate", 'Bearer realm="denofn admin"');
      throw new Unauthorized(match ? "Invalid bearer token" : "Missing bearer token");
    }
    await next();
  });

  mountFunctionRoutes(app, deps, locks);
  mountDeployRoute(app, deps, locks);
  mountObserveRoutes(app, deps);

  app.notFound((c) =>
    c.json({ error: `No admin route for ${c.req.method} ${c.req.path}`, code: "not_found" }, 404)
  );
  app.onError((error, c) => {
    const requestId = c.req.header("x-request-id") ?? undefined;
    if (error instanceof DenofnError) {
      const headers: Record<string, string> = {};
      if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="denofn admin"';
      return c.json(error.toBody(requestId), error.status as 400, headers);
    }
    console.error(`[admin] ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json({ error: `Internal admin error: ${error.message}`, code: "internal" }, 500);
  });
  return app;
}
