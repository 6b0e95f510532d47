import {
  deepStrictEqual as assertEquals,
  strictEqual as assertStrictEquals,
} from "node:assert/strict";
import { toResponse } from "./to_response.ts";

Deno.test("toResponse() makes a string 200 text/plain", async () => {
  const res = toResponse("hi");
  assertEquals(res.status, 200);
  assertEquals(res.headers.get("content-type"), "text/plain; charset=utf-8");
  assertEquals(await res.text(), "hi");
});

Deno.test("toResponse() passes a Response through as is", () => {
  const original = new Response("x", { status: 201 });
  assertStrictEquals(toResponse(original), original);
});

Deno.test("toResponse() makes undefined 204 with no body", async () => {
  const res = toResponse(undefined);
  assertEquals(res.status, 204);
  assertEquals(await res.text(), "");
});

Deno.test("toResponse() makes other values 200 JSON", async () => {
  for (const value of [{ a: [1, "b", null] }, [1, 2], 42, false, null]) {
    const res = toResponse(value);
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("content-type"), "application/json");
    assertEquals(await res.json(), value);
  }
});
