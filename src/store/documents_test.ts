import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { KvQueue, type QueueMessage } from "../async/mod.ts";
import { DocumentStore } from "./documents.ts";
import { createStoreApp } from "./routes.ts";

Deno.test("DocumentStore enqueues one message per subscriber in the commit of each change", async () => {
  const kv = await Deno.openKv(":memory:");
  const queue = new KvQueue(kv);
  const got: QueueMessage[] = [];
  queue.on("store:change", (m) => void got.push(m));
  queue.start();
  try {
    const docs = new DocumentStore(
      queue,
      (c) => (c === "notes"
        ? [{ fn: "all", on: ["created", "updated", "deleted"] }, {
          fn: "gone",
          on: ["deleted"],
        }]
        : []),
      100,
    );
    await docs.put("notes", "a", { x: 1 });
    await docs.patch("notes", "a", { y: 2 });
    await docs.delete("notes", "a");
    await docs.put("other", "a", 1);
    await rejects(docs.put("notes", "big", "x".repeat(200)), /at most 100 bytes/);
    await rejects(docs.patch("notes", "missing", {}), /No document/);
    for (let i = 0; i < 100 && got.length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    const seen = got.map((m) => `${m.fn}:${m.e}:v${m.v}:n${m.n}`).sort();
    assertEquals(seen, [
      "all:created:v1:n1",
      "all:deleted:v3:n3",
      "all:updated:v2:n2",
      "gone:deleted:v3:n1",
    ]);
    assertEquals(await docs.changeSides("notes", "a", 2), {
      before: { x: 1 },
      after: { x: 1, y: 2 },
    });
  } finally {
    queue.stop();
    kv.close();
  }
});

Deno.test("the store app answers versions, preconditions and errors in the JSON shape", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const documents = new DocumentStore(new KvQueue(kv), () => [], 1000);
    const app = createStoreApp({ documents, authorize: () => {} });
    const put = await app.request("/c/d", { method: "PUT", body: '{"a":1}' });
    assertEquals([put.status, put.headers.get("etag")], [201, '"1"']);
    const cached = await app.request("/c/d", { headers: { "if-none-match": '"1"' } });
    assertEquals(cached.status, 304);
    const stale = await app.request("/c/d", { method: "DELETE", headers: { "if-match": '"7"' } });
    assertEquals([stale.status, (await stale.json()).code], [412, "precondition_failed"]);
    const badId = await app.request("/c/.hidden");
    assertEquals(badId.status, 400);
    await badId.body?.cancel();
  } finally {
    kv.close();
  }
});
