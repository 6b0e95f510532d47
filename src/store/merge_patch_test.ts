import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { mergePatch } from "./merge_patch.ts";

Deno.test("mergePatch() follows RFC 7396's examples", () => {
  assertEquals(mergePatch({ a: "b" }, { a: "c" }), { a: "c" });
  assertEquals(mergePatch({ a: "b" }, { b: "c" }), { a: "b", b: "c" });
  assertEquals(mergePatch({ a: "b" }, { a: null }), {});
  assertEquals(mergePatch({ a: [{ b: "c" }] }, { a: [1] }), { a: [1] });
  assertEquals(mergePatch(["a", "b"], ["c", "d"]), ["c", "d"]);
  assertEquals(mergePatch({ a: "foo" }, "bar"), "bar");
  assertEquals(mergePatch({ e: null }, { a: 1 }), { e: null, a: 1 });
  assertEquals(mergePatch([1, 2], { a: "b", c: null }), { a: "b" });
  assertEquals(mergePatch({}, { a: { bb: { ccc: null } } }), { a: { bb: {} } });
});
