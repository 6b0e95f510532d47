/**
 * Stand-in for `@azure/functions` (the v4 programming model): `app.http(name, { handler })`
 * registers a handler that the platform serves, `HttpResponse` wraps an answer. The build maps
 * the package's name here, so a function written for Azure runs unchanged.
 *
 * @example
 * ```ts
 * import { app } from "@azure/functions";
 *
 * app.http("hello", {
 *   methods: ["GET", "POST"],
 *   authLevel: "anonymous",
 *   handler: async (request) => ({ body: `Hello, ${request.query.get("name") ?? "world"}!` }),
 * });
 * ```
 * @module
 */
import { compatRegistry } from "./registry.ts";

// deno-lint-ignore no-explicit-any
type HttpHandler = (request: any, context: any) => unknown;
/** Options of `app.http`: only `handler` matters here (routes are the platform's). */
export interface HttpFunctionOptions {
  handler: HttpHandler;
  methods?: string[];
  authLevel?: string;
  route?: string;
}

function register(name: string, options: HttpFunctionOptions | HttpHandler): void {
  const handler = typeof options === "function" ? options : options.handler;
  compatRegistry().azure.set(name, handler);
}

/**
 * The v4 `app`: `http`, and the per-method shorthands.
 *
 * @example
 * ```ts
 * import { app } from "./azure_functions.ts";
 *
 * app.get("ping", () => ({ body: "pong" }));
 * ```
 */
export const app = {
  http: register,
  get: register,
  post: register,
  put: register,
  patch: register,
  deleteRequest: register,
  setup(_options?: unknown): void {},
};

/**
 * An HTTP answer (`new HttpResponse({ status, body, jsonBody, headers })`).
 *
 * @example
 * ```ts
 * import { HttpResponse } from "./azure_functions.ts";
 *
 * const res = new HttpResponse({ status: 201, jsonBody: { ok: true } });
 * console.log(res.init.status);
 * ```
 */
export class HttpResponse {
  constructor(readonly init: Record<string, unknown> = {}) {}
}

export default { app, HttpResponse };
