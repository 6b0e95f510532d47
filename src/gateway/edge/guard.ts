/**
 * The edge guard: the public TCP listener in front of `Deno.serve`, which bounds nothing a client
 * does before its handler runs. The guard follows each connection's request framing (see
 * `framing.ts`) and closes a connection whose head does not arrive within the header timeout
 * (408), that sits idle between requests past the keep-alive timeout, or whose head has too many
 * or too large headers (431); every byte passes to the server unchanged, over its own loopback
 * connection, whose port tells the server which client it serves.
 */
import { type FramingLimits, type Refusal, RequestFraming } from "./framing.ts";

/** What the guard enforces. */
export interface GuardLimits extends FramingLimits {
  /** A request's line and headers must arrive within this many ms of its first byte. */
  headerTimeoutMs: number;
  /** A connection with no request in flight closes after this many ms without a byte. */
  keepAliveTimeoutMs: number;
}

/** One client connection as the server sees it. */
export interface GuardedConn {
  /** The client's address. */
  readonly remote: Deno.NetAddr;
  /** Called by the server when a request of this connection starts, and when it is done. */
  begin(): void;
  end(): void;
}

/** A listening guard. */
export interface EdgeGuard {
  readonly addr: Deno.NetAddr;
  /** The client connection behind the server-side port of a guard→server connection. */
  byServerPort(port: number): GuardedConn | undefined;
  /** Stops accepting; closes connections with nothing in flight, and all of them on `force`. */
  close(force: boolean): void;
  /** Resolves when no connection is left. */
  readonly drained: Promise<void>;
}

const BUFFER = 16 * 1024;
const encoder = new TextEncoder();

function reply(status: number, reason: string, message: string, code: string): Uint8Array {
  const body = JSON.stringify({ error: message, code });
  return encoder.encode(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\n` +
      `content-length: ${encoder.encode(body).length}\r\nconnection: close\r\n\r\n${body}`,
  );
}

function refusalReply(r: Refusal): Uint8Array {
  return r.status === 431
    ? reply(431, "Request Header Fields Too Large", r.message, "headers_too_large")
    : reply(400, "Bad Request", r.message, "bad_request");
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

function closeQuietly(conn: Deno.Conn | undefined): void {
  try {
    conn?.close();
  } catch { /* already closed */ }
}

class Connection implements GuardedConn {
  readonly remote: Deno.NetAddr;
  #framing: RequestFraming;
  #server?: Deno.TcpConn;
  #serverPort = 0;
  #inFlight = 0;
  #writing = false;
  #pumping?: Promise<void>;
  /** When the current head must be complete (0: no head under way). */
  headDeadline: number;
  lastActivity = Date.now();
  closed = false;

  constructor(
    readonly client: Deno.TcpConn,
    readonly limits: GuardLimits,
    readonly serverAddr: Deno.NetAddr,
    readonly ports: Map<number, Connection>,
  ) {
    this.remote = client.remoteAddr as Deno.NetAddr;
    this.#framing = new RequestFraming(limits);
    this.headDeadline = this.lastActivity + limits.headerTimeoutMs;
  }

  begin(): void {
    this.#inFlight++;
  }

  end(): void {
    this.#inFlight--;
    this.lastActivity = Date.now();
  }

  /** Whether the connection waits for a next request with nothing under way. */
  get idle(): boolean {
    return this.#framing.atBoundary && this.#inFlight <= 0 && !this.#writing;
  }

  /** Closes on a missed deadline; `now` is the sweep's clock. */
  check(now: number): void {
    if (this.closed) return;
    if (this.headDeadline && now > this.headDeadline) {
      this.refuse(
        reply(
          408,
          "Request Timeout",
          `Request headers did not arrive within ${this.limits.headerTimeoutMs} ms`,
          "header_timeout",
        ),
      );
    } else if (this.idle && now - this.lastActivity > this.limits.keepAliveTimeoutMs) {
      this.close();
    }
  }

  /** Answers the client directly when nothing else is being written to it, then closes. */
  refuse(answer: Uint8Array): void {
    if (this.closed) return;
    if (this.#inFlight > 0 || this.#writing) return this.close();
    this.closed = true; // no more reads are acted on
    writeAll(this.client, answer).catch(() => {}).finally(() => this.close());
  }

  close(): void {
    this.closed = true;
    closeQuietly(this.client);
    closeQuietly(this.#server);
    // Only its own entry: once closed, the port may already serve a newer connection.
    if (this.ports.get(this.#serverPort) === this) this.ports.delete(this.#serverPort);
  }

  async run(): Promise<void> {
    const buf = new Uint8Array(BUFFER);
    try {
      while (!this.closed) {
        const n = await this.client.read(buf);
        if (n === null) break;
        this.lastActivity = Date.now();
        const fed = this.#framing.feed(buf.subarray(0, n));
        if (fed.forward.length) {
          const server = this.#server ?? await this.#connect();
          for (const part of fed.forward) await writeAll(server, part);
        }
        if (fed.refused) return this.refuse(refusalReply(fed.refused));
        if (!this.#framing.inHead) this.headDeadline = 0;
        else if (!this.headDeadline) {
          this.headDeadline = this.lastActivity + this.limits.headerTimeoutMs;
        }
      }
      // The client sent its last byte: let the server finish what is in flight, then close.
      await this.#server?.closeWrite().catch(() => {});
    } catch {
      this.close();
    }
    if (this.#pumping) await this.#pumping;
    this.close();
  }

  async #connect(): Promise<Deno.TcpConn> {
    const { hostname, port } = this.serverAddr;
    const server = await Deno.connect({ hostname, port });
    server.setNoDelay(true);
    this.#server = server;
    this.#serverPort = (server.localAddr as Deno.NetAddr).port;
    this.ports.set(this.#serverPort, this);
    this.#pumping = this.#pump(server);
    return server;
  }

  /** Copies the server's answers to the client; the connection ends when the server's does. */
  async #pump(server: Deno.TcpConn): Promise<void> {
    const buf = new Uint8Array(BUFFER);
    try {
      while (true) {
        const n = await server.read(buf);
        if (n === null) break;
        this.#writing = true;
        await writeAll(this.client, buf.subarray(0, n));
        this.#writing = false;
        this.lastActivity = Date.now();
      }
    } catch { /* either side went away */ }
    this.#writing = false;
    this.close();
  }
}

/**
 * Listens on `hostname:port` and passes guarded connections to the server at `serverAddr` (a
 * loopback `Deno.serve`).
 * @throws {Deno.errors.AddrInUse} when the address is taken.
 */
export function listenGuarded(
  options: { hostname: string; port: number; serverAddr: Deno.NetAddr; limits: GuardLimits },
): EdgeGuard {
  const listener = Deno.listen({ hostname: options.hostname, port: options.port });
  const ports = new Map<number, Connection>();
  const live = new Set<Connection>();
  const { promise: drained, resolve: isDrained } = Promise.withResolvers<void>();
  let closing = false;
  const limits = options.limits;
  const every = Math.max(
    50,
    Math.min(1_000, limits.headerTimeoutMs / 4, limits.keepAliveTimeoutMs / 4),
  );
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const c of live) c.check(now);
  }, every);

  (async () => {
    while (!closing) {
      let client: Deno.TcpConn;
      try {
        client = await listener.accept();
      } catch (e) {
        if (closing || e instanceof Deno.errors.BadResource) break;
        await new Promise((r) => setTimeout(r, 100)); // e.g. out of file descriptors
        continue;
      }
      client.setNoDelay(true);
      const c = new Connection(client, limits, options.serverAddr, ports);
      live.add(c);
      c.run().finally(() => {
        live.delete(c);
        if (closing && live.size === 0) isDrained();
      });
    }
  })();

  return {
    addr: listener.addr as Deno.NetAddr,
    byServerPort: (port) => ports.get(port),
    close(force) {
      if (!closing) {
        closing = true;
        try {
          listener.close();
        } catch { /* closed */ }
      }
      for (const c of live) if (force || c.idle) c.close();
      if (live.size === 0) {
        clearInterval(sweep);
        isDrained();
      } else drained.then(() => clearInterval(sweep));
    },
    drained,
  };
}
