import { toResponse } from "./to_response.ts";
import type { Context, FetchHandler, Handler, ResolvedHandler } from "./types.ts";

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object without a fetch method" : `a ${typeof value}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The 500 answer for a handler that threw: `{ "error", "code", "function", "requestId" }`.
 *
 * @example
 * ```ts
 * import { errorResponse } from "denofn/micro";
 *
 * const res = errorResponse(new Error("boom"), {
 *   requestId: "r1",
 *   functionName: "hello",
 *   path: "/",
 *   signal: new AbortController().signal,
 * });
 * console.log(res.status); // 500
 * ```
 */
export function errorResponse(error: unknown, ctx: Context): Response {
  const body = {
    error: messageOf(error),
    code: "function_error",
    function: ctx.functionName,
    requestId: ctx.requestId,
  };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: {
      "content-type": "application/json",
      // For the platform's history (it removes the header): the message and where it was thrown.
      [ERROR_HEADER]: encodeURIComponent(summaryOf(error).slice(0, 500)),
    },
  });
}

/** Response header carrying a thrown error's summary to the platform (not to the caller). */
export const ERROR_HEADER = "x-denofn-error";

/** `message (at index.ts:12:5)`: the first stack frame names the source file, not the bundle. */
function summaryOf(error: unknown): string {
  const message = messageOf(error);
  const stack = error instanceof Error ? error.stack ?? "" : "";
  const frame = /\bat (?:.*?\()?(?:file:\/\/)?[^)\s]*\/([^/)\s]+:\d+:\d+)\)?/.exec(stack);
  return frame ? `${message} (at ${frame[1]})` : message;
}

/**
 * Normalizes a function module's default export — `createHandler(...)`, a plain function, or an
 * object with `fetch` — into one `(req, ctx) => Promise<Response>` that converts return values
 * with {@link toResponse} and turns a throw into a 500 JSON error (details go to stderr).
 *
 * @throws {TypeError} when the export has none of the three shapes.
 * @example
 * ```ts
 * import { resolveHandler } from "denofn/micro";
 *
 * const run = resolveHandler({ fetch: () => ({ ok: true }) });
 * const res = await run(new Request("http://fn/"), {
 *   requestId: "r1",
 *   functionName: "demo",
 *   path: "/",
 *   signal: new AbortController().signal,
 * });
 * console.log(await res.json()); // { ok: true }
 * ```
 */
export function resolveHandler(defaultExport: unknown): ResolvedHandler {
  let call: Handler;
  if (typeof defaultExport === "function") {
    call = defaultExport as Handler;
  } else if (
    typeof defaultExport === "object" && defaultExport !== null &&
    typeof (defaultExport as FetchHandler).fetch === "function"
  ) {
    const target = defaultExport as FetchHandler;
    call = (req, ctx) => target.fetch(req, ctx);
  } else {
    throw new TypeError(
      `Cannot use the default export as a handler: got ${describe(defaultExport)}; export ` +
        "default createHandler((req, ctx) => ...), a function (req, ctx) => ..., or an object " +
        "with fetch(req, ctx)",
    );
  }
  return async (req, ctx) => {
    try {
      return toResponse(await call(req, ctx));
    } catch (error) {
      console.error(
        `[${ctx.functionName}] request ${ctx.requestId} failed:`,
        error instanceof Error ? (error.stack ?? error.message) : error,
      );
      return errorResponse(error, ctx);
    }
  };
}
