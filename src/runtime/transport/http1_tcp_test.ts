import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import {
  createUpstreamClient,
  type UpstreamClient,
  type UpstreamClientOptions,
  UpstreamProtocolError,
} from "./mod.ts";
import { bytes, digest, heldEventStream, serveRaw } from "./_test_util.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/**
 * Runs `fn` with a real Deno.serve server on 127.0.0.1, port 0, and a TCP client to it; counts
 * the client connections the server saw (by their source port).
 */
async function withTcpServer(
  handler: (req: Request) => Response | Promise<Response>,
  fn: (client: UpstreamClient, connections: () => number) => Promise<void>,
): Promise<void> {
  const ports = new Set<number>();
  const ac = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
    (req, info) => {
      ports.add((info.remoteAddr as Deno.NetAddr).port);
      return handler(req);
    },
  );
  const client = createUpstreamClient({
    transport: "tcp",
    hostname: "127.0.0.1",
    port: server.addr.port,
  });
  try {
    await fn(client, () => ports.size);
  } finally {
    client.close();
    ac.abort();
    await server.finished;
  }
}

/**
 * Runs `fn` against a raw TCP server that answers every request head on a connection with
 * `response`; counts the connections it accepted.
 */
async function withRawTcpServer(
  response: string,
  options: UpstreamClientOptions,
  fn: (client: UpstreamClient, accepted: () => number) => Promise<void>,
): Promise<void> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serveOne = async (conn: Deno.Conn) => {
    const buf = new Uint8Array(4096);
    let text = "";
    for (;;) {
      const n = await conn.read(buf).catch(() => null);
      if (n === null) return;
      text += dec.decode(buf.subarray(0, n));
      for (let end = text.indexOf("\r\n\r\n"); end >= 0; end = text.indexOf("\r\n\r\n")) {
        text = text.slice(end + 4);
        await conn.write(enc.encode(response));
      }
    }
  };
  const { port } = listener.addr as Deno.NetAddr;
  const client = createUpstreamClient({ transport: "tcp", hostname: "127.0.0.1", port }, options);
  await serveRaw(listener, serveOne, client, fn);
}

Deno.test("TCP client streams an upload of unknown length both ways, chunk by chunk", async () => {
  await withTcpServer((req) => new Response(req.body), async (client) => {
    // Each chunk is sent only once the echo of the one before came back: the request body
    // and the response body are both in flight at once, neither buffered to its end.
    let next!: () => void;
    let echoed = Promise.resolve();
    let sent = 0;
    const upload = new ReadableStream<Uint8Array>({
      async pull(c) {
        await echoed;
        if (sent === 5) return c.close();
        echoed = new Promise((r) => next = r);
        c.enqueue(enc.encode(`ping ${sent++};`));
      },
    }, { highWaterMark: 0 });
    const res = await client.send({
      method: "POST",
      path: "/echo",
      headers: new Headers(),
      body: upload,
      signal: AbortSignal.timeout(10_000), // fails the test rather than hanging it
    });
    let got = "";
    for await (const chunk of res.body!) {
      got += dec.decode(chunk);
      if (got.endsWith(`ping ${sent - 1};`)) next();
    }
    assertEquals(got, "ping 0;ping 1;ping 2;ping 3;ping 4;");
  });
});

Deno.test("TCP client carries a multi-megabyte body of unknown length intact", async () => {
  await withTcpServer(async (req) => {
    const got = new Uint8Array(await req.arrayBuffer());
    const framing = req.headers.get("transfer-encoding") ?? "length";
    return new Response(got, { headers: { "x-len": String(got.length), "x-framing": framing } });
  }, async (client) => {
    const big = bytes(8 * 1024 * 1024, 11);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < big.length; i += 100_000) c.enqueue(big.slice(i, i + 100_000));
        c.close();
      },
    });
    const res = await client.fetch(new Request("http://fn/", { method: "POST", body: stream }));
    assertEquals(res.headers.get("x-len"), String(big.length));
    assertEquals(res.headers.get("x-framing"), "chunked");
    assertEquals(await digest(await res.arrayBuffer()), await digest(big));
  });
});

Deno.test("TCP client hands out the first event of a stream before the server ends it", async () => {
  const events = heldEventStream();
  await withTcpServer(() => events.respond(), async (client) => {
    await events.check(await client.fetch(new Request("http://fn/events")));
  });
});

Deno.test("TCP client reuses one connection for calls in a row, with and without bodies", async () => {
  await withTcpServer(async (req) => new Response(`${req.method}:${await req.text()}`), async (
    client,
    connections,
  ) => {
    for (let i = 0; i < 30; i++) {
      const init = i % 3 === 0 ? {} : { method: "POST", body: i % 3 === 1 ? `b${i}` : null };
      const res = await client.fetch(new Request(`http://fn/?i=${i}`, init));
      assertEquals(await res.text(), i % 3 === 0 ? "GET:" : `POST:${i % 3 === 1 ? `b${i}` : ""}`);
    }
    assertEquals(connections(), 1);
  });
});

Deno.test("TCP client drops an idle connection before the upstream's keep-alive timeout", async () => {
  const answer = "HTTP/1.1 200 OK\r\nkeep-alive: timeout=1\r\ncontent-length: 2\r\n\r\nok";
  await withRawTcpServer(answer, { keepAliveMarginMs: 500 }, async (client, accepted) => {
    for (let i = 0; i < 3; i++) {
      assertEquals(await (await client.fetch(new Request("http://fn/"))).text(), "ok");
    }
    assertEquals(accepted(), 1, "reused within the announced timeout less the margin");
    await new Promise((r) => setTimeout(r, 700));
    assertEquals(await (await client.fetch(new Request("http://fn/"))).text(), "ok");
    assertEquals(accepted(), 2, "not reused once it may have timed out upstream");
  });
  await withRawTcpServer(answer, {}, async (client, accepted) => {
    for (let i = 0; i < 2; i++) {
      assertEquals(await (await client.fetch(new Request("http://fn/"))).text(), "ok");
    }
    assertEquals(accepted(), 2, "a timeout within the default margin is never reused");
  });
});

Deno.test("TCP client rejects when nothing listens on the port", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  const client = createUpstreamClient({ transport: "tcp", hostname: "127.0.0.1", port });
  const err = await client.fetch(new Request("http://fn/")).then(() => null, (e) => e);
  assert(err instanceof Error, `got ${err}`);
  client.close();
});

Deno.test("TCP client rejects with the reason when a request body fails mid-upload", async () => {
  const answer = (req: Request) =>
    req.text().then((text) => new Response(text), () => new Response("cut off"));
  await withTcpServer(answer, async (client) => {
    let pulls = 0;
    const failing = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (++pulls > 3) throw new Error("source went away");
        await new Promise((r) => setTimeout(r, 5));
        c.enqueue(enc.encode("part;"));
      },
    });
    const err = await client.fetch(new Request("http://fn/", { method: "POST", body: failing }))
      .then(() => null, (e) => e);
    assert(err instanceof UpstreamProtocolError, `got ${err}`);
    assertEquals(err.message, "Cannot send the request body: source went away");
    assertEquals(await (await client.fetch(new Request("http://fn/"))).text(), "");
  });
});
