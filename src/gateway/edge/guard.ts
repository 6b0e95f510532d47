/**
 * The edge guard: the public TCP listener in front of `Deno.serve`, which bounds nothing a client
 * does before its handler runs. The guard follows each connection's request framing (see
 * `framing.ts`) and closes a connection whose head does not arrive within the header timeout
 * (408), that sits idle between requests past the keep-alive timeout, or whose head has too many
 * or too large headers (431); every byte passes to the server unchanged, over its own loopback
 * connection, whose port tells the server which client it serves. A direct lane may take whole
 * requests off the edge before they reach the server (see {@link EdgeLane}).
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

/** A client connection as the direct lane (see {@link EdgeLane}) sees it. */
export interface LaneConn {
  /** The client's address. */
  readonly remote: Deno.NetAddr;
  /** Aborts when the client goes away (its connection ends or fails). */
  readonly signal: AbortSignal;
  /** Writes all of `bytes` to the client. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the client's connection (an answer that cannot be finished). */
  close(): void;
}

/**
 * Takes a whole request off the edge (its head, and its body when it has one), or declines it
 * (undefined) and the request goes on to the server. It copies what it keeps of the bytes
 * before it returns. The connection's next request waits until the returned promise settles.
 * Offered only the requests of connections that have sent nothing to the server, so that the
 * answers of one connection can never overtake each other.
 */
export type EdgeLane = (
  head: Uint8Array,
  body: Uint8Array | null,
  conn: LaneConn,
) => Promise<void> | undefined;

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
/** Bytes a connection may send on while its lane call runs before it is read no further. */
const HOLD_BYTES = 64 * 1024;
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

class Connection implements GuardedConn, LaneConn {
  readonly remote: Deno.NetAddr;
  #framing: RequestFraming;
  /** Set while a lane call runs or the bytes held meanwhile are replayed: reads are held. */
  #busy = false;
  #laneCall?: Promise<void>;
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  /** Called once the connection is no longer busy (or closes). */
  #whenIdle: (() => void)[] = [];
  readonly #gone = new AbortController();
  #server?: Deno.TcpConn;
  #serverPort = 0;
  #inFlight = 0;
  #writing = false;
  #pumping?: Promise<void>;
  /** When the current head must be complete (0: no head under way). */
  headDeadline: number;
  lastActivity = Date.now();
  closed = false;
  /** Set when the guard closes while this connection is busy: it closes once its call is done. */
  finishing = false;

  constructor(
    readonly client: Deno.TcpConn,
    readonly limits: GuardLimits,
    readonly serverAddr: Deno.NetAddr,
    readonly ports: Map<number, Connection>,
    readonly lane?: EdgeLane,
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

  get signal(): AbortSignal {
    return this.#gone.signal;
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.#writing = true;
    try {
      await writeAll(this.client, bytes);
    } finally {
      this.#writing = false;
      this.lastActivity = Date.now();
    }
  }

  close(): void {
    this.closed = true;
    this.#gone.abort();
    this.#wake();
    closeQuietly(this.client);
    closeQuietly(this.#server);
    // Only its own entry: once closed, the port may already serve a newer connection.
    if (this.ports.get(this.#serverPort) === this) this.ports.delete(this.#serverPort);
  }

  async run(): Promise<void> {
    let buf = new Uint8Array(BUFFER);
    try {
      while (!this.closed) {
        const n = await this.client.read(buf);
        if (n === null) break;
        this.lastActivity = Date.now();
        if (this.#busy) {
          this.#held.push(buf.subarray(0, n));
          this.#heldBytes += n;
          buf = new Uint8Array(BUFFER); // the held bytes keep the old buffer
          // Past HOLD_BYTES a client that sends on during its call is read no further until the
          // call is done (TCP holds the rest back): held bytes cannot grow without bound.
          while (this.#busy && this.#heldBytes >= HOLD_BYTES && !this.closed) {
            await new Promise<void>((r) => this.#whenIdle.push(r));
          }
          continue;
        }
        if (!(await this.#take(buf.subarray(0, n)))) return;
      }
      // The client sent its last byte. A lane call in flight is broken off (Deno.serve, too,
      // takes a client that ends its side for gone); calls the server has finish, then close.
      if (this.#laneCall) {
        this.#held.length = this.#heldBytes = 0;
        this.#gone.abort();
      }
      await this.#server?.closeWrite().catch(() => {});
    } catch {
      this.close();
    }
    while (this.#laneCall) await this.#laneCall;
    if (this.#pumping) await this.#pumping;
    this.close();
  }

  /** Follows `chunk`'s framing and passes it on; false when the connection was refused. */
  async #take(chunk: Uint8Array): Promise<boolean> {
    const fed = this.#framing.feed(chunk);
    if (!this.#framing.inHead) this.headDeadline = 0;
    else if (!this.headDeadline) {
      this.headDeadline = this.lastActivity + this.limits.headerTimeoutMs;
    }
    if (
      this.lane && !this.#server && !fed.refused && fed.heads === 1 && fed.forward.length <= 2 &&
      this.#framing.atBoundary
    ) {
      const call = this.lane(fed.forward[0], fed.forward[1] ?? null, this);
      if (call) {
        this.#startLane(call);
        return true;
      }
    }
    if (fed.forward.length) {
      const server = this.#server ?? await this.#connect();
      for (const part of fed.forward) await writeAll(server, part);
    }
    if (fed.refused) {
      this.refuse(refusalReply(fed.refused));
      return false;
    }
    return true;
  }

  #startLane(call: Promise<void>): void {
    this.#busy = true;
    this.#inFlight++;
    const running: Promise<void> = call.catch(() => this.close()).finally(async () => {
      this.#inFlight--;
      this.lastActivity = Date.now();
      if (this.#laneCall === running) this.#laneCall = undefined;
      if (this.finishing) return this.close(); // the guard is closing: no next request
      await this.#replay();
    });
    this.#laneCall = running;
  }

  /** Passes on the bytes that arrived during a lane call, until one starts another. */
  async #replay(): Promise<void> {
    while (this.#held.length && !this.#laneCall && !this.closed) {
      const chunk = this.#held.shift()!;
      this.#heldBytes -= chunk.length;
      if (!(await this.#take(chunk))) this.#held.length = this.#heldBytes = 0;
    }
    if (!this.#laneCall) {
      this.#busy = false;
      this.#wake();
    }
  }

  #wake(): void {
    for (const resolve of this.#whenIdle.splice(0)) resolve();
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
  options: {
    hostname: string;
    port: number;
    serverAddr: Deno.NetAddr;
    limits: GuardLimits;
    /** Takes whole requests off the edge before they reach the server (see {@link EdgeLane}). */
    lane?: EdgeLane;
  },
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
      const c = new Connection(client, limits, options.serverAddr, ports, options.lane);
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
      for (const c of live) {
        if (force || c.idle) c.close();
        else c.finishing = true;
      }
      if (live.size === 0) {
        clearInterval(sweep);
        isDrained();
      } else drained.then(() => clearInterval(sweep));
    },
    drained,
  };
}
