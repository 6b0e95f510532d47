import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { connectNats } from "../nats/mod.ts";
import { type NatsServer, natsTest } from "../nats/testing.ts";
import { createJsBackend } from "./js_backend.ts";
import { deadWithResult, testJob } from "./_test_util.ts";
import type { Job } from "./job.ts";

const newJob = testJob;

async function open(server: NatsServer, over: { ackWaitMs?: number; maxDeliver?: number } = {}) {
  const nats = await connectNats({ url: server.url, name: "test" });
  const backend = await createJsBackend({
    nats,
    ackWaitMs: over.ackWaitMs ?? 1_000,
    maxDeliver: over.maxDeliver ?? 5,
    retentionMs: 3_600_000,
    capacity: () => 4,
  });
  return {
    nats,
    backend,
    async close() {
      await backend.close();
      await nats.close();
    },
  };
}

async function until<T>(what: string, f: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

natsTest(
  "createJsBackend() stores jobs, bodies, idempotency keys and moves them by revision",
  async (server) => {
    const { backend, close } = await open(server);
    try {
      const body = new Uint8Array(600_000).map((_, i) => i % 251); // three chunks
      const job = newJob("f", { bodyBytes: body.byteLength });
      const first = await backend.create(job, body, {
        idempotencyKey: "k1",
        idempotencyTtlMs: 60_000,
      });
      assertEquals(first.created, true);
      const repeat = await backend.create(newJob(), new Uint8Array(), { idempotencyKey: "k1" });
      assertEquals([repeat.created, repeat.job.id], [false, job.id]);
      assertEquals(await backend.body(job.id, "request"), body);

      // Two deciders race on one record: each decision is applied to the record it was made on.
      const bump = (j: Job) => ({ job: { ...j, attempts: j.attempts + 1 } });
      await Promise.all([1, 2, 3, 4].map(() => backend.update(job.id, bump)));
      assertEquals((await backend.get(job.id))?.attempts, 4);

      const result = new TextEncoder().encode("answer");
      const dead = await backend.update(job.id, deadWithResult(result));
      assertEquals(dead?.state, "dead");
      assertEquals(new TextDecoder().decode(await backend.body(job.id, "result")), "answer");
      assertEquals((await backend.deadLetters({})).map((j) => j.id), [job.id]);
      assertEquals((await backend.list({ state: "dead" })).map((j) => j.id), [job.id]);
      await backend.update(job.id, () => ({ job: null }));
      assertEquals(await backend.get(job.id), undefined);
      assertEquals(await backend.deadLetters({}), []);

      const unique = newJob();
      assertEquals(
        (await backend.create(unique, new Uint8Array(), { unique: true })).created,
        true,
      );
      assertEquals(
        (await backend.create(unique, new Uint8Array(), { unique: true })).created,
        false,
      );
    } finally {
      await close();
    }
  },
);

natsTest(
  "createJsBackend() delivers work when due, and a lost holder's run to a peer",
  async (server) => {
    const a = await open(server);
    const b = await open(server);
    const runs: string[] = [];
    let stallA = true;
    try {
      a.backend.onWork("run", async (id, epoch) => {
        // Gateway A starts the attempt (the record names the message) and never finishes it.
        await a.backend.update(id, (j) => ({ job: { ...j, state: "running", attempts: 1 } }));
        runs.push(`a:${epoch}`);
        while (stallA) await new Promise((r) => setTimeout(r, 50));
      });
      b.backend.onWork("run", async (id, epoch) => {
        runs.push(`b:${epoch}:${(await b.backend.get(id))?.state}`);
        await b.backend.update(id, (j) => ({ job: { ...j, state: "done" } }));
      });
      a.backend.follow("f");
      const job = newJob("f");
      await a.backend.create(job, new Uint8Array());
      await until("A to start the attempt", () => runs.includes("a:0"));
      b.backend.follow("f");
      // A is lost: its connection drops without an acknowledgement.
      await a.nats.nc.close();
      // B finds the job running under the message it got: it takes the attempt over.
      await until("B to take over", () => runs.includes("b:0:retrying"));
      stallA = false;
      const after = await b.backend.get(job.id);
      assertEquals([after?.state, after?.lastError], [
        "done",
        "The gateway running the attempt was lost",
      ]);

      // A run due later waits for its time.
      const later = newJob("f", { dueAt: Date.now() + 700 });
      const sent = Date.now();
      await b.backend.create(later, new Uint8Array());
      await until("the delayed run", async () => (await b.backend.get(later.id))?.state === "done");
      ok(Date.now() - sent >= 650, `ran after ${Date.now() - sent} ms`);
    } finally {
      stallA = false;
      await a.close().catch(() => {});
      await b.close();
    }
  },
);

natsTest(
  "createJsBackend() reports a job whose message was never handled as undelivered",
  async (server) => {
    const { backend, close } = await open(server, { maxDeliver: 2 });
    try {
      let calls = 0;
      backend.onWork("run", () => {
        calls++;
        return Promise.reject(new Error("broken here"));
      });
      backend.follow("g");
      const job = newJob("g");
      await backend.create(job, new Uint8Array());
      const ids = await until("the advisory", async () => {
        const found: string[] = [];
        for await (const id of backend.undelivered()) found.push(id);
        return found.length ? found : undefined;
      });
      assertEquals([ids, calls], [[job.id], 2]);
    } finally {
      await close();
    }
  },
);

natsTest("createJsBackend() loses nothing acknowledged when NATS restarts", async (server) => {
  const { backend, close } = await open(server);
  try {
    const body = new TextEncoder().encode("kept");
    const jobs = [newJob("h", { bodyBytes: 4 }), newJob("h", { bodyBytes: 4 })];
    for (const job of jobs) await backend.create(job, body);
    await server.restart(); // SIGKILL, then the same store folder
    const ran: string[] = [];
    backend.onWork("run", async (id) => {
      ran.push(id);
      await backend.update(id, (j) => ({ job: { ...j, state: "done" } }));
    });
    backend.follow("h");
    await until("both runs after the restart", () => ran.length >= 2 ? true : undefined);
    assertEquals(ran.sort(), jobs.map((j) => j.id).sort());
    assertEquals(new TextDecoder().decode(await backend.body(jobs[0].id, "request")), "kept");
  } finally {
    await close();
  }
});
