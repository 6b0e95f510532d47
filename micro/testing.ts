/**
 * Helpers to test a handler in-process, without the platform: no server, no socket.
 *
 * @example
 * ```ts
 * import { createHandler } from "denofn/micro";
 * import { invoke } from "denofn/micro/testing";
 *
 * const handler = createHandler((req) => new URL(req.url).searchParams.get("name") ?? "world");
 * const res = await invoke(handler, "/?name=Ada");
 * console.log(await res.text());
 * ```
 * @module
 */
import { resolveHandler } from "./resolve_handler.ts";
export { useMemoryStore } from "./memory_store.ts";
import type { Context } from "./types.ts";

/** A request described as plain data; `path` is function-relative and may carry a query. */
export interface InvokeRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
}

/** Base URL of requests built by {@link invoke} from a path. */
export const TEST_ORIGIN = "http://denofn.test";

let counter = 0;

function toRequest(input: string | Request | InvokeRequest): Request {
  if (input instanceof Request) return input;
  if (typeof input === "string") return new Request(new URL(input, TEST_ORIGIN));
  const method = (input.method ?? "GET").toUpperCase();
  const hasBody = input.body !== undefined && input.body !== null;
  return new Request(new URL(input.path ?? "/", TEST_ORIGIN), {
    method,
    headers: input.headers,
    body: hasBody ? input.body : undefined,
  });
}

/**
 * Calls a handler (any of the three default-export shapes) the way the platform would and
 * returns its `Response`: return values are converted and a throw becomes a 500 JSON error.
 * `input` is a path such as `"/items/1?x=2"`, a `Request`, or `{ method, path, headers, body }`.
 *
 * @example
 * ```ts
 * import { createHandler } from "denofn/micro";
 * import { invoke } from "denofn/micro/testing";
 *
 * const handler = createHandler(async (req) => ({ got: await req.text() }));
 * const res = await invoke(handler, { method: "POST", path: "/", body: "hi" });
 * console.log(await res.json()); // { got: "hi" }
 * ```
 */
export function invoke(
  handler: unknown,
  input: string | Request | InvokeRequest = "/",
  ctx: Partial<Context> = {},
): Promise<Response> {
  const req = toRequest(input);
  const full: Context = {
    requestId: ctx.requestId ?? `test-${++counter}`,
    functionName: ctx.functionName ?? "test",
    path: ctx.path ?? new URL(req.url).pathname,
    signal: ctx.signal ?? req.signal,
  };
  return resolveHandler(handler)(req, full);
}
