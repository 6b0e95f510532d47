import type { HandlerResult } from "./types.ts";

/**
 * Turns what a handler returned into a `Response`: a `Response` passes as is, a string becomes
 * 200 `text/plain; charset=utf-8`, `undefined` becomes 204, and any other value becomes 200
 * `application/json`.
 *
 * @throws {TypeError} when the value cannot be written as JSON (a `BigInt`, a cycle).
 * @example
 * ```ts
 * import { toResponse } from "denofn/micro";
 *
 * const res = toResponse({ ok: true });
 * console.log(res.headers.get("content-type")); // application/json
 * ```
 */
export function toResponse(value: HandlerResult): Response {
  if (value instanceof Response) return value;
  if (value === undefined) return new Response(null, { status: 204 });
  if (typeof value === "string") {
    return new Response(value, { headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  return new Response(JSON.stringify(value), {
    headers: { "content-type": "application/json" },
  });
}
