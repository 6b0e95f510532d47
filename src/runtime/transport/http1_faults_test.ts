import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createUpstreamClient, type UpstreamClient } from "./mod.ts";
import { serveRaw } from "./_test_util.ts";

const enc = new TextEncoder();

/** Reads one request head from `conn` (these tests send no bodies). */
async function readRequest(conn: Deno.Conn): Promise<string | null> {
  let text = "";
  const buf = new Uint8Array(4096);
  while (!text.includes("\r\n\r\n")) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) return null;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  return text;
}

/**
 * Runs `fn` against a raw socket server that lets `onConn` misbehave on each connection; counts
 * the connections it accepted.
 */
async function withRawServer(
  onConn: (conn: Deno.Conn, index: number) => Promise<void>,
  fn: (client: UpstreamClient, accepted: () => number) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/raw.sock`;
  try {
    await serveRaw(
      Deno.listen({ transport: "unix", path }),
      onConn,
      createUpstreamClient(path),
      fn,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const OK = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";

Deno.test("fetch() reuses one keep-alive connection for calls in a row", async () => {
  await withRawServer(async (conn) => {
    while (await readRequest(conn)) await conn.write(enc.encode(OK));
  }, async (client, accepted) => {
    for (let i = 0; i < 20; i++) {
      assertEquals(await (await client.fetch(new Request("http://x/"))).text(), "ok");
    }
    assertEquals(accepted(), 1);
  });
});

Deno.test("fetch() retries a body-less call once when a pooled connection went stale", async () => {
  await withRawServer(async (conn) => {
    if (await readRequest(conn)) await conn.write(enc.encode(OK));
  }, async (client, accepted) => {
    assertEquals(await (await client.fetch(new Request("http://x/"))).text(), "ok");
    await new Promise((r) => setTimeout(r, 20));
    assertEquals(await (await client.fetch(new Request("http://x/"))).text(), "ok");
    assertEquals(accepted(), 2);
  });
});

Deno.test("fetch() rejects when the upstream closes before answering", async () => {
  await withRawServer(async (conn) => {
    await readRequest(conn);
  }, async (client) => {
    const err = await client.fetch(new Request("http://x/")).then(() => null, (e) => e);
    assert(err instanceof Error, `got ${err}`);
  });
});

Deno.test("fetch() errors the body when the upstream dies mid-body", async () => {
  const heads = [
    "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial",
    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n7\r\npartial\r\n",
  ];
  for (const head of heads) {
    await withRawServer(async (conn) => {
      await readRequest(conn);
      await conn.write(enc.encode(head));
      await new Promise((r) => setTimeout(r, 30));
    }, async (client) => {
      const res = await client.fetch(new Request("http://x/"));
      const err = await res.text().then(() => null, (e) => e);
      assert(err instanceof Error, `got ${err}`);
    });
  }
});

Deno.test("fetch() rejects a garbled response instead of hanging", async () => {
  await withRawServer(async (conn) => {
    await readRequest(conn);
    await conn.write(enc.encode("NOT HTTP\r\n\r\n"));
  }, async (client) => {
    const err = await client.fetch(new Request("http://x/")).then(() => null, (e) => e);
    assert(err instanceof Error, `got ${err}`);
  });
});

Deno.test("fetch() reads a body delimited by the upstream closing, and HTTP/1.0", async () => {
  await withRawServer(async (conn) => {
    await readRequest(conn);
    await conn.write(enc.encode("HTTP/1.0 200 OK\r\nx-a: 1\r\n\r\nuntil close"));
  }, async (client, accepted) => {
    assertEquals(await (await client.fetch(new Request("http://x/"))).text(), "until close");
    assertEquals(await (await client.fetch(new Request("http://x/"))).text(), "until close");
    assertEquals(accepted(), 2);
  });
});

Deno.test("fetch() skips a 100 Continue and decodes chunk extensions and trailers", async () => {
  await withRawServer(async (conn) => {
    await readRequest(conn);
    await conn.write(enc.encode(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n" +
        "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nx-trailer: t\r\n\r\n",
    ));
  }, async (client) => {
    const res = await client.fetch(new Request("http://x/"));
    assertEquals(res.status, 201);
    assertEquals(await res.text(), "abcde");
  });
});

Deno.test("fetch() rejects when nothing listens on the socket", async () => {
  const client = createUpstreamClient("/nonexistent/denofn.sock");
  const err = await client.fetch(new Request("http://x/")).then(() => null, (e) => e);
  assert(err instanceof Error, `got ${err}`);
  client.close();
});

Deno.test("fetch() parses heads and chunked bodies split at every byte", async () => {
  const wire = "HTTP/1.1 200 OK\r\nx-a: 1\r\ntransfer-encoding: chunked\r\n\r\n" +
    "5\r\nhello\r\n1;x=y\r\n \r\n5\r\nworld\r\n0\r\n\r\n";
  await withRawServer(async (conn) => {
    while (await readRequest(conn)) {
      for (const ch of wire) {
        await conn.write(enc.encode(ch));
        await new Promise((r) => setTimeout(r, 0));
      }
    }
  }, async (client, accepted) => {
    for (let i = 0; i < 2; i++) {
      const res = await client.fetch(new Request("http://x/"));
      assertEquals(res.headers.get("x-a"), "1");
      assertEquals(await res.text(), "hello world");
    }
    assertEquals(accepted(), 1);
  });
});

Deno.test("fetch() does not reuse a connection the upstream marked close", async () => {
  await withRawServer(async (conn) => {
    while (await readRequest(conn)) {
      await conn.write(
        enc.encode("HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok"),
      );
    }
  }, async (client, accepted) => {
    for (let i = 0; i < 3; i++) {
      assertEquals(await (await client.fetch(new Request("http://x/"))).text(), "ok");
    }
    assertEquals(accepted(), 3);
  });
});
