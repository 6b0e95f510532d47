/**
 * Cloudflare Workers: `export default { fetch(request, env, ctx) }` with `env` holding the
 * function's vars, `ctx.waitUntil` / `ctx.passThroughOnException`, and the service-worker syntax
 * `addEventListener("fetch", (event) => event.respondWith(...))`.
 */
import { waitUntil } from "./web.ts";
import type { CallFacts } from "./types.ts";

/** The Workers `ExecutionContext`. There is no origin to pass through to: a throw is a 500. */
export function executionContext() {
  return { waitUntil, passThroughOnException() {}, props: {} };
}

/** A `FetchEvent` for service-worker style listeners; resolves with what `respondWith` got. */
export function fetchEvent(req: Request): {
  event: Record<string, unknown>;
  response: () => Promise<unknown> | undefined;
} {
  let answer: Promise<unknown> | undefined;
  const event = {
    type: "fetch",
    request: req,
    respondWith(r: unknown) {
      if (answer) throw new Error("respondWith() was already called");
      answer = Promise.resolve(r);
    },
    waitUntil,
    passThroughOnException() {},
  };
  return { event, response: () => answer };
}

/** `fetch(request, env, ctx)` of a Workers module. */
export function workersArgs(facts: CallFacts): [Record<string, string>, unknown] {
  return [facts.env, executionContext()];
}
