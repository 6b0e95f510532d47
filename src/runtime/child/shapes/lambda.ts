/**
 * AWS Lambda behind API Gateway: `handler(event, context[, callback])` with a REST API (v1) or
 * HTTP API (v2) proxy event, and the result mapped back as API Gateway does (`statusCode`,
 * `headers`, `multiValueHeaders`, `cookies`, `body`, `isBase64Encoded`; in v2 a value without
 * `statusCode` is a 200 JSON body).
 */
import { bodyBytes, fromBase64, isTextual, toBase64 } from "./body.ts";
import type { CallFacts } from "./types.ts";

type Dict<T> = Record<string, T>;

function headerMaps(headers: Headers) {
  const single: Dict<string> = {};
  const multi: Dict<string[]> = {};
  headers.forEach((v, k) => {
    single[k] = v;
    multi[k] = k === "set-cookie" ? headers.getSetCookie() : v.split(/,\s*/);
  });
  return { single, multi };
}

function queryMaps(params: URLSearchParams) {
  const single: Dict<string> = {};
  const multi: Dict<string[]> = {};
  for (const [k, v] of params) {
    single[k] = v;
    (multi[k] ??= []).push(v);
  }
  return { single, multi, empty: !params.size };
}

/** The API Gateway proxy event of a call, in format `v1` or `v2`. */
export async function lambdaEvent(req: Request, facts: CallFacts, format: "v1" | "v2") {
  const url = new URL(req.url);
  const raw = await bodyBytes(req);
  const textual = isTextual(req.headers.get("content-type"));
  const body = raw.length ? (textual ? new TextDecoder().decode(raw) : toBase64(raw)) : undefined;
  const isBase64Encoded = raw.length > 0 && !textual;
  const now = Date.now();
  const userAgent = req.headers.get("user-agent") ?? "";
  const h = headerMaps(req.headers);
  const q = queryMaps(url.searchParams);
  if (format === "v2") {
    const cookies = req.headers.get("cookie")?.split(/;\s*/);
    const joined: Dict<string> = {};
    for (const [k, vs] of Object.entries(q.multi)) joined[k] = vs.join(",");
    return {
      version: "2.0",
      routeKey: "$default",
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies ? { cookies } : {}),
      headers: h.single,
      ...(q.empty ? {} : { queryStringParameters: joined }),
      requestContext: {
        accountId: "000000000000",
        apiId: "denofn",
        domainName: url.host,
        domainPrefix: url.hostname.split(".")[0],
        http: {
          method: req.method,
          path: url.pathname,
          protocol: "HTTP/1.1",
          sourceIp: facts.clientIp,
          userAgent,
        },
        requestId: facts.requestId,
        routeKey: "$default",
        stage: "$default",
        time: new Date(now).toUTCString(),
        timeEpoch: now,
      },
      ...(body === undefined ? {} : { body }),
      isBase64Encoded,
    };
  }
  return {
    resource: "/{proxy+}",
    path: url.pathname,
    httpMethod: req.method,
    headers: h.single,
    multiValueHeaders: h.multi,
    queryStringParameters: q.empty ? null : q.single,
    multiValueQueryStringParameters: q.empty ? null : q.multi,
    pathParameters: url.pathname === "/" ? null : { proxy: url.pathname.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: "000000000000",
      apiId: "denofn",
      resourceId: "denofn",
      resourcePath: "/{proxy+}",
      httpMethod: req.method,
      path: url.pathname,
      stage: "$default",
      protocol: "HTTP/1.1",
      requestId: facts.requestId,
      requestTimeEpoch: now,
      identity: { sourceIp: facts.clientIp, userAgent },
    },
    body: body ?? null,
    isBase64Encoded,
  };
}

/** The Lambda `context` object. */
export function lambdaContext(facts: CallFacts) {
  return {
    functionName: facts.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${facts.functionName}`,
    memoryLimitInMB: String(facts.memoryMb),
    awsRequestId: facts.requestId,
    logGroupName: `/aws/lambda/${facts.functionName}`,
    logStreamName: facts.functionName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, facts.deadline - Date.now()),
  };
}

interface ProxyResult {
  statusCode?: number;
  headers?: Dict<string | number | boolean>;
  multiValueHeaders?: Dict<(string | number | boolean)[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/** Maps a handler's result to the response API Gateway would send. */
export function lambdaResponse(result: unknown, format: "v1" | "v2"): Response {
  const proxy = typeof result === "object" && result !== null && "statusCode" in result;
  if (!proxy) {
    if (format === "v1") {
      console.error("Lambda result has no statusCode: API Gateway (v1) answers 502");
      return Response.json({ message: "Internal server error" }, { status: 502 });
    }
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    return new Response(body, { headers: { "content-type": "application/json" } });
  }
  const r = result as ProxyResult;
  const headers = new Headers();
  for (const [k, vs] of Object.entries(r.multiValueHeaders ?? {})) {
    for (const v of vs) headers.append(k, String(v));
  }
  for (const [k, v] of Object.entries(r.headers ?? {})) headers.set(k, String(v));
  for (const c of r.cookies ?? []) headers.append("set-cookie", c);
  if (!headers.has("content-type") && format === "v1") {
    headers.set("content-type", "application/json");
  }
  const status = Number(r.statusCode) || 200;
  const body = r.body === undefined || r.body === null
    ? null
    : r.isBase64Encoded
    ? fromBase64(String(r.body))
    : String(r.body);
  return new Response(status === 204 || status === 304 ? null : body, { status, headers });
}

/** Calls `handler(event, context, callback)`, whichever of the callback or the promise answers. */
export async function callLambda(
  fn: (event: unknown, context: unknown, callback: unknown) => unknown,
  req: Request,
  facts: CallFacts,
  format: "v1" | "v2",
): Promise<Response> {
  const event = await lambdaEvent(req, facts, format);
  let settle!: (v: unknown) => void;
  let fail!: (e: unknown) => void;
  const viaCallback = new Promise((resolve, reject) => ((settle = resolve), (fail = reject)));
  const callback = (error: unknown, value: unknown) => (error ? fail(error) : settle(value));
  const context = {
    ...lambdaContext(facts),
    succeed: (v: unknown) => settle(v),
    fail: (e: unknown) => fail(e),
    done: callback,
  };
  const returned = fn(event, context, callback);
  const thenable = typeof (returned as { then?: unknown })?.then === "function";
  const result = thenable || fn.length < 3
    ? await Promise.race([returned, viaCallback])
    : await viaCallback;
  return lambdaResponse(result, format);
}
