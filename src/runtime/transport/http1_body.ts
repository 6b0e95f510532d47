/**
 * HTTP/1.1 bodies: streaming a request body out (Content-Length or chunked) and reading a
 * response body in (Content-Length, chunked, or until the upstream closes).
 * @module
 */
import { type BufferedConn, UpstreamProtocolError } from "./http1_conn.ts";
import type { BodyFraming, ResponseHead } from "./http1_head.ts";

const encoder = new TextEncoder();
const CRLF = encoder.encode("\r\n");
const LAST_CHUNK = encoder.encode("0\r\n\r\n");

/** Writes `body` to `bc` framed as `framing`; rejects if a declared length is not met. */
export async function writeBody(
  bc: BufferedConn,
  body: ReadableStream<Uint8Array>,
  framing: BodyFraming,
): Promise<void> {
  let sent = 0;
  for await (const chunk of body) {
    if (chunk.length === 0) continue;
    sent += chunk.length;
    if (framing.kind === "length") {
      if (sent > framing.length) throw new UpstreamProtocolError("Request body over its length");
      await bc.write(chunk);
    } else {
      const size = encoder.encode(chunk.length.toString(16) + "\r\n");
      const framed = new Uint8Array(size.length + chunk.length + 2);
      framed.set(size);
      framed.set(chunk, size.length);
      framed.set(CRLF, size.length + chunk.length);
      await bc.write(framed);
    }
  }
  if (framing.kind === "chunked") await bc.write(LAST_CHUNK);
  else if (framing.kind === "length" && sent !== framing.length) {
    throw new UpstreamProtocolError("Request body under its length");
  }
}

/** A response body being read, and how to break it off. */
export interface ResponseBody {
  /** A buffered body (already complete), a stream, or null for none. */
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null;
  /** Errors the stream with `reason` (no-op once finished). */
  fail(reason: unknown): void;
}

/**
 * Reads the body that follows `head` on `bc`. `finish(true)` is called once the body has been
 * read in full, `finish(false)` when it failed or the reader cancelled it.
 */
export function readResponseBody(
  bc: BufferedConn,
  head: ResponseHead,
  noBody: boolean,
  finish: (complete: boolean) => void,
): ResponseBody {
  const idle: ResponseBody = { body: null, fail() {} };
  if (noBody || head.contentLength === 0) {
    finish(true);
    return idle;
  }
  const cl = head.contentLength;
  if (cl > 0 && bc.pending.length >= cl) {
    const body = bc.pending.subarray(0, cl);
    bc.pending = bc.pending.subarray(cl);
    finish(true);
    return { body, fail() {} };
  }
  let remaining = cl;
  let state: "size" | "data" | "crlf" | "trailer" = "size";
  let settled = false;
  let ctl!: ReadableStreamDefaultController<Uint8Array>;
  const end = (complete: boolean, reason?: unknown) => {
    if (settled) return;
    settled = true;
    if (complete) ctl.close();
    else if (reason !== undefined) ctl.error(reason);
    finish(complete);
  };
  const closedEarly = () => new UpstreamProtocolError("Upstream closed the connection mid-body");
  const pullChunked = async (): Promise<void> => {
    for (;;) {
      if (state === "size") {
        const line = await bc.line(4096);
        if (line === null) throw closedEarly();
        const hex = new TextDecoder().decode(line).split(";")[0].trim();
        if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new UpstreamProtocolError("Bad chunk size");
        remaining = parseInt(hex, 16);
        state = remaining === 0 ? "trailer" : "data";
      } else if (state === "data") {
        const chunk = await bc.take(remaining);
        if (chunk === null) throw closedEarly();
        remaining -= chunk.length;
        if (remaining === 0) state = "crlf";
        ctl.enqueue(chunk);
        return;
      } else if (state === "crlf") {
        const line = await bc.line(2);
        if (line === null) throw closedEarly();
        if (line.length !== 0) throw new UpstreamProtocolError("Bad chunk end");
        state = "size";
      } else {
        const line = await bc.line(16384);
        if (line === null) throw closedEarly();
        if (line.length === 0) return end(true);
      }
    }
  };
  const pullSized = async (): Promise<void> => {
    const chunk = await bc.take(cl < 0 ? Infinity : remaining);
    if (chunk === null) {
      if (cl < 0) return end(true);
      throw closedEarly();
    }
    ctl.enqueue(chunk);
    remaining -= chunk.length;
    if (cl >= 0 && remaining === 0) end(true);
  };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      ctl = c;
    },
    async pull() {
      if (settled) return;
      try {
        await (head.chunked ? pullChunked() : pullSized());
      } catch (e) {
        end(false, e);
      }
    },
    cancel() {
      if (settled) return;
      settled = true;
      finish(false);
    },
  }, { highWaterMark: 0 });
  return { body: stream, fail: (reason) => end(false, reason) };
}
