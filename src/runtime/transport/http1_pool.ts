/**
 * Idle keep-alive connections to one upstream (a Unix socket or a TCP host and port), most
 * recently used first.
 * @module
 */
import { BufferedConn } from "./http1_conn.ts";
import type { UpstreamTarget } from "./types.ts";

/** A pool of idle connections to `target`. */
export class ConnPool {
  #idle: BufferedConn[] = [];
  #closed = false;

  /**
   * @param maxIdle idle connections kept at most.
   * @param keepAliveMarginMs how long before an announced keep-alive timeout a connection is
   *   no longer reused.
   */
  constructor(
    readonly target: UpstreamTarget,
    readonly maxIdle: number,
    readonly keepAliveMarginMs = 1000,
  ) {}

  /**
   * An idle connection, or a new one. Rejects when the upstream cannot be reached, or when
   * `signal` aborts while a TCP connection is being opened.
   */
  async acquire(signal?: AbortSignal): Promise<BufferedConn> {
    if (this.#closed) throw new Error("Cannot reach upstream: the client is closed");
    for (let bc = this.#idle.pop(); bc; bc = this.#idle.pop()) {
      if (
        !bc.closed && !bc.eof && bc.pending.length === 0 &&
        (bc.idleUntil === 0 || performance.now() < bc.idleUntil)
      ) return bc;
      bc.close();
    }
    const t = this.target;
    if (t.transport === "unix") return new BufferedConn(await Deno.connect(t));
    const conn = await connectTcp(t, signal);
    conn.setNoDelay(true);
    return new BufferedConn(conn);
  }

  /** Returns a connection that finished its exchange cleanly. */
  release(bc: BufferedConn): void {
    if (this.#closed || bc.closed || bc.eof || this.#idle.length >= this.maxIdle) {
      return bc.close();
    }
    if (bc.keepAliveMs >= 0) {
      const ms = bc.keepAliveMs - this.keepAliveMarginMs;
      if (ms <= 0) return bc.close();
      bc.idleUntil = performance.now() + ms;
    } else bc.idleUntil = 0;
    this.#idle.push(bc);
  }

  /** Closes idle connections; connections in use close when released. */
  close(): void {
    this.#closed = true;
    for (const bc of this.#idle.splice(0)) bc.close();
  }
}

/**
 * Opens a TCP connection; aborting `signal` rejects at once (a SYN to a vanished container can
 * take seconds to fail) and closes the connection should it open later.
 */
async function connectTcp(
  target: Deno.ConnectOptions,
  signal?: AbortSignal,
): Promise<Deno.TcpConn> {
  if (!signal) return await Deno.connect(target);
  signal.throwIfAborted();
  const pending = Deno.connect(target);
  return await new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then((conn) => {
      signal.removeEventListener("abort", onAbort);
      if (signal.aborted) conn.close();
      else resolve(conn);
    }, (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(error);
    });
  });
}
