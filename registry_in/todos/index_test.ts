// Tests the todos routes in-process with denofn/micro/testing and an in-memory store.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { invoke, useMemoryStore } from "denofn/micro/testing";
import handler from "./index.ts";

Deno.test("todos creates, lists, reads, updates and deletes todos", async () => {
  const restore = useMemoryStore();
  try {
    const created = await invoke(handler, { method: "POST", path: "/", body: '{"title":"milk"}' });
    assertEquals(created.status, 201);
    const todo = await created.json();
    assertEquals(todo, { id: 1, title: "milk", done: false });
    assertEquals(await (await invoke(handler, "/")).json(), [todo]);
    assertEquals(await (await invoke(handler, `/${todo.id}`)).json(), todo);
    const done = await invoke(handler, { method: "PATCH", path: "/1", body: '{"done":true}' });
    assertEquals(await done.json(), { ...todo, done: true });
    assertEquals((await invoke(handler, { method: "DELETE", path: "/1" })).status, 204);
    assertEquals((await invoke(handler, "/1")).status, 404);
    assertEquals((await invoke(handler, { method: "POST", path: "/", body: "x" })).status, 400);
  } finally {
    restore();
  }
});
