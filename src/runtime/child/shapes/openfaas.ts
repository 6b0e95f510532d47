/**
 * OpenFaaS Node templates (`node18`, `node20`): `module.exports = async (event, context) => ...`
 * with `event` = `{ body, headers, method, query, path }` and `context.status(code)`,
 * `.headers({...})`, `.succeed(value)`, `.fail(error)`; the value is sent as Express would.
 */
import { bodyBytes, headerObject, parseBody, queryObject } from "./body.ts";
import { expressResponse } from "./express.ts";

/** The OpenFaaS `FunctionContext`. */
class FunctionContext {
  statusCode = 200;
  headerValues: Record<string, string> = {};
  cbCalled = 0;
  constructor(readonly cb: (error: unknown, value?: unknown) => void) {}
  status(code?: number): number | this {
    if (!code) return this.statusCode;
    this.statusCode = code;
    return this;
  }
  headers(value?: Record<string, string>): Record<string, string> | this {
    if (!value) return this.headerValues;
    this.headerValues = value;
    return this;
  }
  succeed(value: unknown): void {
    this.cbCalled++;
    this.cb(undefined, value);
  }
  fail(value: unknown): void {
    this.cbCalled++;
    this.cb(value);
  }
}

/** Calls an OpenFaaS Node handler and answers as its template's Express server does. */
export async function callOpenfaas(
  fn: (event: unknown, context: unknown, cb?: unknown) => unknown,
  req: Request,
): Promise<Response> {
  const url = new URL(req.url);
  const raw = await bodyBytes(req);
  const type = req.headers.get("content-type");
  const parsed = parseBody(raw, type);
  const event = {
    body: parsed === undefined ? (/json/.test(type ?? "") ? {} : "") : parsed,
    headers: headerObject(req.headers),
    method: req.method,
    query: queryObject(url.searchParams),
    path: url.pathname,
  };
  let settle!: (r: { error?: unknown; value?: unknown }) => void;
  const answered = new Promise<{ error?: unknown; value?: unknown }>((r) => (settle = r));
  const context = new FunctionContext((error, value) => settle({ error, value }));
  const returned = fn(event, context, (error: unknown, value: unknown) => settle({ error, value }));
  Promise.resolve(returned).then((value) => {
    if (!context.cbCalled) settle({ value });
  }, (error) => settle({ error }));
  const { error, value } = await answered;
  const { res, done } = expressResponse();
  if (error !== undefined) {
    res.status(500).send(error instanceof Error ? error.toString() : String(error));
  } else {
    res.set(context.headerValues).status(context.statusCode);
    if (typeof value === "number") res.send(String(value));
    else res.send(value);
  }
  return await done;
}
