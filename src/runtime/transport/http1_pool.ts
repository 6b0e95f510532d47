/**
 * Idle keep-alive connections to one Unix socket, most recently used first.
 * @module
 */
import { BufferedConn } from "./http1_conn.ts";

/** A pool of idle connections to `socketPath`. */
export class ConnPool {
  #idle: BufferedConn[] = [];
  #closed = false;

  constructor(readonly socketPath: string, readonly maxIdle: number) {}

  /** An idle connection, or a new one. Rejects when the socket cannot be reached. */
  async acquire(): Promise<BufferedConn> {
    if (this.#closed) throw new Error("Cannot reach upstream: the client is closed");
    for (let bc = this.#idle.pop(); bc; bc = this.#idle.pop()) {
      if (!bc.closed && !bc.eof && bc.pending.length === 0) return bc;
      bc.close();
    }
    return new BufferedConn(await Deno.connect({ transport: "unix", path: this.socketPath }));
  }

  /** Returns a connection that finished its exchange cleanly. */
  release(bc: BufferedConn): void {
    if (this.#closed || bc.closed || bc.eof || this.#idle.length >= this.maxIdle) bc.close();
    else this.#idle.push(bc);
  }

  /** Closes idle connections; connections in use close when released. */
  close(): void {
    this.#closed = true;
    for (const bc of this.#idle.splice(0)) bc.close();
  }
}
