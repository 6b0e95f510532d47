import type { Handler } from "./types.ts";

/**
 * Marks a function as a denofn handler. It returns `fn` unchanged: it exists so the editor knows
 * the types of `req` and `ctx` without annotations.
 *
 * @example
 * ```ts
 * import { createHandler } from "denofn/micro";
 *
 * export default createHandler((req, ctx) => {
 *   const name = new URL(req.url).searchParams.get("name") ?? "world";
 *   return `Hello, ${name}! (${ctx.requestId})`;
 * });
 * ```
 */
export function createHandler<H extends Handler>(fn: H): H {
  return fn;
}
