/**
 * A one-route proxy for the upstream micro-bench: listens on 127.0.0.1 (port 0), forwards every
 * request to the Unix socket with the chosen client, and prints its port.
 * Usage: `deno run -A proxy.ts <client> <socket path>`.
 * @module
 */
import type { UpstreamClient } from "../../../src/gateway/upstream/mod.ts";
import { CLIENTS } from "./clients.ts";

const [kind, socketPath] = Deno.args;
const make = CLIENTS[kind];
if (!make) throw new Error(`Cannot start proxy: unknown client "${kind}"`);
const client: UpstreamClient = make(socketPath);
Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`port ${port}`),
}, async (req) => {
  try {
    return await client.fetch(req);
  } catch (e) {
    return new Response(String(e), { status: 502 });
  }
});
