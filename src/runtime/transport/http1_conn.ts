/**
 * One HTTP/1.1 connection to an upstream: a socket with a read buffer.
 * @module
 */

const READ_SIZE = 64 * 1024;
const EMPTY: Uint8Array<ArrayBuffer> = new Uint8Array(0);

/** The upstream closed the connection or broke the protocol. */
export class UpstreamProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UpstreamProtocolError";
  }
}

/** A socket plus the bytes read from it and not consumed yet. */
export class BufferedConn {
  /** Unconsumed bytes already read from the socket. */
  pending: Uint8Array<ArrayBuffer> = EMPTY;
  /** Whether the peer has closed its side (a read returned end of file). */
  eof = false;
  /** Set once the connection is closed; it must not be pooled again. */
  closed = false;
  /** Requests sent on this connection so far (more than one means it was reused). */
  uses = 0;
  /** How long it may stay idle before the upstream may close it, ms (-1: not announced). */
  keepAliveMs = -1;
  /** While idle: the `performance.now()` after which it must not be reused (0: no limit). */
  idleUntil = 0;
  #scratch?: Uint8Array<ArrayBuffer>;

  constructor(readonly conn: Deno.Conn) {}

  /** Reads more bytes into {@link pending}; returns false at end of file. */
  async fill(): Promise<boolean> {
    if (this.eof) return false;
    // Read into a reused scratch buffer and copy out what arrived: cheaper than zeroing a
    // fresh 64 KiB buffer per read, and views handed to callers are never overwritten.
    const scratch = this.#scratch ??= new Uint8Array(READ_SIZE);
    const n = await this.conn.read(scratch);
    if (n === null) {
      this.eof = true;
      return false;
    }
    if (this.pending.length === 0) this.pending = scratch.slice(0, n);
    else {
      const joined = new Uint8Array(this.pending.length + n);
      joined.set(this.pending);
      joined.set(scratch.subarray(0, n), this.pending.length);
      this.pending = joined;
    }
    return true;
  }

  /** Takes up to `max` pending bytes (reading first when none are pending); null at EOF. */
  async take(max: number): Promise<Uint8Array<ArrayBuffer> | null> {
    if (this.pending.length === 0 && !(await this.fill())) return null;
    const p = this.pending;
    if (p.length <= max) {
      this.pending = EMPTY;
      return p;
    }
    this.pending = p.subarray(max);
    return p.subarray(0, max);
  }

  /** Takes bytes up to and including the next CRLF, without the CRLF; null at EOF. */
  line(limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
    return this.until(indexOfCrlf, 2, limit, "Upstream line too long");
  }

  /**
   * Takes bytes up to the next separator of `separatorLength` bytes that `find` locates, without
   * it; throws `tooLong` once more than `limit` bytes are pending without one; null when `more`
   * (default: {@link fill}) says no more bytes come.
   */
  async until(
    find: (p: Uint8Array, from: number) => number,
    separatorLength: number,
    limit: number,
    tooLong: string,
    more: () => Promise<boolean> = () => this.fill(),
  ): Promise<Uint8Array<ArrayBuffer> | null> {
    let from = 0;
    for (;;) {
      const p = this.pending;
      const i = find(p, from);
      if (i >= 0) {
        this.pending = p.subarray(i + separatorLength);
        return p.subarray(0, i);
      }
      if (p.length > limit) throw new UpstreamProtocolError(tooLong);
      from = Math.max(0, p.length - (separatorLength - 1));
      if (!(await more())) return null;
    }
  }

  /** Writes all of `data`. */
  async write(data: Uint8Array): Promise<void> {
    let off = 0;
    while (off < data.length) off += await this.conn.write(data.subarray(off));
  }

  /** Closes the socket; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.conn.close();
    } catch { /* already closed */ }
  }
}

/** Index of the first CRLF in `p` at or after `from`, or -1. */
export function indexOfCrlf(p: Uint8Array, from = 0): number {
  for (let i = p.indexOf(13, from); i >= 0 && i < p.length - 1; i = p.indexOf(13, i + 1)) {
    if (p[i + 1] === 10) return i;
  }
  return -1;
}

/** Index of the first CRLFCRLF in `p` at or after `from`, or -1. */
export function indexOfHeadEnd(p: Uint8Array, from = 0): number {
  for (let i = p.indexOf(13, from); i >= 0 && i < p.length - 3; i = p.indexOf(13, i + 1)) {
    if (p[i + 1] === 10 && p[i + 2] === 13 && p[i + 3] === 10) return i;
  }
  return -1;
}
