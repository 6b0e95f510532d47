// Generated from src/runtime/child/shapes/ by build_node.ts: do not edit.
// deno-fmt-ignore-file
// deno-lint-ignore-file
// micro/to_response.ts
function toResponse(value) {
  if (value instanceof Response) return value;
  if (value === void 0) return new Response(null, {
    status: 204
  });
  if (typeof value === "string") {
    return new Response(value, {
      headers: {
        "content-type": "text/plain; charset=utf-8"
      }
    });
  }
  return new Response(JSON.stringify(value), {
    headers: {
      "content-type": "application/json"
    }
  });
}

// micro/resolve_handler.ts
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function errorResponse(error, ctx) {
  const body = {
    error: messageOf(error),
    code: "function_error",
    function: ctx.functionName,
    requestId: ctx.requestId
  };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: {
      "content-type": "application/json",
      // For the platform's history (it removes the header): the message and where it was thrown.
      [ERROR_HEADER]: encodeURIComponent(summaryOf(error).slice(0, 500))
    }
  });
}
var ERROR_HEADER = "x-denofn-error";
function summaryOf(error) {
  const message = messageOf(error);
  const stack = error instanceof Error ? error.stack ?? "" : "";
  const frame = /\bat (?:.*?\()?(?:file:\/\/)?[^)\s]*\/([^/)\s]+:\d+:\d+)\)?/.exec(stack);
  return frame ? `${message} (at ${frame[1]})` : message;
}

// src/runtime/child/shapes/body.ts
var TEXTUAL = /^(text\/|application\/(json|[\w.+-]*\+json|xml|[\w.+-]*\+xml|javascript|x-www-form-urlencoded|graphql))/i;
function isTextual(contentType) {
  return !contentType || TEXTUAL.test(contentType);
}
function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 32768) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 32768));
  }
  return btoa(binary);
}
function fromBase64(text) {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
async function bodyBytes(req) {
  if (!req.body) return new Uint8Array(0);
  return new Uint8Array(await req.arrayBuffer());
}
function parseBody(raw, contentType) {
  if (!raw.length) return void 0;
  const type = (contentType ?? "").toLowerCase();
  if (!isTextual(contentType)) return raw;
  const text = new TextDecoder().decode(raw);
  if (/json/.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return queryObject(new URLSearchParams(text));
  }
  return text;
}
function queryObject(params) {
  const out = {};
  for (const [k, v] of params) {
    const prior = out[k];
    out[k] = prior === void 0 ? v : Array.isArray(prior) ? [
      ...prior,
      v
    ] : [
      prior,
      v
    ];
  }
  return out;
}
function headerObject(headers) {
  const out = {};
  headers.forEach((v, k) => out[k] = v);
  return out;
}
function parseCookies(header) {
  const out = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      out[name] = part.slice(eq + 1).trim();
    }
  }
  return out;
}

// src/runtime/child/shapes/azure.ts
function logger() {
  const log = (...args) => console.log(...args);
  return Object.assign(log, {
    error: (...a) => console.error(...a),
    warn: (...a) => console.warn(...a),
    info: (...a) => console.info(...a),
    verbose: (...a) => console.debug(...a),
    debug: (...a) => console.debug(...a),
    trace: (...a) => console.debug(...a)
  });
}
function azureResponse(value) {
  if (value instanceof Response) return value;
  const init = value?.init ?? value;
  if (init === void 0 || init === null) return new Response(null, {
    status: 204
  });
  const headers = new Headers(init.headers);
  for (const c of init.cookies ?? []) {
    headers.append("set-cookie", `${c.name}=${encodeURIComponent(c.value)}`);
  }
  const status = Number(init.status ?? init.statusCode ?? 200);
  let body = init.jsonBody !== void 0 ? init.jsonBody : init.body;
  if (init.jsonBody !== void 0 || body !== null && typeof body === "object" && !(body instanceof Uint8Array) && !(body instanceof ReadableStream)) {
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    body = JSON.stringify(body);
  } else if (typeof body === "string" && !headers.has("content-type")) {
    headers.set("content-type", "text/plain; charset=utf-8");
  }
  const empty = body === void 0 || body === null || status === 204 || status === 304;
  return new Response(empty ? null : body, {
    status,
    headers
  });
}
async function callAzureV3(fn, req, facts) {
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
    rawBody: raw.length ? new TextDecoder().decode(raw) : void 0
  };
  let done;
  const viaDone = new Promise((resolve, reject) => done = (error, result2) => error ? reject(error) : resolve(result2));
  const context = {
    invocationId: facts.requestId,
    executionContext: {
      invocationId: facts.requestId,
      functionName: facts.functionName,
      functionDirectory: "."
    },
    bindings: {
      req: request
    },
    bindingData: {
      ...query,
      headers,
      invocationId: facts.requestId
    },
    log: logger(),
    res: void 0,
    done,
    req: request
  };
  const returned = fn(context, request);
  const thenable = typeof returned?.then === "function";
  const result = thenable ? await Promise.race([
    returned,
    viaDone
  ]) : await viaDone;
  return azureResponse(result ?? context.res);
}
function v4Request(req) {
  const url = new URL(req.url);
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    query: url.searchParams,
    params: {},
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
    clone: () => v4Request(req.clone())
  };
}
async function callAzureV4(fn, name, req, facts) {
  const log = logger();
  const context = {
    invocationId: facts.requestId,
    functionName: name,
    extraInputs: {
      get: () => void 0,
      set() {
      }
    },
    extraOutputs: {
      get: () => void 0,
      set() {
      }
    },
    options: {},
    triggerMetadata: {},
    traceContext: {
      traceParent: req.headers.get("traceparent") ?? void 0
    },
    log,
    trace: log.trace,
    debug: log.debug,
    info: log.info,
    warn: log.warn,
    error: log.error
  };
  return azureResponse(await fn(v4Request(req), context));
}

// src/runtime/child/shapes/express.ts
async function expressRequest(req, facts) {
  const url = new URL(req.url);
  const rawBody = await bodyBytes(req);
  const headers = headerObject(req.headers);
  const type = req.headers.get("content-type");
  return {
    method: req.method,
    url: url.pathname + url.search,
    originalUrl: url.pathname + url.search,
    path: url.pathname,
    hostname: url.hostname,
    protocol: url.protocol.slice(0, -1),
    secure: url.protocol === "https:",
    query: queryObject(url.searchParams),
    headers,
    body: parseBody(rawBody, type),
    rawBody,
    params: {},
    cookies: parseCookies(req.headers.get("cookie")),
    ip: facts.clientIp,
    ips: [
      facts.clientIp
    ],
    get(name) {
      return headers[name.toLowerCase()];
    },
    header(name) {
      return headers[name.toLowerCase()];
    },
    is(type2) {
      return (headers["content-type"] ?? "").includes(type2.replace(/^\./, ""));
    }
  };
}
function expressResponse() {
  let finish;
  const done = new Promise((resolve) => finish = resolve);
  const headers = new Headers();
  const chunks = [];
  const encoder = new TextEncoder();
  const toBytes = (b) => typeof b === "string" ? encoder.encode(b) : b;
  const res = {
    statusCode: 200,
    statusMessage: "",
    headersSent: false,
    writableEnded: false,
    locals: {},
    status(code) {
      res.statusCode = code;
      return res;
    },
    setHeader(name, value) {
      headers.delete(name);
      for (const v of [
        value
      ].flat()) headers.append(name, String(v));
      return res;
    },
    set(name, value) {
      if (typeof name === "string") return res.setHeader(name, value ?? "");
      for (const [k, v] of Object.entries(name)) res.setHeader(k, v);
      return res;
    },
    header(name, value) {
      return res.setHeader(name, value);
    },
    append(name, value) {
      headers.append(name, value);
      return res;
    },
    getHeader: (name) => headers.get(name) ?? void 0,
    removeHeader: (name) => headers.delete(name),
    type(type) {
      return res.setHeader("content-type", type.includes("/") ? type : mimeOf(type));
    },
    writeHead(code, more, extra) {
      res.statusCode = code;
      const h = typeof more === "object" ? more : extra;
      for (const [k, v] of Object.entries(h ?? {})) res.setHeader(k, v);
      return res;
    },
    write(chunk) {
      chunks.push(toBytes(chunk));
      return true;
    },
    end(chunk) {
      if (res.writableEnded) return res;
      if (chunk !== void 0 && typeof chunk !== "function") chunks.push(toBytes(chunk));
      res.writableEnded = res.headersSent = true;
      const size = chunks.reduce((n, c) => n + c.length, 0);
      const body = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) body.set(c, (at += c.length) - c.length);
      const empty = res.statusCode === 204 || res.statusCode === 304;
      finish(new Response(empty ? null : body, {
        status: res.statusCode,
        headers
      }));
      return res;
    },
    send(body) {
      if (body === void 0 || body === null) return res.end();
      if (typeof body === "object" && !(body instanceof Uint8Array)) return res.json(body);
      if (!headers.has("content-type")) {
        headers.set("content-type", typeof body === "string" ? "text/html; charset=utf-8" : "application/octet-stream");
      }
      return res.end(typeof body === "number" ? String(body) : body ?? void 0);
    },
    json(value) {
      if (!headers.has("content-type")) {
        headers.set("content-type", "application/json; charset=utf-8");
      }
      return res.end(JSON.stringify(value));
    },
    sendStatus(code) {
      res.statusCode = code;
      return res.send(String(code));
    },
    redirect(a, b) {
      res.statusCode = typeof a === "number" ? a : 302;
      res.setHeader("location", typeof a === "string" ? a : b ?? "/");
      return res.end();
    },
    cookie(name, value, options = {}) {
      const attrs = Object.entries(options).map(([k, v]) => `; ${k}=${v}`).join("");
      headers.append("set-cookie", `${name}=${encodeURIComponent(value)}${attrs}`);
      return res;
    },
    on() {
      return res;
    },
    once() {
      return res;
    }
  };
  return {
    res,
    done
  };
}
function mimeOf(ext) {
  const types = {
    json: "application/json",
    html: "text/html; charset=utf-8",
    text: "text/plain; charset=utf-8",
    txt: "text/plain; charset=utf-8",
    xml: "application/xml"
  };
  return types[ext.replace(/^\./, "")] ?? "application/octet-stream";
}
async function callExpress(fn, req, facts) {
  const { res, done } = expressResponse();
  const returned = fn(await expressRequest(req, facts), res);
  const failed2 = Promise.resolve(returned).then(() => new Promise(() => {
  }));
  return await Promise.race([
    done,
    failed2
  ]);
}

// src/runtime/child/shapes/lambda.ts
function headerMaps(headers) {
  const single2 = {};
  const multi = {};
  headers.forEach((v, k) => {
    single2[k] = v;
    multi[k] = k === "set-cookie" ? headers.getSetCookie() : v.split(/,\s*/);
  });
  return {
    single: single2,
    multi
  };
}
function queryMaps(params) {
  const single2 = {};
  const multi = {};
  for (const [k, v] of params) {
    single2[k] = v;
    (multi[k] ??= []).push(v);
  }
  return {
    single: single2,
    multi,
    empty: !params.size
  };
}
async function lambdaEvent(req, facts, format) {
  const url = new URL(req.url);
  const raw = await bodyBytes(req);
  const textual = isTextual(req.headers.get("content-type"));
  const body = raw.length ? textual ? new TextDecoder().decode(raw) : toBase64(raw) : void 0;
  const isBase64Encoded = raw.length > 0 && !textual;
  const now = Date.now();
  const userAgent = req.headers.get("user-agent") ?? "";
  const h = headerMaps(req.headers);
  const q = queryMaps(url.searchParams);
  if (format === "v2") {
    const cookies = req.headers.get("cookie")?.split(/;\s*/);
    const joined = {};
    for (const [k, vs] of Object.entries(q.multi)) joined[k] = vs.join(",");
    return {
      version: "2.0",
      routeKey: "$default",
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...cookies ? {
        cookies
      } : {},
      headers: h.single,
      ...q.empty ? {} : {
        queryStringParameters: joined
      },
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
          userAgent
        },
        requestId: facts.requestId,
        routeKey: "$default",
        stage: "$default",
        time: new Date(now).toUTCString(),
        timeEpoch: now
      },
      ...body === void 0 ? {} : {
        body
      },
      isBase64Encoded
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
    pathParameters: url.pathname === "/" ? null : {
      proxy: url.pathname.slice(1)
    },
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
      identity: {
        sourceIp: facts.clientIp,
        userAgent
      }
    },
    body: body ?? null,
    isBase64Encoded
  };
}
function lambdaContext(facts) {
  return {
    functionName: facts.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${facts.functionName}`,
    memoryLimitInMB: String(facts.memoryMb),
    awsRequestId: facts.requestId,
    logGroupName: `/aws/lambda/${facts.functionName}`,
    logStreamName: facts.functionName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, facts.deadline - Date.now())
  };
}
function lambdaResponse(result, format) {
  const proxy = typeof result === "object" && result !== null && "statusCode" in result;
  if (!proxy) {
    if (format === "v1") {
      console.error("Lambda result has no statusCode: API Gateway (v1) answers 502");
      return Response.json({
        message: "Internal server error"
      }, {
        status: 502
      });
    }
    const body2 = typeof result === "string" ? result : JSON.stringify(result ?? null);
    return new Response(body2, {
      headers: {
        "content-type": "application/json"
      }
    });
  }
  const r = result;
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
  const body = r.body === void 0 || r.body === null ? null : r.isBase64Encoded ? fromBase64(String(r.body)) : String(r.body);
  return new Response(status === 204 || status === 304 ? null : body, {
    status,
    headers
  });
}
async function callLambda(fn, req, facts, format) {
  const event = await lambdaEvent(req, facts, format);
  let settle2;
  let fail;
  const viaCallback = new Promise((resolve, reject) => (settle2 = resolve, fail = reject));
  const callback = (error, value) => error ? fail(error) : settle2(value);
  const context = {
    ...lambdaContext(facts),
    succeed: (v) => settle2(v),
    fail: (e) => fail(e),
    done: callback
  };
  const returned = fn(event, context, callback);
  const thenable = typeof returned?.then === "function";
  const result = thenable || fn.length < 3 ? await Promise.race([
    returned,
    viaCallback
  ]) : await viaCallback;
  return lambdaResponse(result, format);
}

// src/runtime/child/shapes/openfaas.ts
var FunctionContext = class {
  cb;
  statusCode;
  headerValues;
  cbCalled;
  constructor(cb) {
    this.cb = cb;
    this.statusCode = 200;
    this.headerValues = {};
    this.cbCalled = 0;
  }
  status(code) {
    if (!code) return this.statusCode;
    this.statusCode = code;
    return this;
  }
  headers(value) {
    if (!value) return this.headerValues;
    this.headerValues = value;
    return this;
  }
  succeed(value) {
    this.cbCalled++;
    this.cb(void 0, value);
  }
  fail(value) {
    this.cbCalled++;
    this.cb(value);
  }
};
async function callOpenfaas(fn, req) {
  const url = new URL(req.url);
  const raw = await bodyBytes(req);
  const type = req.headers.get("content-type");
  const parsed = parseBody(raw, type);
  const event = {
    body: parsed === void 0 ? /json/.test(type ?? "") ? {} : "" : parsed,
    headers: headerObject(req.headers),
    method: req.method,
    query: queryObject(url.searchParams),
    path: url.pathname
  };
  let settle2;
  const answered = new Promise((r) => settle2 = r);
  const context = new FunctionContext((error2, value2) => settle2({
    error: error2,
    value: value2
  }));
  const returned = fn(event, context, (error2, value2) => settle2({
    error: error2,
    value: value2
  }));
  Promise.resolve(returned).then((value2) => {
    if (!context.cbCalled) settle2({
      value: value2
    });
  }, (error2) => settle2({
    error: error2
  }));
  const { error, value } = await answered;
  const { res, done } = expressResponse();
  if (error !== void 0) {
    res.status(500).send(error instanceof Error ? error.toString() : String(error));
  } else {
    res.set(context.headerValues).status(context.statusCode);
    if (typeof value === "number") res.send(String(value));
    else res.send(value);
  }
  return await done;
}

// src/runtime/child/shapes/params.ts
var ARROW_ONE = /^(?:async\s*)?([A-Za-z_$][\w$]*)\s*=>/;
function paramNames(fn) {
  if (typeof fn !== "function") return [];
  let text;
  try {
    text = Function.prototype.toString.call(fn);
  } catch {
    return [];
  }
  const one = ARROW_ONE.exec(text);
  if (one) return [
    one[1]
  ];
  const open = text.indexOf("(");
  if (open < 0) return [];
  let depth = 0;
  let end = open;
  for (; end < text.length; end++) {
    const c = text[end];
    if (c === "(" || c === "{" || c === "[") depth++;
    else if (c === ")" || c === "}" || c === "]") {
      if (--depth === 0) break;
    }
  }
  const inner = text.slice(open + 1, end).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "").trim();
  if (!inner) return [];
  const names = [];
  let part = "";
  depth = 0;
  for (const c of inner) {
    if (c === "(" || c === "{" || c === "[") depth++;
    if (c === ")" || c === "}" || c === "]") depth--;
    if (c === "," && depth === 0) {
      names.push(part);
      part = "";
    } else part += c;
  }
  if (part.trim()) names.push(part);
  return names.map((p) => /^\s*((?:\.\.\.)?[A-Za-z_$][\w$]*)\s*$/.exec(p)?.[1] ?? "?");
}

// src/runtime/child/shapes/web.ts
var CookieJar = class {
  #incoming;
  outgoing = [];
  constructor(header) {
    this.#incoming = parseCookies(header);
  }
  get(name) {
    return this.#incoming[name];
  }
  set(nameOrOptions, value) {
    const o = typeof nameOrOptions === "string" ? {
      name: nameOrOptions,
      value: value ?? ""
    } : nameOrOptions;
    const attrs = Object.entries(o).filter(([k]) => k !== "name" && k !== "value").map(([k, v]) => v === true ? `; ${k}` : v === false ? "" : `; ${cookieAttr(k)}=${v}`);
    this.outgoing.push(`${o.name}=${encodeURIComponent(String(o.value))}${attrs.join("")}`);
  }
  delete(nameOrOptions) {
    const o = typeof nameOrOptions === "string" ? {
      name: nameOrOptions
    } : nameOrOptions;
    this.set({
      ...o,
      value: "",
      expires: (/* @__PURE__ */ new Date(0)).toUTCString()
    });
  }
};
function cookieAttr(key) {
  const known = {
    maxAge: "Max-Age",
    httpOnly: "HttpOnly",
    sameSite: "SameSite",
    expires: "Expires",
    path: "Path",
    domain: "Domain",
    secure: "Secure"
  };
  return known[key] ?? key;
}
function waitUntil(promise) {
  Promise.resolve(promise).catch((e) => console.error("waitUntil promise rejected:", e));
}
var WebContext = class {
  #req;
  #facts;
  #cookies;
  constructor(req, facts) {
    this.#req = req;
    this.#facts = facts;
  }
  // denofn
  get requestId() {
    return this.#facts.requestId;
  }
  get functionName() {
    return this.#facts.functionName;
  }
  get path() {
    return this.#facts.path;
  }
  get signal() {
    return this.#facts.signal;
  }
  // Deno.serve's info
  get remoteAddr() {
    return {
      transport: "tcp",
      hostname: this.#facts.clientIp,
      port: 0
    };
  }
  get completed() {
    return this.#facts.completed;
  }
  // Netlify / Vercel
  get ip() {
    return this.#facts.clientIp;
  }
  get env() {
    return this.#facts.env;
  }
  get geo() {
    return {};
  }
  get params() {
    return {};
  }
  get cookies() {
    return this.#cookies ??= new CookieJar(this.#req.headers.get("cookie"));
  }
  get url() {
    return new URL(this.#req.url);
  }
  get site() {
    return {
      id: void 0,
      name: this.#facts.functionName,
      url: new URL(this.#req.url).origin
    };
  }
  get deploy() {
    return {
      context: "production",
      id: void 0,
      published: true
    };
  }
  get account() {
    return {
      id: void 0
    };
  }
  get server() {
    return {
      region: "local"
    };
  }
  waitUntil(promise) {
    waitUntil(promise);
  }
  /** There is no origin behind a function: `next()` and `rewrite()` answer 404. */
  next() {
    return Promise.resolve(new Response("Not Found", {
      status: 404
    }));
  }
  rewrite() {
    return this.next();
  }
  json(value, init) {
    return Response.json(value, init);
  }
  log(...args) {
    console.log(...args);
  }
  /** Adds the cookies set through `cookies` to the handler's response. */
  finish(res) {
    const out = this.#cookies?.outgoing;
    if (!out?.length) return res;
    try {
      for (const line of out) res.headers.append("set-cookie", line);
      return res;
    } catch {
      const copy = new Response(res.body, res);
      for (const line of out) copy.headers.append("set-cookie", line);
      return copy;
    }
  }
};

// src/runtime/child/shapes/workers.ts
function executionContext() {
  return {
    waitUntil,
    passThroughOnException() {
    },
    props: {}
  };
}
function fetchEvent(req) {
  let answer;
  const event = {
    type: "fetch",
    request: req,
    respondWith(r) {
      if (answer) throw new Error("respondWith() was already called");
      answer = Promise.resolve(r);
    },
    waitUntil,
    passThroughOnException() {
    }
  };
  return {
    event,
    response: () => answer
  };
}
function workersArgs(facts) {
  return [
    facts.env,
    executionContext()
  ];
}

// src/runtime/child/shapes/detect.ts
var METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS"
];
var RES_NAMES = /* @__PURE__ */ new Set([
  "res",
  "response",
  "resp",
  "reply"
]);
var NoHandlerError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "NoHandlerError";
  }
};
var isFn = (v) => typeof v === "function";
var hasFetch = (v) => typeof v === "object" && v !== null && isFn(v.fetch);
function own(obj, name) {
  if (typeof obj !== "object" && typeof obj !== "function" || obj === null) return void 0;
  return Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : void 0;
}
function exported(mod, name) {
  return own(mod, name) ?? (name !== "default" ? own(mod.default, name) : void 0);
}
function guessFunction(fn, named) {
  const [first, second] = paramNames(fn);
  if (first === "context") return "azure";
  if (RES_NAMES.has(second)) return "express";
  if (first === "event") return named ? "lambda" : "openfaas";
  return named && first !== "req" && first !== "request" ? "lambda" : "web";
}
function wrap(call, onError) {
  return async (req, facts) => {
    try {
      return await call(req, facts);
    } catch (error) {
      return await failed(error, facts, onError);
    }
  };
}
async function failed(error, facts, onError) {
  console.error(`[${facts.functionName}] request ${facts.requestId} failed:`, error instanceof Error ? error.stack ?? error.message : error);
  if (onError) {
    try {
      return toResponse(await onError(error));
    } catch {
    }
  }
  return errorResponse(error, facts);
}
function webCall(invoke, onError) {
  return (req, facts) => {
    try {
      const ctx = new WebContext(req, facts);
      const out = invoke(req, ctx, facts);
      if (!isThenable(out)) return ctx.finish(toResponse(out));
      return settle(out, ctx, facts, onError);
    } catch (error) {
      return failed(error, facts, onError);
    }
  };
}
async function settle(out, ctx, facts, onError) {
  try {
    return ctx.finish(toResponse(await out));
  } catch (error) {
    return await failed(error, facts, onError);
  }
}
function isThenable(value) {
  return typeof value?.then === "function";
}
function adapt(shape, target, s, name = "", onError) {
  const fn = hasFetch(target) ? target.fetch.bind(target) : target;
  if (!isFn(fn)) throw new NoHandlerError(`the ${shape} handler is not a function`);
  switch (shape) {
    case "workers":
      return webCall((req, _ctx, facts) => fn(req, ...workersArgs(facts)));
    case "express":
    case "gcf":
      return wrap((req, facts) => callExpress(fn, req, facts));
    case "lambda":
      return wrap((req, facts) => callLambda(fn, req, facts, s.lambdaEvent));
    case "openfaas":
      return wrap((req) => callOpenfaas(fn, req));
    case "azure":
      return wrap((req, facts) => name ? callAzureV4(fn, name, req, facts) : callAzureV3(fn, req, facts));
    default:
      return webCall((req, ctx) => fn(req, ctx), onError);
  }
}
function methodsCall(mod) {
  const found = METHODS.filter((m) => isFn(exported(mod, m)));
  if (!found.length) return void 0;
  const allow = found.includes("GET") && !found.includes("HEAD") ? [
    ...found,
    "HEAD"
  ] : found;
  return webCall((req, ctx) => {
    const fn = exported(mod, req.method) ?? (req.method === "HEAD" ? exported(mod, "GET") : null);
    if (!isFn(fn)) {
      return new Response("Method Not Allowed", {
        status: 405,
        headers: {
          allow: allow.join(", ")
        }
      });
    }
    return fn(req, ctx);
  });
}
function listenerCall(listener) {
  return wrap(async (req) => {
    const { event, response } = fetchEvent(req);
    listener(event);
    const answer = response();
    if (!answer) throw new Error("the fetch listener did not call event.respondWith()");
    return toResponse(await answer);
  });
}
function single(map, what) {
  if (map.size > 1) {
    throw new NoHandlerError(`${map.size} ${what} functions are registered (${[
      ...map.keys()
    ].join(", ")}); set "handler" in registry.json to the one to serve`);
  }
  return map.size ? [
    ...map.entries()
  ][0] : void 0;
}
function describeModule(mod, reg) {
  const names = Object.keys(mod).filter((k) => k !== "__esModule");
  const parts = [
    names.length ? `exports ${names.join(", ")}` : "no exports"
  ];
  if (!reg.serve) parts.push("no Deno.serve call");
  return parts.join(", ");
}
function resolveShape(mod, reg, s) {
  const result = (shape, found, call) => ({
    shape,
    found,
    call
  });
  if (s.handler) {
    const name = s.handler;
    const gcf2 = reg.gcf.get(name);
    const azure2 = reg.azure.get(name);
    const target = exported(mod, name) ?? gcf2 ?? azure2;
    if (!isFn(target) && !hasFetch(target)) {
      throw new NoHandlerError(`handler "${name}" is not a function the module exports or registers (it has ${describeModule(mod, reg)})`);
    }
    const shape = s.shape !== "auto" ? s.shape : gcf2 ? "gcf" : azure2 ? "azure" : hasFetch(target) ? "web" : guessFunction(target, name !== "default");
    return result(shape, `export ${name}`, adapt(shape, target, s, azure2 ? name : ""));
  }
  const gcf = single(reg.gcf, "functions.http");
  if (gcf && (s.shape === "auto" || s.shape === "gcf")) {
    return result("gcf", `functions.http("${gcf[0]}")`, adapt("gcf", gcf[1], s));
  }
  const azure = single(reg.azure, "app.http");
  if (azure && (s.shape === "auto" || s.shape === "azure")) {
    return result("azure", `app.http("${azure[0]}")`, adapt("azure", azure[1], s, azure[0]));
  }
  const def = mod.default;
  if (hasFetch(def) && s.shape !== "lambda") {
    const [, second] = paramNames(def.fetch);
    const shape = s.shape !== "auto" ? s.shape : second === "env" || second?.startsWith("...") || def.fetch.length >= 3 ? "workers" : "web";
    return result(shape, "default export { fetch }", adapt(shape, def, s));
  }
  if (isFn(def) && s.shape !== "lambda") {
    const shape = s.shape !== "auto" ? s.shape : guessFunction(def, false);
    return result(shape, `default export (${paramNames(def).join(", ")})`, adapt(shape, def, s));
  }
  if (reg.serve) {
    const { handler: handler2, onError } = reg.serve;
    return result("deno-serve", "Deno.serve(handler)", adapt("deno-serve", handler2, s, "", onError));
  }
  if (reg.fetchListener) {
    return result("workers", 'addEventListener("fetch")', listenerCall(reg.fetchListener));
  }
  const handler = exported(mod, "handler");
  if (isFn(handler)) {
    const shape = s.shape !== "auto" ? s.shape : guessFunction(handler, true);
    return result(shape, `export handler (${paramNames(handler).join(", ")})`, adapt(shape, handler, s));
  }
  const methods = methodsCall(mod);
  if (methods) return result("vercel", "exports GET/POST/...", methods);
  const fns = Object.keys(mod).filter((k) => k !== "default" && isFn(mod[k]));
  if (fns.length === 1) {
    const fn = mod[fns[0]];
    const shape = s.shape !== "auto" ? s.shape : guessFunction(fn, true);
    return result(shape, `export ${fns[0]}`, adapt(shape, fn, s));
  }
  throw new NoHandlerError(`no handler: the module has ${describeModule(mod, reg)}; export default a handler (a function or an object with fetch), call Deno.serve(handler), or name the export with "handler" in registry.json` + (fns.length ? ` (one of ${fns.join(", ")})` : ""));
}

// src/runtime/child/shapes/types.ts
var REGISTRATIONS_KEY = Symbol.for("denofn.registrations");

// src/runtime/child/shapes/registrations.ts
function registrations() {
  const g = globalThis;
  return g[REGISTRATIONS_KEY] ??= {
    gcf: /* @__PURE__ */ new Map(),
    azure: /* @__PURE__ */ new Map()
  };
}
function installGlobals(env) {
  const g = globalThis;
  g.Netlify ??= {
    env: {
      get: (name) => env[name],
      has: (name) => Object.prototype.hasOwnProperty.call(env, name),
      set: (name, value) => void (env[name] = value),
      delete: (name) => void delete env[name],
      toObject: () => ({
        ...env
      })
    },
    context: null
  };
  g.EdgeRuntime ??= {
    waitUntil: (p) => Promise.resolve(p).catch((e) => console.error(e))
  };
}
export {
  NoHandlerError,
  REGISTRATIONS_KEY,
  WebContext,
  azureResponse,
  installGlobals,
  lambdaContext,
  lambdaEvent,
  lambdaResponse,
  paramNames,
  registrations,
  resolveShape
};
