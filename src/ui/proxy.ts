/**
 * The dashboard's only way to the platform: `/ui/api/admin/<path>` and `/ui/api/metrics` are
 * forwarded in-process to the admin API (`/admin/<path>`) and `/metrics`, with the session's
 * bearer credential instead of the browser's cookies. Bodies stream both ways (deploy uploads,
 * log streams), and the browser's abort reaches the platform.
 */

/**
 * How the UI reaches the platform's HTTP surface: the gateway app's `fetch`, with the browser
 * connection's Hono `env` (its remote address) passed on.
 */
export type Upstream = (req: Request, env?: object) => Response | Promise<Response>;

/** Request headers the browser sends that are passed on. */
const PASSED = ["accept", "content-type", "content-length", "last-event-id", "x-request-id"];

/** The platform path for a `/ui/api/...` path, or undefined when it is not forwarded. */
export function upstreamPath(apiPath: string): string | undefined {
  if (apiPath === "/metrics") return "/metrics";
  if (apiPath === "/admin" || apiPath.startsWith("/admin/")) return apiPath;
  return undefined;
}

/** Forwards `req` to `path` (with its query) on the platform with `bearer`. */
export async function forward(
  upstream: Upstream,
  req: Request,
  path: string,
  bearer: string,
): Promise<Response> {
  const url = new URL(req.url);
  const headers = new Headers({ authorization: `Bearer ${bearer}` });
  for (const name of PASSED) {
    const value = req.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const hasBody = req.body !== null && req.method !== "GET" && req.method !== "HEAD";
  const res = await upstream(
    new Request(new URL(path + url.search, url.origin), {
      method: req.method,
      headers,
      body: hasBody ? req.body : undefined,
      signal: req.signal,
      // @ts-ignore: Deno needs duplex for a streamed body; the DOM types lack it.
      duplex: hasBody ? "half" : undefined,
    }),
  );
  const out = new Response(res.body, { status: res.status, headers: res.headers });
  out.headers.delete("set-cookie");
  out.headers.set("cache-control", "no-store");
  return out;
}
