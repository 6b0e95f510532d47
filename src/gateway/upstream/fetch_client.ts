/** Sends requests to one instance listening on a Unix socket. */
export interface UpstreamClient {
  /**
   * Sends `req` to the instance. Only the path and query of `req.url` matter. Bodies stream
   * both ways. Rejects when the connection fails or is reset.
   */
  fetch(req: Request): Promise<Response>;
  /** Releases pooled connections. */
  close(): void;
}

/** Creates an upstream client for the instance listening on the Unix socket `socketPath`. */
export function createUpstreamClient(socketPath: string): UpstreamClient {
  const client = Deno.createHttpClient({
    proxy: { transport: "unix", path: socketPath },
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
