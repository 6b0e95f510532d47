/**
 * A one-route proxy for the upstream micro-bench: listens on 127.0.0.1 (port 0), forwards every
 * request to the Unix socket with the chosen client, and prints its port. Client names ending
 * in `+wrap` re-wrap the response body in a JS stream (as a gateway that watches the end of the
 * body does); `+hono` puts a Hono app in front; `+gw` does the per-call work of the gateway as
 * of this writing (URL, header copy, a new Request, timeout race, body wrap) and `+gwfast` the
 * same facts through `send()` and `bodySettled()`. They isolate what those layers cost.
 * Usage: `deno run -A proxy.ts <client>[+wrap][+hono][+gw|+gwfast] <socket path>`.
 * @module
 */
import { Hono } from "hono";
import { CLIENTS } from "./clients.ts";
import { gatewayLike, gatewayLikeFast } from "./gateway_like.ts";

const [spec, socketPath] = Deno.args;
const [kind, ...layers] = spec.split("+");
const make = CLIENTS[kind];
if (!make) throw new Error(`Cannot start proxy: unknown client "${kind}"`);
const client = make(socketPath);

function wrap(res: Response): Response {
  if (!res.body) return res;
  const reader = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(c) {
      const { done, value } = await reader.read();
      if (done) c.close();
      else c.enqueue(value);
    },
    cancel: (r) => reader.cancel(r),
  });
  return new Response(body, { status: res.status, headers: res.headers });
}

async function forward(req: Request): Promise<Response> {
  try {
    const res = await client.fetch(req);
    return layers.includes("wrap") ? wrap(res) : res;
  } catch (e) {
    return new Response(String(e), { status: 502 });
  }
}

let handler: (req: Request) => Promise<Response> | Response = forward;
if (layers.includes("gw")) handler = (req) => gatewayLike(client, req, wrap);
if (layers.includes("gwfast")) handler = (req) => gatewayLikeFast(client, req);
if (layers.includes("hono")) {
  const app = new Hono();
  app.all("*", (c) => forward(c.req.raw));
  handler = app.fetch;
}
Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  onListen: ({ port }) => console.log(`port ${port}`),
}, handler);
