import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { connectNats } from "../nats/mod.ts";
import { natsTest } from "../nats/testing.ts";
import { docIdOf, docKey, JsDocumentStore } from "./js_documents.ts";
import { PreconditionFailed } from "./errors.ts";

Deno.test("docKey() keeps ids with dots and colons apart and reversible", () => {
  assertEquals(docKey("c", "a.b:c-d_e"), "c.a=2eb=3ac-d_e");
  assertEquals(docIdOf("a=2eb=3ac-d_e"), "a.b:c-d_e");
});

natsTest("JsDocumentStore keeps versions across gateways and deletions", async (server) => {
  const nats = await connectNats({ url: server.url, name: "test" });
  try {
    // Two stores on one bucket stand for two gateways.
    const a = await JsDocumentStore.open(nats, () => [], 1_000);
    const b = await JsDocumentStore.open(nats, () => [], 1_000);
    assertEquals((await a.put("c", "x.1", { n: 1 })).kind, "created");
    assertEquals((await b.get("c", "x.1"))?.version, 1);
    assertEquals((await b.patch("c", "x.1", { m: 2 }, { ifMatch: '"1"' })).doc?.data, {
      n: 1,
      m: 2,
    });
    await rejects(a.put("c", "x.1", {}, { ifMatch: '"1"' }), PreconditionFailed);
    await rejects(b.put("c", "x.1", {}, { ifNoneMatch: "*" }), PreconditionFailed);
    assertEquals((await a.delete("c", "x.1")).kind, "deleted");
    assertEquals(await b.get("c", "x.1"), undefined);
    assertEquals((await b.put("c", "x.1", { again: true })).doc?.version, 4);

    // Concurrent increments through both stores: none is lost.
    await a.put("c", "counter", { n: 0 });
    const bump = async (s: JsDocumentStore) => {
      for (let i = 0; i < 10; i++) {
        for (let tries = 0; tries < 50; tries++) {
          const doc = await s.get("c", "counter");
          const n = (doc!.data as { n: number }).n + 1;
          const done = await s.put("c", "counter", { n }, { ifMatch: `"${doc!.version}"` })
            .then(() => true, (e) => e instanceof PreconditionFailed ? false : Promise.reject(e));
          if (done) break;
        }
      }
    };
    await Promise.all([bump(a), bump(b)]);
    assertEquals((await a.get("c", "counter"))?.data, { n: 20 });

    for (const id of ["p1", "p2", "p3", "q1"]) await a.put("list", id, { id });
    await a.delete("list", "p2");
    const first = await b.list("list", { prefix: "p", limit: 1 });
    assertEquals([first.items.map((d) => d.id), first.cursor], [["p1"], "p1"]);
    const rest = await b.list("list", { prefix: "p", limit: 5, cursor: first.cursor! });
    assertEquals([rest.items.map((d) => d.id), rest.cursor], [["p3"], null]);
  } finally {
    await nats.close();
  }
});
