import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createKvBackend } from "./kv_backend.ts";
import { KvQueue } from "./kv_queue.ts";
import { deadWithResult, testJob } from "./_test_util.ts";

/** A job not delivered during the test. */
const job = (fn = "f") => testJob(fn, { dueAt: Date.now() + 60_000 });

Deno.test("the KV backend stores bodies of any size, dedupes idempotency keys and tracks state", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const backend = createKvBackend(new KvQueue(kv));
    const body = new Uint8Array(700_000).map((_, i) => i % 251);
    const first = await backend.create({ ...job(), bodyBytes: body.byteLength }, body, {
      idempotencyKey: "k1",
      idempotencyTtlMs: 60_000,
    });
    assertEquals(first.created, true);
    assertEquals(await backend.body(first.job.id, "request"), body);
    const repeat = await backend.create(job(), new Uint8Array(1), { idempotencyKey: "k1" });
    assertEquals([repeat.created, repeat.job.id], [false, first.job.id]);
    const other = await backend.create(job("g"), new Uint8Array(1), { idempotencyKey: "k1" });
    assertEquals(other.created, true, "keys are per function");

    const result = new TextEncoder().encode("result");
    const dead = await backend.update(first.job.id, deadWithResult(result));
    assertEquals(dead?.state, "dead");
    assertEquals(await backend.body(first.job.id, "result"), result);
    assertEquals((await backend.deadLetters({})).map((j) => j.id), [first.job.id]);
    const pending = [];
    for await (const j of backend.pending()) pending.push(j.fn);
    assertEquals(pending, ["g"]);
    await backend.update(first.job.id, () => ({ job: null }));
    assertEquals(await backend.get(first.job.id), undefined);
    assertEquals((await backend.body(first.job.id, "request")).byteLength, 0);
    assertEquals(await backend.deadLetters({}), []);
  } finally {
    kv.close();
  }
});
