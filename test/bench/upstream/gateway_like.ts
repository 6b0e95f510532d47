/**
 * The per-call work of a gateway around the upstream hop, in two shapes, for the micro-bench:
 * as src/gateway does it today (copy headers, build a Request, race a timeout, wrap the body to
 * see its end) and with `send()` + `bodySettled()`, which skip the copies and the wrap.
 * @module
 */
import { bodySettled, type UpstreamClient } from "../../../src/runtime/transport/mod.ts";

const HOP = ["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"];

function facts(req: Request) {
  const url = new URL(req.url);
  const id = crypto.randomUUID();
  return {
    url,
    id,
    set: {
      "x-request-id": id,
      "x-forwarded-prefix": "/fn/hello",
      "x-forwarded-host": url.host,
      "x-forwarded-proto": url.protocol.slice(0, -1),
    },
  };
}

async function withTimeout(p: Promise<Response>, ac: AbortController): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => (ac.abort(), reject(new Error("timeout"))), 30_000);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function finish(res: Response, id: string): Response {
  res.headers.set("x-request-id", id);
  res.headers.set("server-timing", "queue;dur=0.0, upstream;dur=0.1");
  return res;
}

/** What a gateway does at the end of a body (gives back a concurrency slot). */
function release(): void {}

/** Today's shape: a Headers copy, a new Request, and a wrapped body. */
export async function gatewayLike(
  client: UpstreamClient,
  req: Request,
  wrap: (res: Response) => Response,
): Promise<Response> {
  const { url, id, set } = facts(req);
  const headers = new Headers(req.headers);
  for (const h of HOP) headers.delete(h);
  for (const [k, v] of Object.entries(set)) headers.set(k, v);
  const ac = new AbortController();
  const upstream = new Request(`http://localhost${url.pathname}${url.search}`, {
    method: req.method,
    headers,
    signal: ac.signal,
  });
  const res = await withTimeout(client.fetch(upstream), ac);
  const wrapped = wrap(res);
  return finish(new Response(wrapped.body, wrapped), id);
}

/** The fast shape: `send()` with the caller's headers, and `bodySettled()` instead of a wrap. */
export async function gatewayLikeFast(client: UpstreamClient, req: Request): Promise<Response> {
  const { url, id, set } = facts(req);
  const ac = new AbortController();
  const res = await withTimeout(
    client.send({
      method: req.method,
      path: url.pathname + url.search,
      headers: req.headers,
      set,
      body: req.body,
      signal: ac.signal,
    }),
    ac,
  );
  bodySettled(res)?.then(release);
  return finish(res, id);
}
