import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { createHandler } from "./create_handler.ts";
import { resolveHandler } from "./resolve_handler.ts";
import type { Context } from "./types.ts";

const ctx: Context = {
  requestId: "r-1",
  functionName: "demo",
  path: "/x",
  signal: new AbortController().signal,
};
const req = () => new Request("http://fn.test/x");

Deno.test("resolveHandler() accepts createHandler, a plain function and an object with fetch", async () => {
  const shapes = [
    createHandler((_req, c) => `hi ${c.path}`),
    (_req: Request, c: Context) => `hi ${c.path}`,
    { fetch: (_req: Request, c: Context) => Promise.resolve(`hi ${c.path}`) },
  ];
  for (const shape of shapes) {
    const res = await resolveHandler(shape)(req(), ctx);
    assertEquals([res.status, await res.text()], [200, "hi /x"]);
  }
});

Deno.test("resolveHandler() keeps `this` for an object with fetch", async () => {
  const obj = {
    greeting: "yo",
    fetch() {
      return this.greeting;
    },
  };
  const res = await resolveHandler(obj)(req(), ctx);
  assertEquals(await res.text(), "yo");
});

Deno.test("resolveHandler() converts JSON and undefined results", async () => {
  const json = await resolveHandler(() => ({ n: 1 }))(req(), ctx);
  assertEquals([json.status, await json.json()], [200, { n: 1 }]);
  const none = await resolveHandler(() => {})(req(), ctx);
  assertEquals(none.status, 204);
});

Deno.test("resolveHandler() turns a throw (sync or async) into a 500 JSON error", async () => {
  const quiet = console.error;
  console.error = () => {};
  try {
    for (
      const fn of [
        () => {
          throw new Error("boom");
        },
        () => Promise.reject(new Error("boom")),
      ]
    ) {
      const res = await resolveHandler(fn)(req(), ctx);
      assertEquals(res.status, 500);
      assertEquals(await res.json(), {
        error: "boom",
        code: "function_error",
        function: "demo",
        requestId: "r-1",
      });
    }
  } finally {
    console.error = quiet;
  }
});

Deno.test("resolveHandler() rejects exports of no known shape", () => {
  for (const bad of [undefined, null, 42, "x", {}, []]) {
    throws(() => resolveHandler(bad), TypeError);
  }
  throws(() => resolveHandler({}), /object without a fetch method/);
});
