/**
 * Stand-in for `@google-cloud/functions-framework`: a Google Cloud function registers its handler
 * with `functions.http(name, fn)`, and the platform serves it as an Express-style `(req, res)`.
 * The build maps the package's name here, so a function written for GCF runs unchanged.
 *
 * @example
 * ```ts
 * import * as functions from "@google-cloud/functions-framework";
 *
 * functions.http("helloHttp", (req, res) => {
 *   res.send(`Hello ${req.query.name || "World"}!`);
 * });
 * ```
 * @module
 */
import { compatRegistry } from "./registry.ts";

// deno-lint-ignore no-explicit-any
type HttpFunction = (req: any, res: any) => unknown;

/**
 * Registers an HTTP function under `name`.
 *
 * @example
 * ```ts
 * import { http } from "./functions_framework.ts";
 *
 * http("hello", (_req, res) => res.send("hi"));
 * ```
 */
export function http(name: string, fn: HttpFunction): void {
  compatRegistry().gcf.set(name, fn);
}

/**
 * CloudEvent functions are not invoked over HTTP here; registering one is an error at start.
 *
 * @example
 * ```ts
 * import { cloudEvent } from "./functions_framework.ts";
 *
 * try {
 *   cloudEvent("onEvent", () => {});
 * } catch (e) {
 *   console.log((e as Error).message);
 * }
 * ```
 */
export function cloudEvent(name: string, _fn: unknown): never {
  throw new Error(`cloudEvent("${name}"): only HTTP functions run on denofn`);
}

export default { http, cloudEvent };
