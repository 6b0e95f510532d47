/** Helpers shared by the HTTP/1 transport's tests. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { UpstreamClient } from "./mod.ts";

/** `n` pseudo-random bytes, the same for the same `seed`. */
export function bytes(n: number, seed = 7): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) b[i] = x = (x * 1103515245 + 12345) & 0xff;
  return b;
}

/** The SHA-256 of `data`, as text to compare. */
export async function digest(data: Uint8Array<ArrayBuffer> | ArrayBuffer): Promise<string> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data)).toString();
}

/**
 * Hands each connection `listener` accepts to `onConn` (then closes it) while `fn` runs with
 * `client` and a count of the accepted connections; closes the client, the listener and every
 * connection after.
 */
export async function serveRaw(
  listener: Deno.Listener,
  onConn: (conn: Deno.Conn, index: number) => Promise<void>,
  client: UpstreamClient,
  fn: (client: UpstreamClient, accepted: () => number) => Promise<void>,
): Promise<void> {
  const conns: Deno.Conn[] = [];
  const loop = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      onConn(conn, conns.length - 1).catch(() => {}).finally(() => {
        try {
          conn.close();
        } catch { /* closed */ }
      });
    }
  })();
  try {
    await fn(client, () => conns.length);
  } finally {
    client.close();
    listener.close();
    await loop.catch(() => {});
    for (const c of conns) {
      try {
        c.close();
      } catch { /* closed */ }
    }
  }
}

/**
 * A `text/event-stream` answer whose second event is sent only once the client has read the
 * first: `respond()` makes it, `check(res)` reads it and asserts both events came through.
 */
export function heldEventStream() {
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return {
    respond(): Response {
      const body = new ReadableStream<Uint8Array>({
        async start(c) {
          c.enqueue(enc.encode("data: one\n\n"));
          await released;
          c.enqueue(enc.encode("data: two\n\n"));
          c.close();
        },
      });
      return new Response(body, { headers: { "content-type": "text/event-stream" } });
    },
    async check(res: Response): Promise<void> {
      assertEquals(res.headers.get("content-type"), "text/event-stream");
      const reader = res.body!.getReader();
      assertEquals(dec.decode((await reader.read()).value), "data: one\n\n");
      release();
      let rest = "";
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        rest += dec.decode(r.value);
      }
      assertEquals(rest, "data: two\n\n");
    },
  };
}
