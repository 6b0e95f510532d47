/**
 * The gateway's HTTP face: `/fn/<name>/*`, `/healthz`, `/readyz`, and the JSON error contract.
 * Admin, UI and metrics routes are mounted by the composition root (`src/main/`).
 */
import { Hono } from "hono";
import { BadRequest, DenofnError } from "../errors/mod.ts";
import { VERSION } from "../version.ts";
import { literal, platformLogger } from "../observe/mod.ts";
import { FN_PREFIX, type FnRouteDeps, handleFnCall, SUPABASE_PREFIX } from "./fn_route.ts";
import { requestIdOf } from "./request_id.ts";
import { rawPathProblem, targetPath } from "./raw_path.ts";
import type { ServeInfo } from "./http_server.ts";

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
  // Hono decodes the path it matches (`/%66n/x` is `/fn/x` to it): call only what is `/fn/` raw.
  const fn = (c: { req: { raw: Request }; env: GatewayEnv["Bindings"] | undefined }) =>
    new URL(c.req.raw.url).pathname.startsWith("/fn/")
      ? callFunction(deps, c.req.raw, c.env?.remoteAddr?.hostname)
      : toErrorResponse(new BadRequest("a function path starts with /fn/ as sent"), c.req.raw);
  app.all("/fn/:name", fn);
  app.all("/fn/:name/*", fn);
  app.get(
    "/healthz",
    (c) => c.json({ status: "ok", version: VERSION, functions: deps.supervisor.pools().length }),
  );
  app.get("/readyz", readyz(deps.ready));
  extend?.(app);
  app.notFound((c) =>
    c.json({ error: `No route for ${c.req.method} ${c.req.path}`, code: "not_found" }, 404)
  );
  app.onError((error, c) => toErrorResponse(error, c.req.raw));
  return app;
}

/**
 * `GET /readyz`: 200 once `ready()` says the platform can route and deploy, else 503 with
 * `Retry-After`. Every role serves it (compose health checks and load balancers poll it).
 */
export function readyz(ready: () => boolean | Promise<boolean>) {
  return async (
    c: { json: (body: unknown, status: 200 | 503, h?: Record<string, string>) => Response },
  ) =>
    (await ready())
      ? c.json({ status: "ready" }, 200)
      : c.json({ status: "starting" }, 503, { "retry-after": "1" });
}

const log = platformLogger("gateway");

/** The parts of an error answer: status, headers, and the contract's JSON body. */
export interface ErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, string>;
}

/**
 * The contract's error answer to `error` for a request `method path` (with `requestId`); logs
 * only 5xx.
 */
export function errorAnswer(
  error: Error,
  requestId: string,
  method: string,
  path: string,
): ErrorAnswer {
  const known = error instanceof DenofnError;
  const status = known ? error.status : 500;
  const headers: Record<string, string> = known ? error.headers() : {};
  headers["x-request-id"] = requestId;
  const body = known ? error.toBody(requestId) : {
    error: "Internal gateway error",
    code: "internal",
    requestId,
  };
  if (status >= 500) {
    log.error(literal(`${method} ${path} → ${status}: ${error.message}`), {
      requestId,
      function: known ? error.functionName : undefined,
      status,
    });
  }
  return { status, headers, body };
}

/** Turns any error into the contract's JSON error response; logs only 5xx. */
export function toErrorResponse(error: Error, req: Request): Response {
  const requestId = (error as { requestId?: string }).requestId ?? requestIdOf(req.headers);
  const a = errorAnswer(error, requestId, req.method, new URL(req.url).pathname);
  return Response.json(a.body, { status: a.status, headers: a.headers });
}

/** One `/fn/...` call with the contract's error responses. */
export function callFunction(
  deps: FnRouteDeps,
  req: Request,
  clientIp?: string,
  prefix: string = FN_PREFIX,
): Promise<Response> {
  const requestId = requestIdOf(req.headers);
  return handleFnCall(deps, req, requestId, clientIp, prefix).catch((e) =>
    toErrorResponse(
      Object.assign(e instanceof Error ? e : new Error(String(e)), { requestId }),
      req,
    )
  );
}

/** Options of {@link gatewayHandler}. */
export interface GatewayHandlerOptions {
  /** Also route `/functions/v1/<name>` (Supabase's path; the function sees `/<name>/...`). */
  supabase?: boolean;
}

/**
 * The server's request handler: a raw path with dot segments (or, under `/fn/`, an encoded
 * slash) is 400 whatever it names; `/fn/...` calls go straight to the function route (the hot
 * path skips Hono's router); everything else goes through the app.
 */
export function gatewayHandler(
  app: Hono<GatewayEnv>,
  deps: FnRouteDeps,
  options: GatewayHandlerOptions = {},
) {
  const supabase = options.supabase ?? false;
  return (req: Request, info: ServeInfo) => {
    const url = req.url;
    const path = url.indexOf("/", url.indexOf("//") + 2);
    // The raw path decides before anything parses it: `new URL` would resolve `..` segments.
    const problem = rawPathProblem(targetPath(info.target ?? url));
    if (problem) return toErrorResponse(new BadRequest(problem), req);
    if (url.startsWith("/fn/", path)) return callFunction(deps, req, info.remoteAddr.hostname);
    if (supabase && url.startsWith(SUPABASE_PREFIX, path)) {
      return callFunction(deps, req, info.remoteAddr.hostname, SUPABASE_PREFIX);
    }
    return app.fetch(req, { remoteAddr: info.remoteAddr });
  };
}
