/**
 * Express-style `(req, res)` handlers (Vercel Node functions, Google Cloud Functions, Express
 * routes): `req` has `method`, `url`, `path`, `query`, `headers`, a parsed `body` and `rawBody`;
 * `res` has `status`, `set`/`setHeader`, `json`, `send`, `end`, `redirect`, `write`. The call is
 * answered when the handler ends the response.
 */
import { bodyBytes, headerObject, parseBody, parseCookies, queryObject } from "./body.ts";
import type { CallFacts } from "./types.ts";

/** The Node-like request object. */
export async function expressRequest(req: Request, facts: CallFacts) {
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
    params: {} as Record<string, string>,
    cookies: parseCookies(req.headers.get("cookie")),
    ip: facts.clientIp,
    ips: [facts.clientIp],
    get(name: string): string | undefined {
      return headers[name.toLowerCase()];
    },
    header(name: string): string | undefined {
      return headers[name.toLowerCase()];
    },
    is(type: string): boolean {
      return (headers["content-type"] ?? "").includes(type.replace(/^\./, ""));
    },
  };
}

type Body = string | Uint8Array | null;

/** The Node-like response object; `done` settles with the `Response` once it is ended. */
export function expressResponse() {
  let finish!: (r: Response) => void;
  const done = new Promise<Response>((resolve) => (finish = resolve));
  const headers = new Headers();
  const chunks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  const toBytes = (b: string | Uint8Array) => (typeof b === "string" ? encoder.encode(b) : b);
  const res = {
    statusCode: 200,
    statusMessage: "",
    headersSent: false,
    writableEnded: false,
    locals: {} as Record<string, unknown>,
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    setHeader(name: string, value: string | number | string[]) {
      headers.delete(name);
      for (const v of [value].flat()) headers.append(name, String(v));
      return res;
    },
    set(name: string | Record<string, string>, value?: string) {
      if (typeof name === "string") return res.setHeader(name, value ?? "");
      for (const [k, v] of Object.entries(name)) res.setHeader(k, v);
      return res;
    },
    header(name: string, value: string) {
      return res.setHeader(name, value);
    },
    append(name: string, value: string) {
      headers.append(name, value);
      return res;
    },
    getHeader: (name: string) => headers.get(name) ?? undefined,
    removeHeader: (name: string) => headers.delete(name),
    type(type: string) {
      return res.setHeader("content-type", type.includes("/") ? type : mimeOf(type));
    },
    writeHead(
      code: number,
      more?: Record<string, string> | string,
      extra?: Record<string, string>,
    ) {
      res.statusCode = code;
      const h = typeof more === "object" ? more : extra;
      for (const [k, v] of Object.entries(h ?? {})) res.setHeader(k, v);
      return res;
    },
    write(chunk: string | Uint8Array) {
      chunks.push(toBytes(chunk));
      return true;
    },
    end(chunk?: string | Uint8Array | (() => void)) {
      if (res.writableEnded) return res;
      if (chunk !== undefined && typeof chunk !== "function") chunks.push(toBytes(chunk));
      res.writableEnded = res.headersSent = true;
      const size = chunks.reduce((n, c) => n + c.length, 0);
      const body = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) body.set(c, (at += c.length) - c.length);
      const empty = res.statusCode === 204 || res.statusCode === 304;
      finish(new Response(empty ? null : body, { status: res.statusCode, headers }));
      return res;
    },
    send(body?: unknown) {
      if (body === undefined || body === null) return res.end();
      if (typeof body === "object" && !(body instanceof Uint8Array)) return res.json(body);
      if (!headers.has("content-type")) {
        headers.set(
          "content-type",
          typeof body === "string" ? "text/html; charset=utf-8" : "application/octet-stream",
        );
      }
      return res.end(typeof body === "number" ? String(body) : body as Body ?? undefined);
    },
    json(value: unknown) {
      if (!headers.has("content-type")) {
        headers.set("content-type", "application/json; charset=utf-8");
      }
      return res.end(JSON.stringify(value));
    },
    sendStatus(code: number) {
      res.statusCode = code;
      return res.send(String(code));
    },
    redirect(a: number | string, b?: string) {
      res.statusCode = typeof a === "number" ? a : 302;
      res.setHeader("location", typeof a === "string" ? a : b ?? "/");
      return res.end();
    },
    cookie(name: string, value: string, options: Record<string, unknown> = {}) {
      const attrs = Object.entries(options).map(([k, v]) => `; ${k}=${v}`).join("");
      headers.append("set-cookie", `${name}=${encodeURIComponent(value)}${attrs}`);
      return res;
    },
    on() {
      return res;
    },
    once() {
      return res;
    },
  };
  return { res, done };
}

function mimeOf(ext: string): string {
  const types: Record<string, string> = {
    json: "application/json",
    html: "text/html; charset=utf-8",
    text: "text/plain; charset=utf-8",
    txt: "text/plain; charset=utf-8",
    xml: "application/xml",
  };
  return types[ext.replace(/^\./, "")] ?? "application/octet-stream";
}

/** Calls `(req, res)` and answers when the response ends (or the handler throws). */
export async function callExpress(
  fn: (req: unknown, res: unknown) => unknown,
  req: Request,
  facts: CallFacts,
): Promise<Response> {
  const { res, done } = expressResponse();
  const returned = fn(await expressRequest(req, facts), res);
  // A rejected promise fails the call; a handler that returns without ending is awaited.
  const failed = Promise.resolve(returned).then(() => new Promise<never>(() => {}));
  return await Promise.race([done, failed]);
}
