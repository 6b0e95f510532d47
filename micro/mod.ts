/**
 * The denofn author library. A function's `index.ts` default-exports a handler:
 *
 * @example
 * ```ts
 * import { createHandler } from "denofn/micro";
 *
 * export default createHandler((req) => {
 *   const name = new URL(req.url).searchParams.get("name") ?? "world";
 *   return `Hello, ${name}!`;
 * });
 * ```
 *
 * It has no imports outside this folder and needs no permissions: it is bundled into functions
 * and into the platform's runner.
 * @module
 */
export { createHandler } from "./create_handler.ts";
export { toResponse } from "./to_response.ts";
export {
  type Collection,
  store,
  type StoreEntry,
  StoreError,
  type StoreOptions,
  type StorePage,
  type WriteOptions,
} from "./store.ts";
export { ERROR_HEADER, errorResponse, resolveHandler } from "./resolve_handler.ts";
export type {
  Context,
  FetchHandler,
  Handler,
  HandlerResult,
  JsonValue,
  ResolvedHandler,
} from "./types.ts";
