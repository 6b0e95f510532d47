/**
 * Candidate upstream client: undici's Pool over a Unix socket.
 * @module
 */
import { createRequire } from "node:module";
import { Readable } from "node:stream";
import type { UpstreamClient } from "../../../src/runtime/transport/mod.ts";

// undici lives in the bench-private test/bench/.deps (see deps.ts), not in the import map.
interface UndiciPool {
  request(o: {
    method: string;
    path: string;
    headers: Record<string, string>;
    body: Readable | null;
    signal: AbortSignal;
  }): Promise<
    { statusCode: number; headers: Record<string, string | string[] | undefined>; body: Readable }
  >;
  close(): Promise<void>;
}
type Undici = { Pool: new (url: string, opts: unknown) => UndiciPool };
const require = createRequire(import.meta.url);

/** Creates an undici Pool upstream client for `socketPath`. */
export function createUndiciClient(socketPath: string): Omit<UpstreamClient, "send"> {
  const { Pool } = require("../.deps/node_modules/undici") as Undici;
  const pool = new Pool("http://localhost", { socketPath, connections: 256, pipelining: 1 });
  return {
    async fetch(req) {
      const url = new URL(req.url);
      const headers: Record<string, string> = {};
      req.headers.forEach((v, k) => headers[k] = v);
      const res = await pool.request({
        method: req.method,
        path: url.pathname + url.search,
        headers,
        body: req.body
          ? Readable.fromWeb(req.body as import("node:stream/web").ReadableStream)
          : null,
        signal: req.signal,
      });
      const h = new Headers();
      for (const [k, v] of Object.entries(res.headers)) {
        if (Array.isArray(v)) { for (const x of v) h.append(k, x); }
        else if (v !== undefined) h.set(k, v);
      }
      const nobody = req.method === "HEAD" || res.statusCode === 204 || res.statusCode === 304;
      if (nobody) res.body.resume();
      const body = nobody ? null : Readable.toWeb(res.body) as ReadableStream<Uint8Array>;
      return new Response(body, { status: res.statusCode, headers: h });
    },
    close() {
      pool.close();
    },
  };
}
