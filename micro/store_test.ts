import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { store, StoreError } from "./store.ts";
import { useMemoryStore } from "./memory_store.ts";

Deno.test("store() without a grant fails with a StoreError that says so", async () => {
  await rejects(
    store("todos").get("1"),
    (e) => e instanceof StoreError && e.status === 403 && e.code === "no_store_grant",
  );
});

Deno.test("store() against the in-memory store: put, get, patch, versions, list, delete", async () => {
  const restore = useMemoryStore();
  try {
    const todos = store<{ title: string; done?: boolean }>("todos");
    const first = await todos.put("1", { title: "milk" });
    assertEquals(first.version, 1);
    assertEquals(await todos.get("1"), { title: "milk" });
    await rejects(
      todos.put("1", { title: "x" }, { ifMatch: 7 }),
      (e) => (e as StoreError).status === 412,
    );
    assertEquals((await todos.patch("1", { done: true }, { ifMatch: 1 })).data, {
      title: "milk",
      done: true,
    });
    await todos.put("2", { title: "eggs" }, { ifNoneMatch: "*" });
    const page = await todos.list({ limit: 1 });
    assertEquals([page.items.map((i) => i.id), page.cursor !== null], [["1"], true]);
    assertEquals((await todos.list({ cursor: page.cursor! })).items.map((i) => i.id), ["2"]);
    assertEquals([await todos.delete("1"), await todos.delete("1")], [true, false]);
    assertEquals(await todos.get("1"), undefined);
  } finally {
    restore();
  }
});
