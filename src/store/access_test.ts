import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { grantsAllow } from "./access.ts";
import { createStoreTokens } from "./tokens.ts";

Deno.test("grantsAllow() reads read-write and read-only grants", () => {
  const grants = ["todos", "audit:read"];
  assertEquals(grantsAllow(grants, "todos", "write"), true);
  assertEquals(grantsAllow(grants, "audit", "read"), true);
  assertEquals(grantsAllow(grants, "audit", "write"), false);
  assertEquals(grantsAllow(grants, "other", "read"), false);
  assertEquals(grantsAllow([], "todos", "read"), false);
});

Deno.test("store tokens name their function and cannot be forged or moved", () => {
  const tokens = createStoreTokens();
  const t = tokens.issue("todos");
  assertEquals(tokens.verify(t), "todos");
  assertEquals(tokens.verify(t.replace("dfs.todos.", "dfs.other.")), undefined);
  assertEquals(tokens.verify(`${t.slice(0, -2)}xx`), undefined);
  assertEquals(createStoreTokens().verify(t), undefined, "another platform's key");
  assertEquals(tokens.verify("admin"), undefined);
});
