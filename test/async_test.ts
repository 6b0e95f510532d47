/**
 * Async invocations through the real platform: 202 + Location, results, retries then success,
 * dead letters and replay, idempotency keys, callbacks (a receiver that fails twice), task tokens,
 * the async concurrency bound, and the hostile cases (callback to the platform, a key flood).
 */
import { assert, assertEquals, assertMatch } from "./helpers/assert.ts";
import { enqueue, until, waitForJob } from "./helpers/async_wait.ts";
import { startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";

const FIXTURES = ["echo_body", "async_flaky", "async_toggle", "async_task", "async_slow"];
const ENV = { DENOFN_CALLBACK_BACKOFF_MS: "50", DENOFN_ADMIN_TOKEN: "async-test-admin-token-1234" };
const ADMIN = { authorization: `Bearer ${ENV.DENOFN_ADMIN_TOKEN}` };

async function withPlatform(fn: (tp: TempPlatform) => Promise<void>) {
  const tp = await startTempPlatform(FIXTURES, ENV);
  try {
    await fn(tp);
  } finally {
    await tp.close();
  }
}

/** A callback receiver on 127.0.0.1 that refuses the first `failures` posts. */
function receiver(failures: number) {
  const got: { status: string | null; id: string | null; body: string }[] = [];
  let calls = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    calls++;
    const body = await req.text();
    if (calls <= failures) return new Response("not yet", { status: 500 });
    got.push({
      status: req.headers.get("x-denofn-status"),
      id: req.headers.get("x-denofn-async-id"),
      body,
    });
    return new Response("ok");
  });
  return { url: `http://127.0.0.1:${server.addr.port}/hook`, got, calls: () => calls, server };
}

Deno.test("async: 202 with Location, the stored response, X-Denofn-Method, then 404 after delete", async () => {
  await withPlatform(async (tp) => {
    const res = await fetch(`${tp.url}/async/fn/echo_body/x?q=1`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-denofn-method": "PUT" },
      body: "hello async",
    });
    assertEquals(res.status, 202);
    const { id } = await res.json();
    assertEquals(res.headers.get("location"), `/async/${id}`);
    const done = await waitForJob(tp.url, id);
    assertEquals([done.status, done.state, done.text], [200, "done", "hello async"]);
    assertMatch(done.headers.get("server-timing") ?? "", /async-queue;dur=/);
    const history =
      await (await fetch(`${tp.url}/admin/history?function=echo_body`, { headers: ADMIN })).json();
    const record = history.records[0];
    assertEquals([record.method, record.path, record.trigger], ["PUT", "/x?q=1", "async"]);
    assertEquals((await fetch(`${tp.url}/async/${id}`, { method: "DELETE" })).status, 204);
    const gone = await fetch(`${tp.url}/async/${id}`);
    assertEquals(gone.status, 404);
    await gone.body?.cancel();
    const unknown = await fetch(`${tp.url}/async/fn/nope`, { method: "POST" });
    assertEquals(unknown.status, 404);
    await unknown.body?.cancel();
  });
});

Deno.test("async: retries on 500 with back-off, then succeeds; dead letter after the retries; replay succeeds", async () => {
  await withPlatform(async (tp) => {
    const flaky = await waitForJob(tp.url, await enqueue(tp.url, "async_flaky"));
    assertEquals(flaky.status, 200);
    assertEquals(JSON.parse(flaky.text), { attempt: 3, trigger: "async" });
    assertEquals(flaky.headers.get("x-denofn-attempts"), "3");

    const id = await enqueue(tp.url, "async_toggle");
    const dead = await waitForJob(tp.url, id);
    assertEquals([dead.status, dead.state], [503, "dead"]);
    const letters = await (await fetch(`${tp.url}/admin/async/dead`, { headers: ADMIN })).json();
    assertEquals(letters.jobs.map((j: { id: string }) => j.id), [id]);
    const replay = await fetch(`${tp.url}/admin/async/dead/${id}/replay`, {
      method: "POST",
      headers: ADMIN,
    });
    assertEquals(replay.status, 200);
    await replay.body?.cancel();
    const again = await waitForJob(tp.url, id);
    assertEquals([again.status, again.state, again.text], [200, "done", "ok after 4 calls"]);
    const after = await (await fetch(`${tp.url}/admin/async/dead`, { headers: ADMIN })).json();
    assertEquals(after.jobs, []);
    const metrics = await (await fetch(`${tp.url}/metrics`)).text();
    assertMatch(metrics, /denofn_async_retries_total\{function="async_flaky"\} 2/);
    assertMatch(metrics, /denofn_async_dead_letters_total\{function="async_toggle"\} 1/);
  });
});

Deno.test("async: an Idempotency-Key returns the same id; a flood of keys stops at async.maxQueued", async () => {
  await withPlatform(async (tp) => {
    const headers = { "idempotency-key": "order-42" };
    const first = await enqueue(tp.url, "echo_body", { headers, body: "a" });
    const res = await fetch(`${tp.url}/async/fn/echo_body`, { method: "POST", headers, body: "b" });
    assertEquals(res.status, 202);
    assertEquals(res.headers.get("idempotent-replayed"), "true");
    assertEquals((await res.json()).id, first);
    assertEquals((await waitForJob(tp.url, first)).text, "a");

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await fetch(`${tp.url}/async/fn/async_slow`, {
        method: "POST",
        headers: { "idempotency-key": `flood-${i}` },
      });
      statuses.push(r.status);
      await r.body?.cancel();
    }
    assertEquals(statuses.filter((s) => s === 202).length, 6, String(statuses));
    assertEquals(statuses.filter((s) => s === 429).length, 6, String(statuses));
    const long = await fetch(`${tp.url}/async/fn/echo_body`, {
      method: "POST",
      headers: { "idempotency-key": "k".repeat(201) },
    });
    assertEquals(long.status, 400);
    await long.body?.cancel();
    await until(async () => {
      const m = await (await fetch(`${tp.url}/metrics`)).text();
      return !/denofn_async_queue_depth\{function="async_slow"\} [1-9]/.test(m);
    }, 15_000);
  });
});

Deno.test("async: async.concurrency bounds runs while sync calls still get through", async () => {
  await withPlatform(async (tp) => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await enqueue(tp.url, "async_slow"));
    const started = Date.now();
    const sync = await fetch(`${tp.url}/fn/async_slow`);
    assertEquals(sync.status, 200);
    await sync.body?.cancel();
    assert(Date.now() - started < 1_500, "a sync call waited behind queued work");
    const results = await Promise.all(ids.map((id) => waitForJob(tp.url, id)));
    const most = Math.max(...results.map((r) => JSON.parse(r.text).most));
    assert(most <= 3, `at most 2 async runs plus 1 sync call at once, saw ${most}`);
  });
});

Deno.test("async: X-Callback-Url gets the result after a receiver fails twice; the platform itself is refused", async () => {
  await withPlatform(async (tp) => {
    const hook = receiver(2);
    try {
      const id = await enqueue(tp.url, "echo_body", {
        headers: { "x-callback-url": hook.url },
        body: "to the hook",
      });
      await until(() => hook.got.length === 1, 10_000);
      assertEquals(hook.got[0], { status: "200", id, body: "to the hook" });
      assertEquals(hook.calls(), 3);
      const job = await (await fetch(`${tp.url}/admin/async/jobs/${id}`, { headers: ADMIN }))
        .json();
      assertEquals([job.callback.state, job.callback.attempts], ["delivered", 3]);
    } finally {
      await hook.server.shutdown();
    }
    const port = new URL(tp.url).port;
    for (
      const self of [
        `http://127.0.0.1:${port}/async/fn/echo_body`,
        `http://localhost:${port}/admin`,
        `http://[::ffff:127.0.0.1]:${port}/`,
        "file:///etc/passwd",
      ]
    ) {
      const res = await fetch(`${tp.url}/async/fn/echo_body`, {
        method: "POST",
        headers: { "x-callback-url": self },
      });
      assertEquals(res.status, 400, self);
      await res.body?.cancel();
    }
  });
});

Deno.test("async: a task token completes a job later; a wrong token is refused", async () => {
  await withPlatform(async (tp) => {
    const id = await enqueue(tp.url, "async_task", { body: "work" });
    await until(() => tp.logs.some((l) => l.line.startsWith(`TASK ${id} `)));
    const token = tp.logs.find((l) => l.line.startsWith(`TASK ${id} `))!.line.split(" ")[2];
    await until(async () => {
      const pending = await fetch(`${tp.url}/async/${id}`);
      assertEquals(pending.status, 202);
      return (await pending.json()).state === "waiting"; // the 202 may still be on its way
    });
    const wrong = await fetch(`${tp.url}/async/${id}/complete`, {
      method: "POST",
      headers: { "x-denofn-task-token": "not-the-token" },
      body: "x",
    });
    assertEquals(wrong.status, 403);
    await wrong.body?.cancel();
    const ok = await fetch(`${tp.url}/async/${id}/complete`, {
      method: "POST",
      headers: {
        "x-denofn-task-token": token,
        "x-denofn-status": "201",
        "content-type": "application/json",
      },
      body: '{"finished":true}',
    });
    assertEquals(ok.status, 200);
    await ok.body?.cancel();
    const done = await waitForJob(tp.url, id);
    assertEquals([done.status, done.text, done.headers.get("content-type")], [
      201,
      '{"finished":true}',
      "application/json",
    ]);
  });
});
