/** Sends requests to one instance listening on a Unix socket. */
export interface UpstreamClient {
  /**
   * Sends `req` to the instance. Only the path and query of `req.url` matter. Bodies stream
   * both ways. Rejects when the connection fails or is reset; aborting `req.signal` rejects
   * the call, or errors the response body once it has begun.
   */
  fetch(req: Request): Promise<Response>;
  /** Releases pooled connections. */
  close(): void;
}

/** Tuning of an upstream client; every field is optional. */
export interface UpstreamClientOptions {
  /** Idle keep-alive connections kept per instance (default 256). */
  maxIdleConnections?: number;
}
