/**
 * The upstream client built on Deno's fetch(). Kept as the reference implementation the
 * HTTP/1.1 client is tested and benchmarked against.
 * @module
 */
import { requestOf, targetOf, type UpstreamClient, type UpstreamTarget } from "./types.ts";

/**
 * Creates an upstream client for the instance at `target` (a string: a Unix socket path);
 * `tuning` goes to `Deno.createHttpClient` (e.g. `http2: false`, `poolMaxIdlePerHost`).
 */
export function createFetchClient(
  target: UpstreamTarget | string,
  tuning: Omit<Deno.CreateHttpClientOptions, "proxy"> = {},
): UpstreamClient {
  const t = targetOf(target);
  const client = Deno.createHttpClient(
    t.transport === "unix"
      ? { ...tuning, proxy: { transport: "unix", path: t.path } } as Deno.CreateHttpClientOptions
      : tuning,
  );
  const host = t.transport === "unix"
    ? "localhost"
    : `${t.hostname.includes(":") ? `[${t.hostname}]` : t.hostname}:${t.port}`;
  const client_ = {
    fetch(req: Request): Promise<Response> {
      const url = new URL(req.url);
      return fetch(`http://${host}${url.pathname}${url.search}`, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: "manual",
        client,
        signal: req.signal,
      });
    },
    send(call: Parameters<UpstreamClient["send"]>[0]) {
      return client_.fetch(requestOf(call));
    },
    close() {
      client.close();
    },
  };
  return client_;
}
