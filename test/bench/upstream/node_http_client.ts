/**
 * Candidate upstream client: `node:http` with a keep-alive Agent over a Unix socket.
 * @module
 */
import http from "node:http";
import { Readable } from "node:stream";
import type { UpstreamClient } from "../../../src/runtime/transport/mod.ts";

/** Creates a node:http upstream client for `socketPath`. */
export function createNodeHttpClient(socketPath: string): Omit<UpstreamClient, "send"> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  return {
    fetch(req) {
      const url = new URL(req.url);
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = {};
        req.headers.forEach((v, k) => headers[k] = v);
        const out = http.request({
          socketPath,
          agent,
          method: req.method,
          path: url.pathname + url.search,
          headers,
          signal: req.signal,
        }, (res) => {
          const h = new Headers();
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            h.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
          }
          const nobody = req.method === "HEAD" || res.statusCode === 204 ||
            res.statusCode === 304;
          const body = nobody ? null : Readable.toWeb(res) as ReadableStream<Uint8Array>;
          resolve(new Response(body, { status: res.statusCode, headers: h }));
        });
        out.on("error", reject);
        if (req.body) {
          Readable.fromWeb(req.body as import("node:stream/web").ReadableStream).pipe(out);
        } else out.end();
      });
    },
    close() {
      agent.destroy();
    },
  };
}
