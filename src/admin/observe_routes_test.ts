import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { startAdminFixture } from "./_test_platform.ts";
import type { FunctionLogLine } from "../observe/mod.ts";

const line = (n: number, requestId?: string): FunctionLogLine => ({
  ts: Date.now(),
  fn: "hello",
  instance: "hello-1",
  stream: n % 2 ? "stderr" : "stdout",
  line: `line ${n}`,
  requestId,
});

Deno.test("GET /functions/:name/logs filters by request id, limit and since", async () => {
  await using fx = await startAdminFixture();
  for (let i = 0; i < 5; i++) fx.logs.write(line(i, i === 3 ? "req-3" : undefined));
  const all = await (await fx.call("/functions/hello/logs")).json();
  assertEquals(all.lines.length, 5);
  const one = await (await fx.call("/functions/hello/logs?request=req-3")).json();
  assertEquals(one.lines.map((l: FunctionLogLine) => l.line), ["line 3"]);
  const two = await (await fx.call("/functions/hello/logs?limit=2")).json();
  assertEquals(two.lines.map((l: FunctionLogLine) => l.line), ["line 3", "line 4"]);
  const later = await (await fx.call(`/functions/hello/logs?since=${Date.now() + 60_000}`)).json();
  assertEquals(later.lines, []);
  assertEquals((await (await fx.call("/functions/hello/logs?since=5m")).json()).lines.length, 5);
  const bad = await fx.call("/functions/hello/logs?since=yesterday-ish&bogus=1");
  assertEquals(bad.status, 400);
  const msg = (await bad.json()).error;
  assert(msg.includes("since") && msg.includes("bogus"), msg);
  assertEquals((await fx.call("/functions/ghost/logs")).status, 404);
});

Deno.test("GET /functions/:name/logs?follow=1 streams a line written after it started", async () => {
  await using fx = await startAdminFixture();
  fx.logs.write(line(0));
  const ctl = new AbortController();
  const res = await fx.call("/functions/hello/logs?follow=1", { signal: ctl.signal });
  assertEquals(res.status, 200);
  assertEquals(res.headers.get("content-type"), "text/event-stream");
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const until = async (needle: string) => {
    while (!text.includes(needle)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before "${needle}": ${text}`);
      text += value;
    }
  };
  await until("event: ready");
  assert(text.includes('"line 0"'));
  fx.logs.write(line(7, "req-7"));
  await until('"line 7"');
  const event = text.split("\n\n").find((e) => e.includes('"line 7"'))!;
  assert(event.startsWith("event: log\ndata: "), event);
  assertEquals(JSON.parse(event.split("data: ")[1]).requestId, "req-7");
  ctl.abort();
  await reader.cancel().catch(() => {});
});

Deno.test("GET /history lists with filters and GET /history/:id finds one call", async () => {
  await using fx = await startAdminFixture();
  const base = { method: "GET", path: "/", startedAt: 1, durationMs: 2, cold: false };
  fx.history.onInvocation({ ...base, requestId: "a", fn: "hello", status: 200 });
  fx.history.onInvocation({ ...base, requestId: "b", fn: "hello", status: 500, error: "boom" });
  fx.history.onInvocation({ ...base, requestId: "c", fn: "other", status: 404 });
  const all = await (await fx.call("/history")).json();
  assertEquals(all.records.map((r: { requestId: string }) => r.requestId), ["c", "b", "a"]);
  const failed = await (await fx.call("/history?function=hello&status=5xx")).json();
  assertEquals(failed.records.map((r: { requestId: string }) => r.requestId), ["b"]);
  assertEquals((await (await fx.call("/history?limit=1")).json()).records.length, 1);
  assertEquals((await (await fx.call("/history/b")).json()).error, "boom");
  const missing = await fx.call("/history/zzz");
  assertEquals(missing.status, 404);
  assertEquals((await missing.json()).code, "not_found");
  for (const q of ["status=teapot", "limit=0", "function=../x"]) {
    const r = await fx.call(`/history?${q}`);
    assertEquals(r.status, 400, q);
    await r.body?.cancel();
  }
});
