// Tests hello in-process with denofn/micro/testing: no server, no platform.
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { invoke } from "denofn/micro/testing";
import handler from "./index.ts";

Deno.test("hello greets the name in the query, or the world", async () => {
  assertEquals(await (await invoke(handler, "/?name=Ada")).text(), "Hello, Ada!");
  assertEquals(await (await invoke(handler, "/")).text(), "Hello, world!");
});
