/**
 * The store through the real platform: CRUD with versions (ETag, If-Match, If-None-Match),
 * merge patches, list paging, size limits, the admin token, a function's scoped access over its
 * own socket (read-write, read-only, none), a function without a grant trying every way in, and
 * a trigger fed by 10 concurrent writers on one document: every change once, in order.
 */
import { assert, assertEquals } from "./helpers/assert.ts";
import { until } from "./helpers/async_wait.ts";
import { startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";

const TOKEN = "store-test-admin-token-123";
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_AUTH = { ...AUTH, "content-type": "application/json" };

async function withPlatform(fixtures: string[], fn: (tp: TempPlatform) => Promise<void>) {
  const tp = await startTempPlatform(fixtures, { DENOFN_ADMIN_TOKEN: TOKEN });
  try {
    await fn(tp);
  } finally {
    await tp.close();
  }
}

async function call(url: string, init: RequestInit = {}) {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    etag: res.headers.get("etag"),
    json: text ? JSON.parse(text) : null,
  };
}

Deno.test("store: CRUD with versions, preconditions, merge patch, paging and size limits", async () => {
  await withPlatform([], async (tp) => {
    const doc = `${tp.url}/store/books/b1`;
    const put = (body: unknown, extra: Record<string, string> = {}) =>
      call(doc, { method: "PUT", headers: { ...JSON_AUTH, ...extra }, body: JSON.stringify(body) });
    assertEquals((await call(doc)).status, 401);
    assertEquals((await call(doc, { headers: { authorization: "Bearer wrong" } })).status, 401);
    const created = await put({ title: "Dune", tags: { sf: true } });
    assertEquals([created.status, created.etag], [201, '"1"']);
    assertEquals((await call(doc, { headers: AUTH })).json, { title: "Dune", tags: { sf: true } });
    assertEquals((await put({ title: "x" }, { "if-none-match": "*" })).status, 412);
    assertEquals((await put({ title: "Dune 2" }, { "if-match": '"1"' })).etag, '"2"');
    assertEquals((await put({ title: "lost update" }, { "if-match": '"1"' })).status, 412);
    const patched = await call(doc, {
      method: "PATCH",
      headers: JSON_AUTH,
      body: JSON.stringify({ year: 1965, title: null }),
    });
    assertEquals([patched.status, patched.etag, patched.json], [200, '"3"', { year: 1965 }]);
    assertEquals((await call(doc, { method: "DELETE", headers: AUTH })).status, 204);
    assertEquals((await call(doc, { headers: AUTH })).status, 404);
    assertEquals((await call(doc, { method: "DELETE", headers: AUTH })).status, 404);
    assertEquals((await put({ again: true })).etag, '"5"', "versions go on after a delete (4)");

    const huge = { blob: "x".repeat(70_000) };
    assertEquals((await put(huge)).status, 413);
    const notJson = await call(doc, { method: "PUT", headers: AUTH, body: "{nope" });
    assertEquals(notJson.status, 400);
    assertEquals((await call(`${tp.url}/store/Bad!/x`, { headers: AUTH })).status, 400);
    assertEquals((await call(`${tp.url}/store/books/..`, { headers: AUTH })).status, 404);

    for (let i = 0; i < 25; i++) {
      const id = `p${String(i).padStart(2, "0")}`;
      await call(`${tp.url}/store/pages/${id}`, {
        method: "PUT",
        headers: JSON_AUTH,
        body: `{"i":${i}}`,
      });
    }
    await call(`${tp.url}/store/pages/other`, { method: "PUT", headers: JSON_AUTH, body: "1" });
    const seen: string[] = [];
    let cursor: string | null = "";
    for (let page = 0; page < 10 && cursor !== null; page++) {
      const q: string = `prefix=p&limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const res = await call(`${tp.url}/store/pages?${q}`, { headers: AUTH });
      seen.push(...res.json.items.map((d: { id: string }) => d.id));
      cursor = res.json.cursor;
    }
    assertEquals(seen.length, 25);
    assertEquals(seen[0], "p00");
    assertEquals(seen[24], "p24");
    assertEquals((await call(`${tp.url}/store/pages?limit=5000`, { headers: AUTH })).status, 400);
  });
});

Deno.test("store: a function reaches only its granted collections, over its own socket", async () => {
  await withPlatform(["store_user", "store_none"], async (tp) => {
    const fn = `${tp.url}/fn/store_user`;
    const put = await call(`${fn}/notes/n1`, { method: "PUT", body: '{"text":"hi"}' });
    assertEquals([put.status, put.json], [200, { text: "hi" }]);
    assertEquals((await call(`${fn}/notes/n1`)).json, { text: "hi" });
    assertEquals((await call(`${tp.url}/store/notes/n1`, { headers: AUTH })).json, { text: "hi" });
    await call(`${tp.url}/store/audit/a1`, { method: "PUT", headers: JSON_AUTH, body: '{"a":1}' });
    assertEquals((await call(`${fn}/audit/a1`)).json, { a: 1 });
    const readOnly = await call(`${fn}/audit/a1`, { method: "PUT", body: "{}" });
    assertEquals([readOnly.status, readOnly.json.code], [403, "forbidden"]);
    const other = await call(`${fn}/secrets/s1`);
    assertEquals([other.status, other.json.code], [403, "forbidden"]);

    const pid = tp.supervisor.get("store_user")!.slots[0].instance.pid!;
    const environ = await Deno.readTextFile(`/proc/${pid}/environ`);
    const url = environ.split("\0").find((l) => l.startsWith("DENOFN_STORE_URL="))!.slice(17);
    const token = environ.split("\0").find((l) => l.startsWith("DENOFN_STORE_TOKEN="))!.slice(19);
    assert(url.startsWith("unix:"), url);
    const leaked = await call(`${tp.url}/store/notes/n1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assertEquals(leaked.status, 403, "a function token does not work on the gateway's port");

    const port = new URL(tp.url).port;
    const none = await call(`${tp.url}/fn/store_none?port=${port}&socket=${url.slice(5)}`);
    assertEquals(none.json, { client: "store 403", gateway: "NotCapable", socket: "NotCapable" });
  });
});

Deno.test("store: 10 concurrent writers on one document trigger each change once, in order", async () => {
  await withPlatform(["store_trigger"], async (tp) => {
    const doc = `${tp.url}/store/notes/shared`;
    const writes = await Promise.all(
      Array.from(
        { length: 10 },
        (_, i) =>
          call(doc, { method: "PUT", headers: JSON_AUTH, body: JSON.stringify({ writer: i }) }),
      ),
    );
    assertEquals(writes.map((w) => w.status).sort(), [
      200,
      200,
      200,
      200,
      200,
      200,
      200,
      200,
      200,
      201,
    ]);
    const changes = () =>
      tp.logs.filter((l) => l.fn === "store_trigger" && l.line.startsWith("CHANGE "))
        .map((l) => JSON.parse(l.line.slice(7)));
    await until(() => changes().length >= 10, 20_000);
    await new Promise((r) => setTimeout(r, 300)); // any duplicate would show up by now
    const seen = changes();
    assertEquals(seen.map((c) => c.version), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assertEquals(seen[0].event, "created");
    assertEquals(seen[0].before, null);
    for (let i = 1; i < 10; i++) {
      assertEquals(seen[i].event, "updated");
      assertEquals(seen[i].before, seen[i - 1].after, `change ${i + 1} starts where ${i} ended`);
    }
    assertEquals((await call(doc, { headers: AUTH })).json, seen[9].after);
    await call(doc, { method: "DELETE", headers: AUTH });
    await until(() => changes().length === 11, 10_000);
    assertEquals([changes()[10].event, changes()[10].after], ["deleted", null]);
    const metrics = await (await fetch(`${tp.url}/metrics`)).text();
    assert(
      /denofn_trigger_deliveries_total\{function="store_trigger",collection="notes"\} 11/.test(
        metrics,
      ),
    );
  });
});

Deno.test("store: the todos example keeps its data in the store and todos-log logs each change", async () => {
  const tp = await startTempPlatform([], { DENOFN_ADMIN_TOKEN: TOKEN }, {
    examples: ["todos", "todos-log"],
  });
  try {
    const created = await call(`${tp.url}/fn/todos`, { method: "POST", body: '{"title":"milk"}' });
    assertEquals([created.status, created.json], [201, { id: 1, title: "milk", done: false }]);
    const done = await call(`${tp.url}/fn/todos/1`, { method: "PATCH", body: '{"done":true}' });
    assertEquals(done.json, { id: 1, title: "milk", done: true });
    assertEquals((await call(`${tp.url}/fn/todos`)).json, [done.json]);
    assertEquals((await call(`${tp.url}/store/todos/1`, { headers: AUTH })).json, done.json);
    const lines = () => tp.logs.filter((l) => l.fn === "todos-log").map((l) => l.line);
    await until(() => lines().length >= 2, 10_000);
    assertEquals(lines().map((l) => l.replace(/ v\d+$/, "")), [
      'todo 1 created: "milk"',
      'todo 1 updated (done): "milk"',
    ]);
  } finally {
    await tp.close();
  }
});
