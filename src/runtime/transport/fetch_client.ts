/**
 * The upstream client built on Deno's fetch() with a Unix-socket HTTP client. Kept as the
 * reference implementation the HTTP/1.1 client is tested and benchmarked against.
 * @module
 */
import { requestOf, type UpstreamClient } from "./types.ts";

/**
 * Creates an upstream client for the instance listening on the Unix socket `socketPath`;
 * `tuning` goes to `Deno.createHttpClient` (e.g. `http2: false`, `poolMaxIdlePerHost`).
 */
export function createFetchClient(
  socketPath: string,
  tuning: Omit<Deno.CreateHttpClientOptions, "proxy"> = {},
): UpstreamClient {
  const client = Deno.createHttpClient({
    ...tuning,
    proxy: { transport: "unix", path: socketPath },
  } as Deno.CreateHttpClientOptions);
  const client_ = {
    fetch(req: Request): Promise<Response> {
      const url = new URL(req.url);
      return fetch(`http://localhost${url.pathname}${url.search}`, {
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
