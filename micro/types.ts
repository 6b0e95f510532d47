/** A value that survives `JSON.stringify` unchanged: what a handler may return to answer JSON. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue | undefined };

/**
 * What the platform tells a handler about the call besides the request itself.
 *
 * @example
 * ```ts
 * import { createHandler } from "denofn/micro";
 *
 * export default createHandler((_req, ctx) => `call ${ctx.requestId} to ${ctx.path}`);
 * ```
 */
export interface Context {
  /** Id of this call (also sent as the `x-request-id` header). */
  requestId: string;
  /** Name of the function (its folder name under `registry_in/`). */
  functionName: string;
  /** Path after `/fn/<name>`, starting with `/` (`/` when none); no query string. */
  path: string;
  /** Aborts when the caller goes away or the call times out. */
  signal: AbortSignal;
}

/**
 * What a handler may answer with: a `Response`, a string, a JSON value, or nothing. `object`
 * is allowed so that values typed by an interface (which TypeScript does not treat as
 * indexable) can be returned; they are sent with `JSON.stringify`.
 */
export type HandlerResult = Response | string | JsonValue | object | undefined | void;

/**
 * A function handler. A string becomes 200 `text/plain`, a JSON value 200 `application/json`,
 * `undefined` 204, and a `Response` passes as is.
 *
 * @example
 * ```ts
 * import type { Handler } from "denofn/micro";
 *
 * const handler: Handler = (req) => ({ method: req.method });
 * export default handler;
 * ```
 */
export type Handler = (
  req: Request,
  ctx: Context,
) => HandlerResult | Promise<HandlerResult>;

/**
 * The `Deno.serve` / workers shape: an object with a `fetch` method.
 *
 * @example
 * ```ts
 * import type { FetchHandler } from "denofn/micro";
 *
 * const handler: FetchHandler = { fetch: (req) => new Response(req.url) };
 * export default handler;
 * ```
 */
export interface FetchHandler {
  fetch(req: Request, ctx: Context): HandlerResult | Promise<HandlerResult>;
}

/**
 * A handler after {@link resolveHandler}: always answers with a `Response`, never throws.
 *
 * @example
 * ```ts
 * import { resolveHandler, type ResolvedHandler } from "denofn/micro";
 *
 * const run: ResolvedHandler = resolveHandler(() => "hi");
 * ```
 */
export type ResolvedHandler = (req: Request, ctx: Context) => Promise<Response>;
