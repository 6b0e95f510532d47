/**
 * Serves one request handler on the configured address, and shuts down gracefully: stop
 * accepting, let in-flight requests finish within a grace period. Every role of the platform
 * listens through it. With `limits`, clients reach `Deno.serve` through the edge guard
 * (`edge/guard.ts`: header timeout, idle keep-alive close, 431 for too many or too large
 * headers), since `Deno.serve` bounds none of these; without, `Deno.serve` listens directly.
 */
import { ConfigError } from "../config/mod.ts";
import { type EdgeGuard, type EdgeLane, type GuardLimits, listenGuarded } from "./edge/guard.ts";

/** What a handler learns about a request besides the request itself. */
export interface ServeInfo extends Deno.ServeHandlerInfo<Deno.NetAddr> {
  /** The request target as the client sent it, when `req.url` is not that (it is here). */
  target?: string;
}

/** Where and what to serve. */
export interface HttpServerOptions {
  port: number;
  hostname: string;
  handler: (req: Request, info: ServeInfo) => Response | Promise<Response>;
  /** Limits of a listener that faces clients (see {@link GuardLimits}); omitted: none. */
  limits?: GuardLimits;
  /** With `limits`: takes whole requests off the edge before `Deno.serve` (see {@link EdgeLane}). */
  lane?: EdgeLane;
}

/** A listening server. */
export interface HttpServer {
  /** Base URL, e.g. `http://127.0.0.1:8000` (a wildcard address is shown as 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections; resolves when in-flight requests ended or `graceMs` passed. */
  shutdown(graceMs: number): Promise<void>;
}

function inUse(options: HttpServerOptions): ConfigError {
  return new ConfigError([
    `PORT: ${options.hostname}:${options.port} is already in use; stop the other server or set PORT`,
  ]);
}

async function withGrace(work: Promise<void>, graceMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise((r) => (timer = setTimeout(r, graceMs)))]);
  clearTimeout(timer);
}

function listening(addr: Deno.NetAddr, stop: (graceMs: number) => Promise<void>): HttpServer {
  const host = addr.hostname === "0.0.0.0" ? "127.0.0.1" : addr.hostname;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    shutdown: (graceMs) => (closing ??= stop(graceMs)),
  };
}

function serve(
  options: { hostname: string; port: number },
  handler: Deno.ServeHandler<Deno.NetAddr>,
): Promise<[Deno.HttpServer<Deno.NetAddr>, Deno.NetAddr]> {
  const { promise, resolve } = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({ ...options, onListen: resolve }, handler);
  return promise.then((addr) => [server, addr]);
}

const DIRECT = JSON.stringify({
  error: "Connect through the gateway's port, not its internal listener",
  code: "forbidden",
});

async function serveGuarded(options: HttpServerOptions, limits: GuardLimits) {
  let guard: EdgeGuard | undefined;
  const [server, serverAddr] = await serve({ hostname: "127.0.0.1", port: 0 }, (req, info) => {
    const conn = guard?.byServerPort(info.remoteAddr.port);
    if (!conn) {
      return new Response(DIRECT, { status: 403, headers: { "content-type": "application/json" } });
    }
    conn.begin();
    const end = () => conn.end();
    info.completed.then(end, end);
    return options.handler(req, { remoteAddr: conn.remote, completed: info.completed });
  });
  try {
    guard = listenGuarded({
      hostname: options.hostname,
      port: options.port,
      serverAddr,
      limits,
      lane: options.lane,
    });
  } catch (error) {
    await server.shutdown();
    throw error instanceof Deno.errors.AddrInUse ? inUse(options) : error;
  }
  const g = guard;
  return listening(g.addr, async (graceMs) => {
    g.close(false);
    await withGrace(g.drained, graceMs);
    g.close(true);
    await withGrace(server.shutdown(), 1_000);
  });
}

async function serveDirect(options: HttpServerOptions): Promise<HttpServer> {
  let started;
  try {
    started = await serve(options, options.handler);
  } catch (error) {
    throw error instanceof Deno.errors.AddrInUse ? inUse(options) : error;
  }
  const [server, addr] = started;
  return listening(addr, (graceMs) => withGrace(server.shutdown(), graceMs));
}

/**
 * Starts listening (port 0 picks a free port).
 * @throws {ConfigError} naming `PORT` when the address is in use.
 */
export function serveHttp(options: HttpServerOptions): Promise<HttpServer> {
  return options.limits ? serveGuarded(options, options.limits) : serveDirect(options);
}
