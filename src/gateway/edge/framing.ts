/**
 * Follows the framing of the HTTP/1.1 requests on one connection as bytes arrive: where each
 * head ends, how long its body is (`Content-Length`, or `chunked` sizes), where the next request
 * begins. The edge guard uses it to time each head, to refuse too many or too large headers with
 * 431, and to know when a connection sits idle between requests. Bytes pass on unchanged.
 *
 * It is strict where a front and a back parser could disagree (both `Content-Length` and
 * `Transfer-Encoding`, differing lengths, a folded header line, a non-chunked request coding):
 * such a request is refused with 400 rather than guessed at.
 */

/** Bounds of one request head. */
export interface FramingLimits {
  /** Most header lines in a head (more: 431). */
  maxHeaders: number;
  /** Most bytes of request line and headers (more: 431). */
  maxHeaderBytes: number;
}

/** Why a connection's next request is refused. */
export interface Refusal {
  status: 400 | 431;
  message: string;
}

/** What one {@link RequestFraming.feed} found. */
export interface FeedResult {
  /** Bytes to pass on, in order (views of the fed chunk, or a complete buffered head). */
  forward: Uint8Array[];
  /** Heads completed in this chunk (requests that began). */
  heads: number;
  /** Set when the connection must be refused: forward what came before, then stop. */
  refused?: Refusal;
}

const enum State {
  Head,
  Length,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailers,
}

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;
const COLON = 58;
const MAX_CHUNK_LINE = 4096;
const EMPTY = new Uint8Array(0);
const CONTENT_LENGTH = bytesOf("content-length");
const TRANSFER_ENCODING = bytesOf("transfer-encoding");
const HTTP_1 = bytesOf("HTTP/1.");

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The body framing a head announces, or why it is refused. */
type Framing = { length: number } | { chunked: true } | Refusal;

function refuse(status: 400 | 431, message: string): Refusal {
  return { status, message };
}

/** Whether `head[from, from + name.length)` is `name`, ignoring ASCII case. */
function nameIs(head: Uint8Array, from: number, length: number, name: Uint8Array): boolean {
  if (length !== name.length) return false;
  for (let i = 0; i < length; i++) {
    if ((head[from + i] | 0x20) !== name[i]) return false;
  }
  return true;
}

/** The value of the header line `[colon + 1, end)`, without surrounding blanks. */
function valueOf(head: Uint8Array, colon: number, end: number): string {
  let a = colon + 1;
  let b = end;
  while (a < b && (head[a] === SP || head[a] === HT)) a++;
  while (b > a && (head[b - 1] === SP || head[b - 1] === HT || head[b - 1] === CR)) b--;
  return String.fromCharCode(...head.subarray(a, b));
}

/** Whether the request line `[0, end)` reads `<method> <target> HTTP/1.x`. */
function requestLineOk(head: Uint8Array, end: number): boolean {
  if (end > 0 && head[end - 1] === CR) end--;
  const space = head.indexOf(SP);
  if (space <= 0 || space >= end) return false;
  const version = end - HTTP_1.length - 1;
  if (version <= space + 1 || head[version - 1] !== SP) return false;
  for (let i = 0; i < HTTP_1.length; i++) if (head[version + i] !== HTTP_1[i]) return false;
  const minor = head[end - 1];
  return minor === 0x30 || minor === 0x31;
}

/** Reads the framing of a complete head (`head` ends with its blank line). */
export function headFraming(head: Uint8Array, limits: FramingLimits): Framing {
  let lineEnd = head.indexOf(LF);
  if (!requestLineOk(head, lineEnd)) return refuse(400, "Malformed request line");
  let count = 0;
  let length: string | undefined;
  let codings: string | undefined;
  for (let start = lineEnd + 1; start < head.length; start = lineEnd + 1) {
    lineEnd = head.indexOf(LF, start);
    if (lineEnd - start <= 1 && (lineEnd === start || head[start] === CR)) break; // blank line
    if (++count > limits.maxHeaders) {
      return refuse(431, `More than ${limits.maxHeaders} request headers`);
    }
    if (head[start] === SP || head[start] === HT) return refuse(400, "Folded header line");
    const colon = head.indexOf(COLON, start);
    if (colon <= start || colon > lineEnd) return refuse(400, "Malformed header line");
    const nameLength = colon - start;
    if (nameIs(head, start, nameLength, CONTENT_LENGTH)) {
      const value = valueOf(head, colon, lineEnd);
      if (!/^\d{1,15}$/.test(value) || (length !== undefined && length !== value)) {
        return refuse(400, "Invalid Content-Length");
      }
      length = value;
    } else if (nameIs(head, start, nameLength, TRANSFER_ENCODING)) {
      const value = valueOf(head, colon, lineEnd);
      codings = codings === undefined ? value : `${codings}, ${value}`;
    } else {
      // A blank before the colon makes a name one parser trims and another refuses.
      const last = head[colon - 1];
      if (last === SP || last === HT) return refuse(400, "Malformed header line");
    }
  }
  if (codings !== undefined) {
    if (length !== undefined) {
      return refuse(400, "Both Content-Length and Transfer-Encoding are set");
    }
    const last = codings.split(",").at(-1)!.trim().toLowerCase();
    if (last !== "chunked") return refuse(400, "A request's last transfer coding must be chunked");
    return { chunked: true };
  }
  return { length: length === undefined ? 0 : Number(length) };
}

/** Index just past the blank line that ends a head in `bytes`, searching from `from`; or -1. */
function headEnd(bytes: Uint8Array, from: number): number {
  for (let i = Math.max(from, 1); i < bytes.length; i++) {
    if (bytes[i] !== LF) continue;
    if (bytes[i - 1] === LF) return i + 1;
    if (bytes[i - 1] === CR && i >= 2 && bytes[i - 2] === LF) return i + 1;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The framing state of one connection's request stream. */
export class RequestFraming {
  #state = State.Head;
  /** Bytes of a head not complete yet. */
  #head: Uint8Array = EMPTY;
  /** Body bytes (or chunk data bytes) still to pass. */
  #remaining = 0;
  /** Bytes of the current chunk-size or trailer line. */
  #line = 0;
  #size = 0;
  #digits = 0;
  #inExtension = false;
  #trailerBytes = 0;
  #refused = false;

  constructor(readonly limits: FramingLimits) {}

  /** Whether no byte of a next request has arrived since the last one ended. */
  get atBoundary(): boolean {
    return this.#state === State.Head && this.#head.length === 0;
  }

  /** Whether a head has begun and not ended. */
  get inHead(): boolean {
    return this.#state === State.Head && this.#head.length > 0;
  }

  /** Consumes the next bytes the client sent. */
  feed(chunk: Uint8Array): FeedResult {
    const result: FeedResult = { forward: [], heads: 0 };
    if (this.#refused) return result;
    let at = 0;
    while (at < chunk.length) {
      if (this.#state === State.Head) {
        if (this.#head.length === 0) {
          // Blank lines before a request line are ignored (RFC 9112, 2.2).
          while (at < chunk.length && (chunk[at] === CR || chunk[at] === LF)) at++;
          if (at === chunk.length) break;
        }
        const seen = this.#head.length;
        const bytes = seen === 0 ? chunk.subarray(at) : concat(this.#head, chunk.subarray(at));
        const end = headEnd(bytes, Math.max(0, seen - 3));
        if (end < 0) {
          if (bytes.length > this.limits.maxHeaderBytes) return this.#refuse(result, 431);
          this.#head = seen === 0 ? bytes.slice() : bytes;
          break;
        }
        if (end > this.limits.maxHeaderBytes) return this.#refuse(result, 431);
        const head = bytes.subarray(0, end);
        const framing = headFraming(head, this.limits);
        if ("status" in framing) {
          this.#refused = true;
          result.refused = framing;
          return result;
        }
        result.forward.push(head);
        result.heads++;
        at += end - seen;
        this.#head = EMPTY;
        if ("chunked" in framing) this.#startChunk();
        else if (framing.length > 0) {
          this.#state = State.Length;
          this.#remaining = framing.length;
        }
        continue;
      }
      const start = at;
      at = this.#body(chunk, at);
      if (this.#refused) {
        result.refused = refuse(400, "Malformed chunked request body");
        return result;
      }
      if (at > start) result.forward.push(chunk.subarray(start, at));
    }
    return result;
  }

  #refuse(result: FeedResult, status: 431): FeedResult {
    this.#refused = true;
    result.refused = refuse(status, `Request headers exceed ${this.limits.maxHeaderBytes} bytes`);
    return result;
  }

  #startChunk(): void {
    this.#state = State.ChunkSize;
    this.#line = 0;
    this.#size = 0;
    this.#digits = 0;
    this.#inExtension = false;
  }

  #bad(): number {
    this.#refused = true;
    return -1;
  }

  /** Passes body bytes from `at`; returns where the body (or this chunk) stopped. */
  #body(chunk: Uint8Array, at: number): number {
    while (at < chunk.length) {
      switch (this.#state) {
        case State.Length:
        case State.ChunkData: {
          const take = Math.min(this.#remaining, chunk.length - at);
          at += take;
          this.#remaining -= take;
          if (this.#remaining > 0) return at;
          this.#state = this.#state === State.Length ? State.Head : State.ChunkDataEnd;
          this.#line = 0;
          if (this.#state === State.Head) return at;
          break;
        }
        case State.ChunkDataEnd: {
          const b = chunk[at++];
          if (this.#line === 0 && b === CR) this.#line = 1;
          else if (b === LF) this.#startChunk();
          else return this.#bad();
          break;
        }
        case State.ChunkSize: {
          const b = chunk[at++];
          if (++this.#line > MAX_CHUNK_LINE) return this.#bad();
          if (b === LF) {
            if (this.#digits === 0) return this.#bad();
            if (this.#size === 0) {
              this.#state = State.Trailers;
              this.#line = 0;
              this.#trailerBytes = 0;
            } else {
              this.#state = State.ChunkData;
              this.#remaining = this.#size;
            }
          } else if (b === CR || this.#inExtension) continue;
          else if (b === 0x3b) this.#inExtension = true; // ";" starts a chunk extension
          else {
            const digit = hexValue(b);
            if (digit < 0 || ++this.#digits > 13) return this.#bad();
            this.#size = this.#size * 16 + digit;
          }
          break;
        }
        case State.Trailers: {
          const b = chunk[at++];
          if (++this.#trailerBytes > this.limits.maxHeaderBytes) return this.#bad();
          if (b === LF) {
            if (this.#line === 0) {
              this.#state = State.Head;
              return at;
            }
            this.#line = 0;
          } else if (b !== CR) this.#line++;
          break;
        }
        default:
          return at;
      }
    }
    return at;
  }
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}
