import { deepStrictEqual as assertEquals, match, ok } from "node:assert/strict";
import { type HttpServer, serveHttp, type ServeInfo } from "./http_server.ts";
import { readToClose } from "../../test/helpers/raw_socket.ts";

const LIMITS = {
  headerTimeoutMs: 400,
  keepAliveTimeoutMs: 400,
  maxHeaders: 100,
  maxHeaderBytes: 8192,
};
const enc = (s: string) => new TextEncoder().encode(s);

async function withServer(
  handler: (req: Request, info: ServeInfo) => Response | Promise<Response>,
  test: (s: HttpServer) => Promise<void>,
) {
  const server = await serveHttp({ port: 0, hostname: "127.0.0.1", handler, limits: LIMITS });
  try {
    await test(server);
  } finally {
    await server.shutdown(1_000);
  }
}

const hello = () => new Response("hello");

Deno.test("serveHttp passes requests, bodies and the client's address through the guard", async () => {
  await withServer(async (req, info) => {
    const body = await req.text();
    return Response.json({ url: req.url, body, port: info.remoteAddr.port });
  }, async (s) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
    await conn.write(enc(
      "POST /x?q=1 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
        "3\r\nabc\r\n0\r\n\r\n",
    ));
    const { text } = await readToClose(conn);
    const json = JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4));
    assertEquals(json.url, "http://h/x?q=1");
    assertEquals(json.body, "abc");
    assertEquals(json.port, (conn.localAddr as Deno.NetAddr).port);
  });
});

Deno.test("serveHttp answers 408 and closes a client whose headers never complete", async () => {
  await withServer(hello, async (s) => {
    const slow = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
    await slow.write(enc("GET / HTTP/1.1\r\nHost: h\r\nX-Slow: "));
    const trickle = setInterval(() => slow.write(enc("a")).catch(() => {}), 50);
    const { text, ms } = await readToClose(slow);
    clearInterval(trickle);
    match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    match(text, /"code":"header_timeout"/);
    ok(ms < LIMITS.headerTimeoutMs + 500, `closed after ${ms} ms`);
    const res = await fetch(`${s.url}/`);
    assertEquals(await res.text(), "hello");
  });
});

Deno.test("serveHttp closes an idle keep-alive connection, but not one with a call in flight", async () => {
  await withServer(async (req) => {
    if (req.url.endsWith("/slow")) await new Promise((r) => setTimeout(r, 900));
    return new Response("done");
  }, async (s) => {
    const idle = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
    await idle.write(enc("GET / HTTP/1.1\r\nHost: h\r\n\r\n"));
    const busy = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
    await busy.write(enc("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n"));
    const [a, b] = await Promise.all([readToClose(idle), readToClose(busy, 1_500)]);
    match(a.text, /200 OK[\s\S]*done$/);
    ok(a.ms < LIMITS.keepAliveTimeoutMs + 500, `idle closed after ${a.ms} ms`);
    match(b.text, /200 OK[\s\S]*done$/, "the slow call was answered");
    ok(b.ms >= 900, `busy closed after ${b.ms} ms`);
  });
});

Deno.test("serveHttp answers 431 to too many and to too large headers", async () => {
  await withServer(hello, async (s) => {
    for (
      const head of [
        "GET / HTTP/1.1\r\nHost: h\r\n" + "x-h: v\r\n".repeat(200) + "\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\nx-big: " + "a".repeat(10_000) + "\r\n\r\n",
      ]
    ) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: s.port });
      await conn.write(enc(head)).catch(() => {});
      const { text } = await readToClose(conn);
      match(text, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      match(text, /"code":"headers_too_large"/);
    }
  });
});

Deno.test("serveHttp streams a response through the guard as it is written", async () => {
  await withServer(() => {
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        await new Promise((r) => setTimeout(r, 100));
        if (i++ === 3) return c.close();
        c.enqueue(enc(`data: ${i}\n\n`));
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  }, async (s) => {
    const res = await fetch(`${s.url}/`);
    const reader = res.body!.getReader();
    const first = await reader.read();
    assertEquals(new TextDecoder().decode(first.value), "data: 1\n\n");
    await reader.cancel();
  });
});
