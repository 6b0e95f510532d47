/**
 * Azure Functions for Node: the v3 model `module.exports = async function (context, req)` (the
 * answer is the returned value or `context.res`) and the v4 model `app.http(name, { handler })`
 * with `handler(request, context)` returning an `HttpResponseInit` or an `HttpResponse`.
 */
import { bodyBytes, headerObject, parseBody, queryObject } from "./body.ts";
import type { CallFacts } from "./types.ts";

interface AzureResponse {
  status?: number | string;
  statusCode?: number | string;
  headers?: Record<string, string> | Headers;
  body?: unknown;
  jsonBody?: unknown;
  cookies?: { name: string; value: string }[];
}

function logger() {
  const log = (...args: unknown[]) => console.log(...args);
  return Object.assign(log, {
    error: (...a: unknown[]) => console.error(...a),
    warn: (...a: unknown[]) => console.warn(...a),
    info: (...a: unknown[]) => console.info(...a),
    verbose: (...a: unknown[]) => console.debug(...a),
    debug: (...a: unknown[]) => console.debug(...a),
    trace: (...a: unknown[]) => console.debug(...a),
  });
}

/** An Azure response (`context.res`, a returned value, an `HttpResponse`) as a `Response`. */
export function azureResponse(value: unknown): Response {
  if (value instanceof Response) return value;
  const init = ((value as { init?: AzureResponse })?.init ?? value) as AzureResponse | undefined;
  if (init === undefined || init === null) return new Response(null, { status: 204 });
  const headers = new Headers(init.headers as HeadersInit | undefined);
  for (const c of init.cookies ?? []) {
    headers.append("set-cookie", `${c.name}=${encodeURIComponent(c.value)}`);
  }
  const status = Number(init.status ?? init.statusCode ?? 200);
  let body = init.jsonBody !== undefined ? init.jsonBody : init.body;
  if (
    init.jsonBody !== undefined || (body !== null && typeof body === "object" &&
      !(body instanceof Uint8Array) && !(body instanceof ReadableStream))
  ) {
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    body = JSON.stringify(body);
  } else if (typeof body === "string" && !headers.has("content-type")) {
    headers.set("content-type", "text/plain; charset=utf-8");
  }
  const empty = body === undefined || body === null || status === 204 || status === 304;
  return new Response(empty ? null : body as BodyInit, { status, headers });
}

/** Calls a v3 `(context, req)` function. */
export async function callAzureV3(
  fn: (context: unknown, req: unknown) => unknown,
  req: Request,
  facts: CallFacts,
): Promise<Response> {
  const url = new URL(req.url);
  const raw = await bodyBytes(req);
  const query = queryObject(url.searchParams);
  const headers = headerObject(req.headers);
  const request = {
    method: req.method,
    url: req.url,
    originalUrl: req.url,
    headers,
    query,
    params: {},
    body: parseBody(raw, req.headers.get("content-type")),
    rawBody: raw.length ? new TextDecoder().decode(raw) : undefined,
  };
  let done!: (error?: unknown, result?: unknown) => void;
  const viaDone = new Promise<unknown>((
    resolve,
    reject,
  ) => (done = (error, result) => (error ? reject(error) : resolve(result))));
  const context: Record<string, unknown> = {
    invocationId: facts.requestId,
    executionContext: {
      invocationId: facts.requestId,
      functionName: facts.functionName,
      functionDirectory: ".",
    },
    bindings: { req: request },
    bindingData: { ...query, headers, invocationId: facts.requestId },
    log: logger(),
    res: undefined,
    done,
    req: request,
  };
  const returned = fn(context, request);
  const thenable = typeof (returned as { then?: unknown })?.then === "function";
  const result = thenable ? await Promise.race([returned, viaDone]) : await viaDone;
  return azureResponse(result ?? context.res);
}

/** The v4 `HttpRequest`: fetch-like, with `query` as `URLSearchParams` and `params`. */
function v4Request(req: Request) {
  const url = new URL(req.url);
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    query: url.searchParams,
    params: {} as Record<string, string>,
    user: null,
    get body() {
      return req.body;
    },
    get bodyUsed() {
      return req.bodyUsed;
    },
    text: () => req.text(),
    json: () => req.json(),
    arrayBuffer: () => req.arrayBuffer(),
    blob: () => req.blob(),
    formData: () => req.formData(),
    clone: () => v4Request(req.clone()),
  };
}

/** Calls a v4 `handler(request, context)`. */
export async function callAzureV4(
  fn: (request: unknown, context: unknown) => unknown,
  name: string,
  req: Request,
  facts: CallFacts,
): Promise<Response> {
  const log = logger();
  const context = {
    invocationId: facts.requestId,
    functionName: name,
    extraInputs: { get: () => undefined, set() {} },
    extraOutputs: { get: () => undefined, set() {} },
    options: {},
    triggerMetadata: {},
    traceContext: { traceParent: req.headers.get("traceparent") ?? undefined },
    log,
    trace: log.trace,
    debug: log.debug,
    info: log.info,
    warn: log.warn,
    error: log.error,
  };
  return azureResponse(await fn(v4Request(req), context));
}
