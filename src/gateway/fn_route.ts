/**
 * `ANY /fn/<name>[/<rest>]`: routes a call to its function. The function sees the path after
 * its name (`/` when none), the query, and the caller's headers plus forwarding facts.
 */
import { BadRequest, DenofnError, FunctionNotReady } from "../errors/mod.ts";
import { isValidFunctionName } from "../manifest/mod.ts";
import type { InvocationObserver } from "../observe/types.ts";
import type { FunctionLogSink } from "../observe/types.ts";
import { invoke, runStdinCall, type Supervisor } from "../runtime/mod.ts";
import { limitBody } from "./body_limit.ts";
import { upstreamHeaders } from "./headers.ts";

/** What the function route needs. */
export interface FnRouteDeps {
  supervisor: Supervisor;
  registryDir: string;
  logs: FunctionLogSink;
  observer?: InvocationObserver;
}

/** Splits `/fn/<name>/<rest>?q` into name and function-relative path (with query). */
export function splitFnPath(url: URL): { name: string; rest: string } {
  const path = url.pathname.slice(4); // after "/fn/"
  const slash = path.indexOf("/");
  const name = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? "/" : path.slice(slash);
  return { name, rest: rest + url.search };
}

/** Handles one `/fn/...` call. `clientIp` is the caller's address when known. */
export async function handleFnCall(
  deps: FnRouteDeps,
  req: Request,
  requestId: string,
  clientIp?: string,
): Promise<Response> {
  const started = Date.now();
  const url = new URL(req.url);
  const { name, rest } = splitFnPath(url);
  if (!isValidFunctionName(name)) {
    throw new BadRequest(`"${decodeSafe(name)}" is not a valid function name`, undefined);
  }
  const pool = deps.supervisor.pool(name);
  const record = pool.record;
  if (record.status !== "ready" || !record.manifest) {
    throw new FunctionNotReady(name, `Function "${name}" failed to build: ${record.error}`);
  }
  const { body, overLimit } = limitBody(req, name, record.manifest.maxBodyBytes);
  const observe = (status: number, extra: Partial<Record<string, unknown>> = {}) =>
    deps.observer?.onInvocation({
      requestId,
      fn: name,
      method: req.method,
      path: rest,
      status,
      startedAt: started,
      durationMs: Date.now() - started,
      cold: false,
      ...extra,
    });
  try {
    if (record.manifest.mode === "stdin") {
      const q = rest.indexOf("?");
      const res = await runStdinCall({
        record,
        registryDir: deps.registryDir,
        requestId,
        method: req.method,
        path: q < 0 ? rest : rest.slice(0, q),
        query: q < 0 ? "" : rest.slice(q + 1),
        body,
        logs: deps.logs,
        signal: req.signal,
      });
      res.headers.set("x-request-id", requestId);
      observe(res.status, { cold: true });
      return res;
    }
    const headers = upstreamHeaders(req.headers, {
      requestId,
      prefix: `/fn/${name}`,
      clientIp,
      host: url.host,
      proto: url.protocol.slice(0, -1),
    });
    const hasBody = body !== null && req.method !== "GET" && req.method !== "HEAD";
    const { response, timing } = await invoke(
      pool,
      requestId,
      (signal) =>
        new Request(`http://localhost${rest}`, {
          method: req.method,
          headers,
          body: hasBody ? body : null,
          signal,
          // @ts-ignore: duplex is required by fetch for streaming bodies
          duplex: "half",
        }),
      req.signal,
      overLimit,
    );
    response.headers.set("x-request-id", requestId);
    response.headers.set(
      "server-timing",
      `queue;dur=${timing.waitMs.toFixed(1)}, upstream;dur=${timing.upstreamMs.toFixed(1)}` +
        (timing.cold ? ', cold;desc="cold start"' : ""),
    );
    observe(response.status, {
      cold: timing.cold,
      coldStartMs: timing.cold ? timing.waitMs : undefined,
      queueMs: timing.waitMs,
      instance: timing.instance,
    });
    return response;
  } catch (error) {
    const mapped = overLimit() ?? error;
    if (mapped instanceof DenofnError) {
      observe(mapped.status, { error: mapped.message });
    }
    throw mapped;
  }
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s).slice(0, 80);
  } catch {
    return s.slice(0, 80);
  }
}
