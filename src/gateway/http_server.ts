/**
 * Serves one request handler on the configured address, and shuts down gracefully: stop
 * accepting, let in-flight requests finish within a grace period. Every role of the platform
 * listens through it.
 */
import { ConfigError } from "../config/mod.ts";

/** Where and what to serve. */
export interface HttpServerOptions {
  port: number;
  hostname: string;
  handler: (
    req: Request,
    info: Deno.ServeHandlerInfo<Deno.NetAddr>,
  ) => Response | Promise<Response>;
}

/** A listening server. */
export interface HttpServer {
  /** Base URL, e.g. `http://127.0.0.1:8000` (a wildcard address is shown as 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections; resolves when in-flight requests ended or `graceMs` passed. */
  shutdown(graceMs: number): Promise<void>;
}

/**
 * Starts listening (port 0 picks a free port).
 * @throws {ConfigError} naming `PORT` when the address is in use.
 */
export async function serveHttp(options: HttpServerOptions): Promise<HttpServer> {
  const { promise: listening, resolve } = Promise.withResolvers<Deno.NetAddr>();
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      port: options.port,
      hostname: options.hostname,
      onListen: resolve,
    }, (req, info) => options.handler(req, info as Deno.ServeHandlerInfo<Deno.NetAddr>));
  } catch (error) {
    if (error instanceof Deno.errors.AddrInUse) {
      throw new ConfigError([
        `PORT: ${options.hostname}:${options.port} is already in use; stop the other server or set PORT`,
      ]);
    }
    throw error;
  }
  const addr = await listening;
  const host = addr.hostname === "0.0.0.0" ? "127.0.0.1" : addr.hostname;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    shutdown(graceMs) {
      closing ??= (async () => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([
          server.shutdown(),
          new Promise((r) => (timer = setTimeout(r, graceMs))),
        ]);
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}
