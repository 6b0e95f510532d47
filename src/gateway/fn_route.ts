/**
 * `ANY /fn/<name>[/<rest>]`: routes a call to its function. The function sees the path after
 * its name (`/` when none), the query, and the caller's headers plus forwarding facts.
 */
import {
  BadRequest,
  DenofnError,
  FunctionNotFound,
  FunctionNotReady,
  PlatformStarting,
} from "../errors/mod.ts";
import { isValidFunctionName } from "../manifest/mod.ts";
import type { FunctionLogSink, InvocationObserver, InvocationRecord } from "../observe/types.ts";
import {
  callServerTiming,
  captureBody,
  type Hop,
  type HopTracer,
  nextTraceparent,
  parseTraceparent,
} from "../observe/mod.ts";
import {
  invoke,
  type InvokeTiming,
  type ProcessSandbox,
  runStdinCall,
  type Supervisor,
} from "../runtime/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { limitBody } from "./body_limit.ts";
import { ERROR_HEADER } from "../../micro/mod.ts";
import type { InvokeGuard } from "../auth/mod.ts";
import { beforeInvoke, credentialHeaders } from "./fn_access.ts";
import { parseTarget } from "./fn_target.ts";

/** What the function route needs. */
export interface FnRouteDeps {
  supervisor: Supervisor;
  registryDir: string;
  /** Runs stdin-mode processes as their function's unprivileged user (as root). */
  sandbox?: ProcessSandbox;
  logs: FunctionLogSink;
  observer?: InvocationObserver;
  /**
   * Whether the platform can route and deploy (the registry finished its first scan): until then
   * an unknown function is 503 `starting` with `Retry-After`, not 404.
   */
  ready: () => boolean | Promise<boolean>;
  /** Set when tracing is on: a client span per hop, whose id the function gets as its parent. */
  tracer?: HopTracer;
  /** Checks calls of functions with `auth` in their manifest (without it they are refused). */
  guard?: InvokeGuard;
  /** The record a stdin-mode call runs with: its function's secrets added to its environment. */
  withSecrets?: (record: FunctionRecord) => Promise<FunctionRecord>;
}

/** Splits `/fn/<name>/<rest>?q` into name and function-relative path (with query). */
export function splitFnPath(
  url: Pick<URL, "pathname" | "search">,
  prefix = FN_PREFIX,
): { name: string; rest: string } {
  const path = url.pathname.slice(prefix.length); // after "/fn/"
  const slash = path.indexOf("/");
  const name = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? "/" : path.slice(slash);
  return { name, rest: rest + url.search };
}

/** The invoke route's prefix. */
export const FN_PREFIX = "/fn/";
/** The Supabase-compatible alias of the invoke route (`DENOFN_SUPABASE_ROUTES=on`). */
export const SUPABASE_PREFIX = "/functions/v1/";

/**
 * The path a function sees: the rest after its name, or with `path: "keep"` (and always through
 * the Supabase alias, as Supabase shows it) `/<name>` followed by the rest.
 */
export function seenPath(name: string, rest: string, keep: boolean): string {
  if (!keep) return rest;
  return rest.startsWith("/?") || rest === "/" ? `/${name}${rest.slice(1)}` : `/${name}${rest}`;
}

/** Headers a caller must not pass to a function as they are (the gateway sets or drops them). */
const OMIT = ["x-denofn-probe"];
/** `tracestate` belongs to the caller's trace: dropped when that trace is not continued. */
const OMIT_TRACESTATE = ["x-denofn-probe", "tracestate"];

/** What the gateway tells a function about a call, besides the caller's own headers. */
export interface Forwarding {
  requestId: string;
  /** `x-forwarded-prefix`: the path prefix the function is served under. */
  prefix: string;
  host: string;
  proto: string;
  traceparent: string;
  clientIp?: string;
  /** The caller's own `x-forwarded-for`, extended with `clientIp`. */
  forwardedFor: string | null;
}

/** The headers the gateway sets on a forwarded call (in place of the caller's of those names). */
export function forwardedHeaders(f: Forwarding): Record<string, string> {
  const set: Record<string, string> = {
    "x-request-id": f.requestId,
    "x-forwarded-prefix": f.prefix,
    "x-forwarded-host": f.host,
    "x-forwarded-proto": f.proto,
    traceparent: f.traceparent,
  };
  if (f.clientIp) {
    set["x-forwarded-for"] = f.forwardedFor ? `${f.forwardedFor}, ${f.clientIp}` : f.clientIp;
  }
  return set;
}

/**
 * The caller's headers a function does not get: the platform's probe marker, `tracestate` when
 * the caller's trace is not continued, and the credentials of the function's `auth`.
 */
export function droppedHeaders(
  headers: Pick<Headers, "has" | "get">,
  auth: NonNullable<FunctionRecord["manifest"]>["auth"],
): readonly string[] {
  const omit = headers.has("tracestate") && !parseTraceparent(headers.get("traceparent"))
    ? OMIT_TRACESTATE
    : OMIT;
  return auth === "none" ? omit : [...omit, ...credentialHeaders(auth)];
}

/** The history facts of a call an instance answered. */
export function invokedFacts(timing: InvokeTiming, traceparent: string): Partial<InvocationRecord> {
  return {
    cold: timing.cold,
    coldStartMs: timing.cold ? timing.waitMs : undefined,
    queueMs: timing.waitMs,
    instance: timing.instance,
    traceId: traceparent.slice(3, 35),
  };
}

/** Handles one `/fn/...` call. `clientIp` is the caller's address when known. */
export async function handleFnCall(
  deps: FnRouteDeps,
  req: Request,
  requestId: string,
  clientIp?: string,
  prefix: string = FN_PREFIX,
): Promise<Response> {
  const startedAt = Date.now();
  const url = parseTarget(req.url);
  const { name, rest } = splitFnPath(url, prefix);
  const pool = isValidFunctionName(name) ? deps.supervisor.get(name) : undefined;
  const record = pool?.record;
  const manifest = record?.manifest;
  if (!pool || record?.status !== "ready" || !manifest) {
    const refused = !isValidFunctionName(name)
      ? new BadRequest(`"${decodeSafe(name)}" is not a valid function name`)
      : !pool
      ? await unknownFunction(deps, name)
      : new FunctionNotReady(name, `Function "${name}" failed to build: ${record?.error}`);
    // Refused calls are visible too; names that are not registered share one label, so that
    // callers cannot grow the metrics with made-up names.
    deps.observer?.onInvocation({
      requestId,
      fn: pool ? name : UNREGISTERED,
      method: req.method,
      path: pool ? rest : url.pathname.slice(0, 200),
      status: refused.status,
      startedAt,
      durationMs: Date.now() - startedAt,
      cold: false,
      error: refused.message,
    });
    throw refused;
  }
  if (manifest.auth !== "none" || manifest.static !== undefined) {
    const early = await beforeInvoke(deps, { record, req, rest, requestId, startedAt });
    if (early) return early;
  }
  deps.observer?.onStart?.(name);
  const limited = limitBody(req, name, manifest.maxBodyBytes);
  const keep = manifest.history.bodies ? manifest.history.maxBodyBytes : -1;
  const input = keep >= 0 ? captureBody(limited.body, keep) : undefined;
  const body = input ? input.body : limited.body;
  const observe = (status: number, extra: Partial<InvocationRecord> = {}) =>
    deps.observer?.onInvocation({
      requestId,
      fn: name,
      method: req.method,
      path: rest,
      status,
      startedAt,
      durationMs: Date.now() - startedAt,
      cold: false,
      ...extra,
    });
  let hop: Hop | undefined;
  try {
    const keepPath = manifest.path === "keep" || prefix !== FN_PREFIX;
    const path = seenPath(name, rest, keepPath);
    if (manifest.mode === "stdin" && !record.image) {
      const res = await stdinCall(deps, record, req, path, requestId, body);
      res.headers.set("x-request-id", requestId);
      observe(res.status, { cold: true });
      return res;
    }
    hop = deps.tracer?.start(name, req.method, requestId);
    const traceparent = hop?.traceparent ?? nextTraceparent(req.headers.get("traceparent"));
    const set = forwardedHeaders({
      requestId,
      prefix: keepPath ? prefix.slice(0, -1) : `${prefix}${name}`,
      host: url.host,
      proto: url.protocol.slice(0, -1),
      traceparent,
      clientIp,
      forwardedFor: req.headers.get("x-forwarded-for"),
    });
    // A request read off the network (it has a client address) with neither Content-Length nor
    // Transfer-Encoding has no body (RFC 9112, 6.3), though Deno.serve hands an empty stream for
    // some methods: it is not sent on as a chunked one. The platform's own calls (async jobs,
    // schedules, triggers) are Requests made in-process, whose body needs no such header.
    const framed = req.headers.has("content-length") || req.headers.has("transfer-encoding");
    const hasBody = req.method !== "GET" && req.method !== "HEAD" &&
      (clientIp === undefined || framed);
    const omit = droppedHeaders(req.headers, manifest.auth);
    const { response, timing, done } = await invoke(
      pool,
      requestId,
      {
        method: req.method,
        path,
        headers: req.headers,
        set,
        omit,
        body: hasBody ? body : null,
      },
      req.signal,
      limited.overLimit,
    );
    response.headers.set("x-request-id", requestId);
    response.headers.set(
      "server-timing",
      callServerTiming(timing.cold, timing.waitMs, timing.upstreamMs),
    );
    const facts = invokedFacts(timing, traceparent);
    if (response.status >= 500) facts.error = takeFunctionError(response.headers);
    if (hop) {
      const end = hop.end;
      const outcome = { status: response.status, instance: timing.instance, cold: timing.cold };
      done.then(() => end(outcome));
    }
    if (!input) {
      observe(response.status, facts);
      return response;
    }
    const output = captureBody(response.body, keep);
    Promise.all([input.captured, output.captured, done]).then(([requestBody, responseBody]) =>
      observe(response.status, { ...facts, requestBody, responseBody })
    );
    return new Response(output.body, response);
  } catch (error) {
    const mapped = limited.overLimit() ?? error;
    hop?.end({
      status: mapped instanceof DenofnError ? mapped.status : 500,
      error: (mapped as Error).message,
    });
    if (mapped instanceof DenofnError) observe(mapped.status, { error: mapped.message });
    throw mapped;
  }
}

async function stdinCall(
  deps: FnRouteDeps,
  record: FunctionRecord,
  req: Request,
  rest: string,
  requestId: string,
  body: ReadableStream<Uint8Array> | null,
): Promise<Response> {
  const q = rest.indexOf("?");
  return runStdinCall({
    record: deps.withSecrets ? await deps.withSecrets(record) : record,
    registryDir: deps.registryDir,
    sandbox: deps.sandbox,
    requestId,
    method: req.method,
    path: q < 0 ? rest : rest.slice(0, q),
    query: q < 0 ? "" : rest.slice(q + 1),
    body,
    headers: req.headers,
    logs: deps.logs,
    signal: req.signal,
  });
}

/** Removes the thrown error's summary a function's 500 carries (see micro's `errorResponse`). */
function takeFunctionError(headers: Headers): string | undefined {
  const value = headers.get(ERROR_HEADER);
  if (value === null) return undefined;
  headers.delete(ERROR_HEADER);
  return functionErrorText(value);
}

/** The text of a function's error summary header (percent-encoded by micro's `errorResponse`). */
export function functionErrorText(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The `fn` of history and metrics records of calls to names that are not registered. */
export const UNREGISTERED = "(unregistered)";

async function unknownFunction(deps: FnRouteDeps, name: string): Promise<DenofnError> {
  return (await deps.ready()) ? new FunctionNotFound(name) : new PlatformStarting();
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s).slice(0, 80);
  } catch {
    return s.slice(0, 80);
  }
}
