import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { bodySettled, createUpstreamClient, type UpstreamClient } from "./mod.ts";
import { bytes, digest, heldEventStream } from "./_test_util.ts";

/** Runs `fn` with a real Deno.serve server on a fresh Unix socket and a client to it. */
async function withServer(
  handler: Deno.ServeHandler,
  fn: (client: UpstreamClient, url: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/fn.sock`;
  const server = Deno.serve({ path, onListen() {} }, handler);
  const client = createUpstreamClient(path);
  try {
    await fn(client, "http://gateway.test");
  } finally {
    client.close();
    await server.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("fetch() sends method, path, query and headers and returns the response", async () => {
  await withServer((req) => {
    const u = new URL(req.url);
    return Response.json({ m: req.method, p: u.pathname + u.search, h: req.headers.get("x-a") });
  }, async (client, base) => {
    const res = await client.fetch(
      new Request(`${base}/a/b?c=1&d=%20`, { headers: { "x-a": "1" } }),
    );
    assertEquals(res.status, 200);
    assertEquals(await res.json(), { m: "GET", p: "/a/b?c=1&d=%20", h: "1" });
  });
});

Deno.test("fetch() streams a request body of unknown length and a large binary both ways", async () => {
  await withServer(async (req) => {
    const got = new Uint8Array(await req.arrayBuffer());
    return new Response(got, { headers: { "x-len": String(got.length) } });
  }, async (client, base) => {
    const big = bytes(8 * 1024 * 1024);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < big.length; i += 100_000) c.enqueue(big.slice(i, i + 100_000));
        c.close();
      },
    });
    const chunked = await client.fetch(new Request(base, { method: "POST", body: stream }));
    assertEquals(chunked.headers.get("x-len"), String(big.length));
    assertEquals(await digest(await chunked.arrayBuffer()), await digest(big));
    const sized = await client.fetch(new Request(base, { method: "PUT", body: big }));
    assertEquals(await digest(await sized.arrayBuffer()), await digest(big));
    const empty = await client.fetch(new Request(base, { method: "POST" }));
    assertEquals(empty.headers.get("x-len"), "0");
  });
});

Deno.test("fetch() hands out the first chunk of a streamed response before it ends", async () => {
  const events = heldEventStream();
  await withServer(() => events.respond(), async (client, base) => {
    await events.check(await client.fetch(new Request(base)));
  });
});

Deno.test("fetch() passes every status, HEAD, and repeated Set-Cookie headers", async () => {
  await withServer((req) => {
    const status = Number(new URL(req.url).searchParams.get("s") ?? 200);
    const headers = new Headers({ "x-s": String(status) });
    headers.append("set-cookie", "a=1; Path=/");
    headers.append("set-cookie", "b=2; HttpOnly");
    const body = status === 204 || status === 304 ? null : `status ${status}`;
    return new Response(body, { status, headers });
  }, async (client, base) => {
    for (const s of [200, 201, 204, 301, 304, 400, 404, 418, 500, 503, 599]) {
      const res = await client.fetch(new Request(`${base}/?s=${s}`));
      assertEquals(res.status, s);
      assertEquals(res.headers.getSetCookie(), ["a=1; Path=/", "b=2; HttpOnly"]);
      assertEquals(await res.text(), s === 204 || s === 304 ? "" : `status ${s}`);
    }
    const head = await client.fetch(new Request(base, { method: "HEAD" }));
    assertEquals(head.status, 200);
    assertEquals(await head.text(), "");
    const after = await client.fetch(new Request(base));
    assertEquals(await after.text(), "status 200");
  });
});

Deno.test("fetch() keeps many concurrent calls apart", async () => {
  await withServer(async (req) => {
    const id = new URL(req.url).searchParams.get("id")!;
    await new Promise((r) => setTimeout(r, Number(id) % 7));
    return new Response(`${id}:${await req.text()}`);
  }, async (client, base) => {
    const ids = Array.from({ length: 200 }, (_, i) => i);
    const texts = await Promise.all(ids.map(async (i) => {
      const init = i % 2 ? { method: "POST", body: `body${i}` } : {};
      return (await client.fetch(new Request(`${base}/?id=${i}`, init))).text();
    }));
    assertEquals(texts, ids.map((i) => `${i}:${i % 2 ? `body${i}` : ""}`));
  });
});

Deno.test("fetch() rejects on abort before the response, and errors the body after", async () => {
  await withServer(async (req) => {
    if (new URL(req.url).pathname === "/hang") await new Promise((r) => setTimeout(r, 300));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(10));
      },
    });
    return new Response(body);
  }, async (client, base) => {
    const ac = new AbortController();
    const pending = client.fetch(new Request(`${base}/hang`, { signal: ac.signal }));
    setTimeout(() => ac.abort(), 50);
    const err = await pending.then(() => null, (e) => e);
    assert(err instanceof DOMException && err.name === "AbortError", `got ${err}`);
    const ac2 = new AbortController();
    const res = await client.fetch(new Request(`${base}/stream`, { signal: ac2.signal }));
    const reader = res.body!.getReader();
    await reader.read();
    ac2.abort();
    const failed = await reader.read().then(() => null, (e) => e);
    assert(failed instanceof DOMException, `got ${failed}`);
  });
});

Deno.test("fetch() does not hang when the upstream answers before reading a large body", async () => {
  await withServer(() => new Response("too large", { status: 413 }), async (client, base) => {
    const endless = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await client.fetch(new Request(base, { method: "POST", body: endless }));
    assertEquals(res.status, 413);
    assertEquals(await res.text(), "too large");
    assertEquals(await (await client.fetch(new Request(base))).text(), "too large");
  });
});

Deno.test("fetch() serves as the hop of a real proxy, bodies streaming through", async () => {
  await withServer((req) => new Response(req.body), async (client) => {
    const ac = new AbortController();
    const proxy = Deno.serve(
      { hostname: "127.0.0.1", port: 0, signal: ac.signal, onListen() {} },
      (req) => client.fetch(req),
    );
    try {
      const big = bytes(3 * 1024 * 1024, 3);
      const res = await fetch(`http://127.0.0.1:${proxy.addr.port}/echo`, {
        method: "POST",
        body: big,
      });
      assertEquals(await digest(await res.arrayBuffer()), await digest(big));
    } finally {
      ac.abort();
      await proxy.finished;
    }
  });
});

Deno.test("bodySettled() settles at once for a buffered body and at the end of a stream", async () => {
  await withServer((req) => {
    if (new URL(req.url).pathname === "/small") return new Response("small");
    return new Response(new Blob(["x".repeat(200_000)]).stream());
  }, async (client, base) => {
    const small = await client.fetch(new Request(`${base}/small`));
    await bodySettled(small);
    assertEquals(await small.text(), "small");
    const big = await client.fetch(new Request(`${base}/big`));
    let settled = false;
    bodySettled(big)!.then(() => settled = true);
    await new Promise((r) => setTimeout(r, 20));
    assertEquals(settled, false);
    assertEquals((await big.text()).length, 200_000);
    await bodySettled(big);
    const cancelled = await client.fetch(new Request(`${base}/big`));
    await cancelled.body!.cancel();
    await bodySettled(cancelled);
    assertEquals(bodySettled(new Response("other")), undefined);
  });
});

Deno.test("send() forwards the caller's headers with set, omit and hop-by-hop applied", async () => {
  await withServer((req) => {
    const seen: Record<string, string> = {};
    req.headers.forEach((v, k) => seen[k] = v);
    return Response.json({ path: new URL(req.url).pathname + new URL(req.url).search, seen });
  }, async (client) => {
    const headers = new Headers({
      "x-keep": "1",
      "x-request-id": "spoofed",
      "x-denofn-probe": "1",
      "connection": "x-named",
      "x-named": "hop",
      "keep-alive": "timeout=5",
      "host": "public.example",
    });
    const res = await client.send({
      method: "GET",
      path: "/p?q=1",
      headers,
      set: { "x-request-id": "real", "x-forwarded-prefix": "/fn/a" },
      omit: ["x-denofn-probe"],
      body: null,
    });
    const { path, seen } = await res.json();
    assertEquals(path, "/p?q=1");
    assertEquals(seen["x-keep"], "1");
    assertEquals(seen["x-request-id"], "real");
    assertEquals(seen["x-forwarded-prefix"], "/fn/a");
    assertEquals(seen.host, "public.example");
    for (const gone of ["x-denofn-probe", "x-named", "keep-alive"]) {
      assertEquals(seen[gone], undefined, gone);
    }
    const bad = await client.send({
      method: "GET",
      path: "/",
      headers: new Headers(),
      set: { "x-a": "1\r\nx-injected: 1" },
      body: null,
    }).then(() => null, (e) => e);
    assert(bad instanceof TypeError, `got ${bad}`);
  });
});

Deno.test("send() streams a body with the caller's content-length", async () => {
  await withServer(async (req) => new Response(await req.text()), async (client) => {
    const body = new Blob(["hello ", "world"]).stream();
    const res = await client.send({
      method: "POST",
      path: "/",
      headers: new Headers({ "content-length": "11" }),
      body,
    });
    assertEquals(await res.text(), "hello world");
  });
});
