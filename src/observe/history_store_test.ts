import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { createHistoryStore } from "./history_store.ts";
import type { InvocationRecord } from "./types.ts";

const rec = (n: number, fn = "hello", status = 200): InvocationRecord => ({
  requestId: `req-${n}`,
  fn,
  method: "GET",
  path: "/",
  status,
  startedAt: 1000 + n,
  durationMs: 3,
  cold: n === 0,
});

Deno.test("createHistoryStore() lists newest first with filters", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const store = await createHistoryStore({ dataDir });
    store.onInvocation(rec(1));
    store.onInvocation(rec(2, "other", 500));
    store.onInvocation(rec(3, "hello", 404));
    store.onInvocation(rec(4));
    assertEquals(store.list().map((r) => r.requestId), ["req-4", "req-3", "req-2", "req-1"]);
    assertEquals(store.list({ function: "hello", limit: 2 }).map((r) => r.requestId), [
      "req-4",
      "req-3",
    ]);
    assertEquals(store.list({ status: "error" }).map((r) => r.requestId), ["req-3", "req-2"]);
    assertEquals(store.list({ status: "5xx" }).map((r) => r.requestId), ["req-2"]);
    assertEquals(store.list({ status: "404" }).map((r) => r.requestId), ["req-3"]);
    assertEquals(store.list({ status: "ok" }).length, 2);
    assertEquals(store.get("req-2")?.fn, "other");
    assertEquals(store.get("nope"), undefined);
    await store.close();
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("createHistoryStore() survives reopening and stays bounded", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const first = await createHistoryStore({ dataDir, maxRecords: 10 });
    for (let i = 0; i < 100; i++) {
      first.onInvocation(rec(i));
      if (i % 7 === 0) await first.flush();
    }
    first.onInvocation({
      ...rec(200, "bodies", 500),
      error: "boom",
      requestBody: { text: "hi", encoding: "utf8", bytes: 2, truncated: false },
    });
    await first.close();
    const lines = (await Deno.readTextFile(`${dataDir}/history.jsonl`)).trim().split("\n");
    assert(lines.length <= 2 * 10 + 16, `file holds ${lines.length} lines`);
    await Deno.writeTextFile(`${dataDir}/history.jsonl`, '{"torn', { append: true });

    const second = await createHistoryStore({ dataDir, maxRecords: 10 });
    const ids = second.list({ limit: 100 }).map((r) => r.requestId);
    assertEquals(ids.length, 10);
    assertEquals(ids[0], "req-200");
    assertEquals(ids[1], "req-99");
    assertEquals(second.get("req-200")?.error, "boom");
    assertEquals(second.get("req-200")?.requestBody?.text, "hi");
    assertEquals(second.get("req-5"), undefined);
    await second.close();
    assertEquals(Deno.statSync(`${dataDir}/history.jsonl`).mode! & 0o777, 0o600);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("createHistoryStore() drops the oldest records past maxBytes", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const store = await createHistoryStore({ dataDir, maxBytes: 2500 });
    const big = { text: "x".repeat(900), encoding: "utf8" as const, bytes: 900, truncated: false };
    for (let i = 0; i < 5; i++) store.onInvocation({ ...rec(i), responseBody: big });
    await store.flush(); // the byte bound holds from the batched write on
    assertEquals(store.list().map((r) => r.requestId), ["req-4", "req-3"]);
    await store.close();
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("createHistoryStore() evicts in call order when a record is replaced", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const store = await createHistoryStore({ dataDir, maxRecords: 3 });
    for (let n = 1; n <= 3; n++) store.onInvocation(rec(n));
    store.onInvocation({ ...rec(1), status: 502 }); // req-1 again: now the newest
    store.onInvocation(rec(4));
    assertEquals(store.list().map((r) => r.requestId), ["req-4", "req-1", "req-3"]);
    assertEquals(store.get("req-1")?.status, 502);
    for (let n = 5; n <= 3000; n++) store.onInvocation(rec(n));
    assertEquals(store.list().map((r) => r.requestId), ["req-3000", "req-2999", "req-2998"]);
    await store.close();
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
