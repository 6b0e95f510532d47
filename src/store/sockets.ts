/**
 * One Unix socket per store-permitted function, for its instances only: the function's net
 * permission names this socket and nothing else of the platform. A function cannot reach
 * another's socket (no permission for its path), and whatever it does to its own (remove it,
 * listen on it) affects only itself. The platform's TCP port is never granted.
 */
import { join } from "node:path";

/** Serves a request that arrived on the socket of `fn`. */
export type SocketHandler = (req: Request, fn: string) => Response | Promise<Response>;

/** The sockets, opened on first use and closed when their function goes. */
export class StoreSockets {
  readonly #servers = new Map<string, { path: string; server: Deno.HttpServer<Deno.UnixAddr> }>();
  readonly #opening = new Map<string, Promise<string>>();
  readonly #dir: string;

  constructor(socketDir: string, private readonly handler: SocketHandler) {
    this.#dir = join(socketDir, "store");
  }

  /** The socket path of `fn`, listening once this resolves. */
  socketFor(fn: string): Promise<string> {
    const open = this.#servers.get(fn);
    if (open) return Promise.resolve(open.path);
    let opening = this.#opening.get(fn);
    if (!opening) {
      opening = this.#open(fn).finally(() => this.#opening.delete(fn));
      this.#opening.set(fn, opening);
    }
    return opening;
  }

  async #open(fn: string): Promise<string> {
    await Deno.mkdir(this.#dir, { recursive: true, mode: 0o700 });
    const path = join(this.#dir, `${fn}.sock`);
    await Deno.remove(path).catch(() => {});
    const server = Deno.serve({ path, onListen() {} }, (req) => this.handler(req, fn));
    this.#servers.set(fn, { path, server });
    return path;
  }

  /** Closes the socket of `fn` (its function was deleted). */
  async close(fn: string): Promise<void> {
    const open = this.#servers.get(fn);
    if (!open) return;
    this.#servers.delete(fn);
    await open.server.shutdown().catch(() => {});
    await Deno.remove(open.path).catch(() => {});
  }

  /** Closes every socket. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#servers.keys()].map((fn) => this.close(fn)));
  }
}
