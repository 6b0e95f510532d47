/**
 * The gateway's HTTP face: `/fn/<name>/*`, `/healthz`, and the JSON error contract. Admin, UI
 * and metrics routes are mounted by whoever assembles the platform.
 */
import { Hono } from "hono";
import { DenofnError } from "../errors/mod.ts";
import { type FnRouteDeps, handleFnCall } from "./fn_route.ts";
import { requestIdOf } from "./request_id.ts";

/** Per-connection facts Deno.serve passes as Hono's `env`. */
export interface GatewayEnv {
  Bindings: { remoteAddr?: Deno.NetAddr };
  Variables: { requestId: string };
}

/** Builds the gateway app. `extend` may mount more routes (admin, metrics, UI). */
export function createGatewayApp(
  deps: FnRouteDeps,
  extend?: (app: Hono<GatewayEnv>) => void,
): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  const fn = (c: { req: { raw: Request }; env: GatewayEnv["Bindings"] | undefined }) => {
    const requestId = requestIdOf(c.req.raw.headers);
    return handleFnCall(deps, c.req.raw, requestId, c.env?.remoteAddr?.hostname).catch((e) => {
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { requestId });
    });
  };
  app.all("/fn/:name", fn);
  app.all("/fn/:name/*", fn);
  app.get("/healthz", (c) => c.json({ status: "ok", functions: deps.supervisor.pools().length }));
  extend?.(app);
  app.notFound((c) =>
    c.json({ error: `No route for ${c.req.method} ${c.req.path}`, code: "not_found" }, 404)
  );
  app.onError((error, c) => toErrorResponse(error, c.req.raw));
  return app;
}

/** Turns any error into the contract's JSON error response; logs only 5xx. */
export function toErrorResponse(error: Error, req: Request): Response {
  const requestId = (error as { requestId?: string }).requestId ?? requestIdOf(req.headers);
  const known = error instanceof DenofnError;
  const status = known ? error.status : 500;
  const body = known ? error.toBody(requestId) : {
    error: "Internal gateway error",
    code: "internal",
    requestId,
  };
  if (status >= 500) {
    console.error(
      `[gateway] ${req.method} ${new URL(req.url).pathname} → ${status}: ${error.message}`,
    );
  }
  return Response.json(body, { status, headers: { "x-request-id": requestId } });
}
