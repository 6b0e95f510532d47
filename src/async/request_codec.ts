/** Turns an incoming `/async/fn/...` request into a stored job's parts, refusing what is unsafe. */
import { BadRequest } from "../errors/mod.ts";
import { HeadersTooLarge } from "./errors.ts";

/** Headers never stored with a job: hop-by-hop, framing, and what the platform itself sets. */
const DROPPED = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "proxy-authorization",
  "proxy-connection",
  "host",
  "content-length",
  "x-callback-url",
  "x-request-id",
]);

/** The headers to store: the caller's, minus {@link DROPPED} and every `x-denofn-*`. */
export function storedHeaders(headers: Headers, limit: number, fn: string): [string, string][] {
  const kept: [string, string][] = [];
  let bytes = 0;
  for (const [name, value] of headers) {
    if (DROPPED.has(name) || name.startsWith("x-denofn-")) continue;
    bytes += name.length + value.length + 4;
    if (bytes > limit) throw new HeadersTooLarge(limit, fn);
    kept.push([name, value]);
  }
  return kept;
}

/** The method the function sees: `X-Denofn-Method` when given, else the request's. */
export function methodOf(req: Request, fn: string): string {
  const asked = req.headers.get("x-denofn-method");
  if (asked === null) return req.method;
  const method = asked.trim().toUpperCase();
  if (!/^[A-Z]{1,16}$/.test(method)) {
    throw new BadRequest(`X-Denofn-Method must be an HTTP method name`, fn);
  }
  return method;
}

/** Splits `/async/fn/<name>/<rest>?q` into name and function-relative path (400 on traversal). */
export function splitAsyncPath(url: URL): { name: string; rest: string } {
  const path = url.pathname.slice("/async/fn/".length);
  const slash = path.indexOf("/");
  const name = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? "/" : path.slice(slash);
  if (/(^|\/)\.\.?(\/|$)|%2e|%2f|%5c|\\/i.test(rest)) {
    throw new BadRequest(`The path "${rest.slice(0, 80)}" has dot or encoded slash segments`, name);
  }
  return { name, rest: rest + url.search };
}

/** Longest `Idempotency-Key` accepted. */
export const MAX_IDEMPOTENCY_KEY = 200;

/** The `Idempotency-Key`, checked (visible ASCII, at most 200 characters). */
export function idempotencyKeyOf(req: Request, fn: string): string | undefined {
  const key = req.headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!/^[\x21-\x7e]+$/.test(key) || key.length > MAX_IDEMPOTENCY_KEY) {
    throw new BadRequest(
      `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY} visible ASCII characters`,
      fn,
    );
  }
  return key;
}
