/**
 * A pooled keep-alive HTTP/1.1 client over a Unix socket or TCP, written for the gateway's hot
 * path: one write per body-less request, one read per small response, no URL parsing. Deno's
 * fetch() spends about 50 µs of CPU per request here; this spends a fraction of that (see
 * test/bench/README.md for the numbers).
 * @module
 */
import { BufferedConn, indexOfHeadEnd, UpstreamProtocolError } from "./http1_conn.ts";
import { type BodyFraming, parseResponseHead, requestHead } from "./http1_head.ts";
import { readResponseBody, writeBody } from "./http1_body.ts";
import { ConnPool } from "./http1_pool.ts";
import {
  pathOf,
  type RawAnswer,
  type RawCall,
  targetOf,
  type UpstreamCall,
  type UpstreamClient,
  type UpstreamClientOptions,
  type UpstreamTarget,
} from "./types.ts";

const MAX_HEAD = 64 * 1024;
const NO_BODY: BodyFraming = { kind: "none" };
const BODYLESS_METHODS = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE"]);

const SETTLED = Promise.resolve();
const settledBodies = new WeakMap<Response, Promise<void>>();

/**
 * For a response from this client: a promise that settles once its body has been read in
 * full, cancelled or failed, that is once the upstream exchange is over. Lets a caller that
 * must act at the end of the body (release a concurrency slot) do so without wrapping the body
 * in another stream, which would cost the buffered fast path. Undefined for other responses.
 */
export function bodySettled(res: Response): Promise<void> | undefined {
  return settledBodies.get(res);
}

/** The connection went away before any response byte; a body-less request may be retried. */
class StaleConnection extends Error {}

/** Creates the HTTP/1.1 client for the instance at `target` (a string: a Unix socket path). */
export function createHttp1Client(
  target: UpstreamTarget | string,
  options: UpstreamClientOptions = {},
): UpstreamClient {
  const pool = new ConnPool(
    targetOf(target),
    options.maxIdleConnections ?? 256,
    options.keepAliveMarginMs,
  );
  /** Runs `attempt` on a pooled connection; a reused connection found stale is retried once. */
  const onConnection = async <T>(
    signal: AbortSignal | undefined,
    retriable: boolean,
    attempt: (bc: BufferedConn) => Promise<T>,
  ): Promise<T> => {
    signal?.throwIfAborted();
    for (let tries = 0;; tries++) {
      const bc = await pool.acquire(signal);
      try {
        return await attempt(bc);
      } catch (e) {
        if (e instanceof StaleConnection && bc.uses > 1 && retriable && tries === 0) continue;
        if (signal?.aborted) throw signal.reason;
        throw e instanceof StaleConnection
          ? new UpstreamProtocolError("Upstream closed the connection before responding")
          : e;
      }
    }
  };
  const send = async (call: UpstreamCall): Promise<Response> => {
    const body = call.body;
    const framing = framingOf(call.method, call.headers, body);
    const head = requestHead(call, framing);
    return await onConnection(call.signal, body === null, async (bc) => {
      const answer = await exchange(pool, bc, call.method, call.signal, head, body, framing);
      // Appending to the new Response's headers costs ~2 µs; a headers init list costs ~7 µs.
      const res = new Response(answer.body, { status: answer.status });
      const h = res.headers;
      for (const [name, value] of answer.headers) h.append(name, value);
      settledBodies.set(res, answer.settled);
      return res;
    });
  };
  const sendRaw = (call: RawCall): Promise<RawAnswer> => {
    const body = call.body;
    const bytes = body?.length ? concat(call.head, body) : call.head;
    return onConnection(
      call.signal,
      !body?.length,
      (bc) => exchange(pool, bc, call.method, call.signal, bytes, null, NO_BODY),
    );
  };
  return {
    fetch(req) {
      const path = pathOf(req.url);
      return send({
        method: req.method,
        path,
        headers: req.headers,
        body: req.body,
        signal: req.signal,
      });
    },
    send,
    sendRaw,
    close() {
      pool.close();
    },
  };
}

/**
 * Sends `head` (and streams `body`, framed as `framing`) on `bc`, and reads the response head;
 * the body follows as it arrives. `settled` says when the exchange is over.
 */
async function exchange(
  pool: ConnPool,
  bc: BufferedConn,
  method: string,
  signal: AbortSignal | undefined,
  head: Uint8Array,
  body: ReadableStream<Uint8Array> | null,
  framing: BodyFraming,
): Promise<RawAnswer> {
  bc.uses++;
  let parts = body ? 2 : 1; // the request body and the response body must both finish
  let released = false;
  let failBody = (_reason: unknown) => {};
  let bodyError: Error | undefined;
  let settle: (() => void) | undefined;
  const onAbort = () => {
    failBody(signal?.reason);
    done(false);
  };
  const done = (ok: boolean) => {
    if (released) return;
    if (ok && --parts > 0) return;
    released = true;
    settle?.();
    signal?.removeEventListener("abort", onAbort);
    if (ok) pool.release(bc);
    else {
      bc.close();
      body?.cancel().catch(() => {});
    }
  };
  signal?.addEventListener("abort", onAbort);
  try {
    try {
      await bc.write(head);
    } catch {
      throw new StaleConnection();
    }
    if (body) {
      writeBody(bc, body, framing).then(() => done(true), (e) => {
        bodyError = e instanceof Error ? e : new Error(String(e));
        done(false);
      });
    }
    let parsed;
    for (;;) {
      parsed = parseResponseHead(await readHead(bc));
      if (parsed.status >= 200) break;
      if (parsed.status === 101) throw new UpstreamProtocolError("Upstream switched protocols");
    }
    bc.keepAliveMs = parsed.keepAliveMs;
    const noBody = method === "HEAD" || parsed.status === 204 || parsed.status === 304;
    const reusable = parsed.keepAlive && (noBody || parsed.chunked || parsed.contentLength >= 0);
    const rb = readResponseBody(bc, parsed, noBody, (complete) => {
      // The response is over: a request body still being written will never be read.
      if (parts === 2 && complete) return done(false);
      done(complete && reusable && bc.pending.length === 0);
    });
    failBody = rb.fail;
    return {
      status: parsed.status,
      headers: parsed.headers,
      contentLength: noBody ? -1 : parsed.contentLength,
      body: rb.body,
      settled: released ? SETTLED : new Promise<void>((r) => settle = r),
    };
  } catch (e) {
    done(false);
    // A failed request body closed the connection under the read of the answer: say why.
    if (bodyError && !(e instanceof StaleConnection)) {
      throw new UpstreamProtocolError(`Cannot send the request body: ${bodyError.message}`);
    }
    throw e;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Reads bytes up to the blank line ending a head; StaleConnection if none arrived. */
async function readHead(bc: BufferedConn): Promise<Uint8Array> {
  const more = async () => {
    const had = bc.pending.length;
    let filled;
    try {
      filled = await bc.fill();
    } catch (e) {
      if (had === 0 && !bc.closed) throw new StaleConnection();
      throw e;
    }
    if (!filled) {
      if (had === 0) throw new StaleConnection();
      throw new UpstreamProtocolError("Upstream closed the connection mid-head");
    }
    return true;
  };
  const head = await bc.until(
    indexOfHeadEnd,
    4,
    MAX_HEAD,
    "Upstream response head too large",
    more,
  );
  return head!; // `more` never says "no more": it throws
}

function framingOf(
  method: string,
  headers: Headers,
  body: ReadableStream<Uint8Array> | null,
): BodyFraming {
  if (body === null) {
    return BODYLESS_METHODS.has(method) ? { kind: "none" } : { kind: "length", length: 0 };
  }
  const cl = headers.get("content-length");
  if (cl !== null && /^\d+$/.test(cl)) return { kind: "length", length: Number(cl) };
  return { kind: "chunked" };
}
