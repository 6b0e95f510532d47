/**
 * One call to forward, without building a Request: the gateway's hot path uses it to skip the
 * cost of a Request and of a Headers copy (about 25 µs together in Deno 2.9).
 */
export interface UpstreamCall {
  method: string;
  /** Path and query, starting with `/`. */
  path: string;
  /** The caller's headers, sent as they are except hop-by-hop ones and those named below. */
  headers: Headers;
  /** Headers to send in place of any of the same name in `headers` (lowercase names). */
  set?: Record<string, string>;
  /** Names (lowercase) in `headers` not to send. */
  omit?: readonly string[];
  body: ReadableStream<Uint8Array> | null;
  /** Aborting rejects the call, or errors the response body once it has begun. */
  signal?: AbortSignal;
}

/**
 * A call whose request head the caller wrote itself (the edge's direct lane): it goes out in one
 * write, with its small body, as it is.
 */
export interface RawCall {
  method: string;
  /** Request line and headers, ending with the blank line; a body's `content-length` included. */
  head: Uint8Array;
  body: Uint8Array | null;
  /** Aborting rejects the call, or errors the response body once it has begun. */
  signal?: AbortSignal;
}

/** An instance's answer to a {@link RawCall}, as parts. */
export interface RawAnswer {
  status: number;
  /** Header pairs in order, hop-by-hop headers removed (`content-length` kept). */
  headers: [string, string][];
  /** The body's length, or -1 when unknown (chunked, until close, or none for HEAD). */
  contentLength: number;
  /** The whole body when it came with the head, a stream when it follows, or null for none. */
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
  /** Settles once the exchange is over (body read, cancelled or failed). */
  settled: Promise<void>;
}

/**
 * Where an instance listens: a Unix socket (Deno subprocesses) or a TCP host and port
 * (containers). A plain string stands for a Unix socket path.
 */
export type UpstreamTarget =
  | { transport: "unix"; path: string }
  | { transport: "tcp"; hostname: string; port: number };

/** The target a client was given, with a plain string read as a Unix socket path. */
export function targetOf(target: UpstreamTarget | string): UpstreamTarget {
  return typeof target === "string" ? { transport: "unix", path: target } : target;
}

/** Sends requests to one instance, over a Unix socket or TCP. */
export interface UpstreamClient {
  /**
   * Sends `req` to the instance. Only the path and query of `req.url` matter. Bodies stream
   * both ways. Rejects when the connection fails or is reset; aborting `req.signal` rejects
   * the call, or errors the response body once it has begun.
   */
  fetch(req: Request): Promise<Response>;
  /** Like {@link fetch}, for a call given as its parts. */
  send(call: UpstreamCall): Promise<Response>;
  /**
   * Sends a request its caller serialized (head and small body), answering with the parts.
   * Only the HTTP/1.1 client has it; the fetch() reference does not.
   */
  sendRaw?(call: RawCall): Promise<RawAnswer>;
  /** Releases pooled connections. */
  close(): void;
}

/** Tuning of an upstream client; every field is optional. */
export interface UpstreamClientOptions {
  /** Idle keep-alive connections kept per instance (default 256). */
  maxIdleConnections?: number;
  /**
   * How long before the upstream's announced keep-alive timeout (`Keep-Alive: timeout=N`) an
   * idle connection is dropped rather than reused, in ms (default 1000): a request sent just as
   * the upstream closes would fail, and one with a body cannot be retried.
   */
  keepAliveMarginMs?: number;
}

/** The Request a call stands for (for clients that need one). */
export function requestOf(call: UpstreamCall): Request {
  const headers = new Headers(call.headers);
  for (const name of call.omit ?? []) headers.delete(name);
  for (const [name, value] of Object.entries(call.set ?? {})) headers.set(name, value);
  return new Request(`http://localhost${call.path}`, {
    method: call.method,
    headers,
    body: call.body,
    signal: call.signal,
    // @ts-ignore: duplex is needed for a streaming body
    duplex: "half",
  });
}

/** The path and query of an absolute URL, without parsing it. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const hash = url.indexOf("#", start);
  return hash < 0 ? url.slice(start) : url.slice(start, hash);
}
