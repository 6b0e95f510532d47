/** The gateway's HTTP contract, over real sockets to real function processes. */
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { startTempPlatform } from "./helpers/temp_platform.ts";

Deno.test("the gateway keeps its HTTP contract", async (t) => {
  const p = await startTempPlatform([
    "pid",
    "echo_body",
    "slow_stream",
    "tiny_body",
    "queued",
    "stdin_upper",
    "stdin_fail",
  ]);
  try {
    await t.step("the function sees its path, query, prefix and request id", async () => {
      const res = await fetch(`${p.url}/fn/pid/a/b?x=1&y=2`, {
        headers: { "x-request-id": "req-123", "x-denofn-probe": "1" },
      });
      const body = await res.json();
      assertEquals(res.status, 200);
      assertEquals(body.path, "/a/b");
      assertEquals(body.url, `${p.url}/a/b?x=1&y=2`);
      assertEquals(body.prefix, "/fn/pid");
      assertEquals(body.requestId, "req-123");
      assertEquals(res.headers.get("x-request-id"), "req-123");
      assertEquals(body.forwardedFor, "127.0.0.1");
      assertEquals(body.probe, null, "the probe header never reaches a function");
      assertMatch(res.headers.get("server-timing") ?? "", /upstream;dur=/);
    });
    await t.step("no path is `/`, and a request id is generated when absent", async () => {
      const res = await fetch(`${p.url}/fn/pid`);
      const body = await res.json();
      assertEquals(body.path, "/");
      assertMatch(res.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    });
    await t.step("a multi-megabyte binary body streams both ways intact", async () => {
      const data = crypto.getRandomValues(new Uint8Array(60_000));
      const big = new Uint8Array(6 * 1024 * 1024);
      for (let i = 0; i < big.length; i += data.length) big.set(data.slice(0, big.length - i), i);
      const res = await fetch(`${p.url}/fn/echo_body`, { method: "POST", body: big });
      const back = new Uint8Array(await res.arrayBuffer());
      assertEquals(back.length, big.length);
      assert(back.every((b, i) => b === big[i]), "bytes differ");
    });
    await t.step("a chunked upload of unknown length is echoed", async () => {
      const chunks = ["one ", "two ", "three"];
      const body = new ReadableStream({
        start(c) {
          for (const ch of chunks) c.enqueue(new TextEncoder().encode(ch));
          c.close();
        },
      });
      const res = await fetch(`${p.url}/fn/echo_body`, {
        method: "POST",
        body,
        headers: { "content-type": "text/plain" },
      });
      assertEquals(await res.text(), "one two three");
      assertEquals(res.headers.get("content-type"), "text/plain");
    });
    await t.step("a server-sent event stream arrives chunk by chunk", async () => {
      const started = Date.now();
      const res = await fetch(`${p.url}/fn/slow_stream`);
      assertEquals(res.headers.get("content-type"), "text/event-stream");
      const reader = res.body!.getReader();
      const first = await reader.read();
      const firstAt = Date.now() - started;
      let rest = "";
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        rest += new TextDecoder().decode(r.value);
      }
      assertMatch(new TextDecoder().decode(first.value), /tick 0/);
      assertMatch(rest, /tick 3/);
      assert(firstAt < Date.now() - started - 200, "first event came before the stream ended");
    });
    await t.step("a body over maxBodyBytes is a 413, declared or streamed", async () => {
      const declared = await fetch(`${p.url}/fn/tiny_body`, {
        method: "POST",
        body: "x".repeat(500),
      });
      assertEquals(declared.status, 413);
      assertEquals((await declared.json()).code, "payload_too_large");
      const streamed = await fetch(`${p.url}/fn/tiny_body`, {
        method: "POST",
        body: new Blob(["y".repeat(5000)]).stream(),
      });
      assertEquals(streamed.status, 413, await streamed.text());
      const fits = await fetch(`${p.url}/fn/tiny_body`, { method: "POST", body: "small" });
      assertEquals(await fits.text(), "small");
    });
    await t.step("over its concurrency and queue a function answers 429", async () => {
      const calls = await Promise.all(
        [0, 1, 2, 3].map(() =>
          fetch(`${p.url}/fn/queued?ms=400`).then(async (r) => {
            await r.body?.cancel();
            return r.status;
          })
        ),
      );
      assertEquals(calls.filter((s) => s === 200).length, 2, String(calls));
      assertEquals(calls.filter((s) => s === 429).length, 2, String(calls));
    });
    await t.step("bad names, unknown functions and huge headers are 4xx", async () => {
      const bad = await fetch(`${p.url}/fn/..%2f..%2fetc`);
      assertEquals(bad.status, 400);
      await bad.body?.cancel();
      const upper = await fetch(`${p.url}/fn/Hello`);
      assertEquals(upper.status, 400);
      await upper.body?.cancel();
      const unknown = await fetch(`${p.url}/fn/nope`);
      assertEquals(unknown.status, 404);
      assertEquals((await unknown.json()).function, "nope");
      const huge = await fetch(`${p.url}/fn/pid`, { headers: { "x-big": "a".repeat(200_000) } })
        .then((r) => (r.body?.cancel(), r.status), () => 431);
      assert(huge >= 400 && huge < 500, `huge header answered ${huge}`);
      const ok = await fetch(`${p.url}/healthz`);
      assertEquals((await ok.json()).status, "ok");
    });
    await t.step("HEAD gets headers and no body", async () => {
      const res = await fetch(`${p.url}/fn/pid`, { method: "HEAD" });
      assertEquals(res.status, 200);
      assertEquals(await res.text(), "");
    });
    await t.step("stdin mode: body in, stdout out, exit code to status", async () => {
      const res = await fetch(`${p.url}/fn/stdin_upper`, { method: "POST", body: "hello" });
      assertEquals(res.status, 200);
      assertEquals(await res.text(), "POST HELLO\n");
      const fail = await fetch(`${p.url}/fn/stdin_fail`, {
        method: "POST",
        headers: { "x-request-id": "stdin-fail-1" },
      });
      assertEquals(fail.status, 500);
      assertEquals(await fail.text(), "partial\n");
      assert(p.logs.some((l) => l.line === "failing on purpose" && l.requestId === "stdin-fail-1"));
    });
  } finally {
    await p.close();
  }
});
