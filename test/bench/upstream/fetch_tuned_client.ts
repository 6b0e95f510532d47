/**
 * Candidate upstream client: Deno fetch with an HTTP client tuned for one local upstream
 * (HTTP/1.1 only, a large idle pool).
 * @module
 */
import type { UpstreamClient } from "../../../src/gateway/upstream/mod.ts";

/** Creates a tuned fetch upstream client for `socketPath`. */
export function createFetchTunedClient(socketPath: string): Omit<UpstreamClient, "send"> {
  const client = Deno.createHttpClient({
    proxy: { transport: "unix", path: socketPath },
    http1: true,
    http2: false,
    poolMaxIdlePerHost: 256,
    poolIdleTimeout: 60_000,
  } as Deno.CreateHttpClientOptions);
  return {
    fetch(req) {
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
    close() {
      client.close();
    },
  };
}
