// Tests the todos routes in-process with denofn/micro/testing.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { invoke } from "denofn/micro/testing";
import handler from "./index.ts";

Deno.test("todos creates, lists and reads todos", async () => {
  const created = await invoke(handler, { method: "POST", path: "/", body: '{"title":"milk"}' });
  assertEquals(created.status, 201);
  const todo = await created.json();
  assertEquals(await (await invoke(handler, "/")).json(), [todo]);
  assertEquals(await (await invoke(handler, `/${todo.id}`)).json(), todo);
  assertEquals((await invoke(handler, "/999")).status, 404);
  assertEquals((await invoke(handler, { method: "POST", path: "/", body: "x" })).status, 400);
});
