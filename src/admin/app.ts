/**
 * The admin API, a Hono app the gateway mounts at `/admin`: bearer auth (the admin token, a
 * session or an API key, see `access.ts`), function listing and control with ownership, deploys,
 * logs and history, accounts, keys and secrets. Every input is validated with zod.
 */
import { Hono } from "hono";
import { DenofnError, PlatformStarting } from "../errors/mod.ts";
import { type AdminDeps, type DeployLocks, READY_WAIT_MS } from "./deps.ts";
import { mountDeployRoute } from "./routes_deploy.ts";
import { mountFunctionRoutes } from "./routes_functions.ts";
import { mountObserveRoutes } from "./routes_observe.ts";
import { mountSourceRoutes } from "./routes_source.ts";
import { mountStatsRoute } from "./routes_stats.ts";
import { mountAsyncRoutes } from "./routes_async.ts";
import { admit } from "./access.ts";
import { mountAccountRoutes } from "./routes_accounts.ts";
import { mountSecretRoutes } from "./routes_secrets.ts";

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
  let started = !deps.ready;
  deps.ready?.then(() => (started = true), () => {});
  const waitUntilStarted = async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<void>((r) => (timer = setTimeout(r, READY_WAIT_MS)));
    await Promise.race([deps.ready, waited]).finally(() => clearTimeout(timer));
    if (!started) throw new PlatformStarting();
  };

  app.use("*", async (c, next) => {
    const path = c.req.path.startsWith("/admin/") ? c.req.path.slice(6) : c.req.path;
    await admit(deps, c.req.raw, path);
    if (!started) await waitUntilStarted();
    await next();
  });

  mountFunctionRoutes(app, deps, locks);
  mountDeployRoute(app, deps, locks);
  mountObserveRoutes(app, deps);
  mountStatsRoute(app, deps);
  mountSourceRoutes(app, deps, locks);
  if (deps.accounts) mountAccountRoutes(app, deps, deps.accounts);
  if (deps.secrets || deps.accounts) mountSecretRoutes(app, deps);
  if (deps.async) mountAsyncRoutes(app, deps.async);

  app.notFound((c) =>
    c.json({ error: `No admin route for ${c.req.method} ${c.req.path}`, code: "not_found" }, 404)
  );
  app.onError((error, c) => {
    const requestId = c.req.header("x-request-id") ?? undefined;
    if (error instanceof DenofnError) {
      const headers: Record<string, string> = {};
      Object.assign(headers, error.headers());
      if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="denofn admin"';
      return c.json(error.toBody(requestId), error.status as 400, headers);
    }
    console.error(`[admin] ${c.req.method} ${c.req.path} failed: ${error.stack ?? error.message}`);
    return c.json({ error: `Internal admin error: ${error.message}`, code: "internal" }, 500);
  });
  return app;
}
