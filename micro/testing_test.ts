import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createHandler } from "./create_handler.ts";
import { invoke } from "./testing.ts";

const echo = createHandler(async (req, ctx) => ({
  method: req.method,
  path: ctx.path,
  query: new URL(req.url).search,
  header: req.headers.get("x-a"),
  body: await req.text(),
  fn: ctx.functionName,
}));

Deno.test("invoke() builds a GET from a path", async () => {
  const res = await invoke(echo, "/a/b?x=1");
  assertEquals(await res.json(), {
    method: "GET",
    path: "/a/b",
    query: "?x=1",
    header: null,
    body: "",
    fn: "test",
  });
});

Deno.test("invoke() takes a plain request description and a partial context", async () => {
  const res = await invoke(
    echo,
    { method: "post", path: "/", headers: { "x-a": "1" }, body: "hello" },
    { functionName: "echo" },
  );
  assertEquals(await res.json(), {
    method: "POST",
    path: "/",
    query: "",
    header: "1",
    body: "hello",
    fn: "echo",
  });
});

Deno.test("invoke() passes a Request through", async () => {
  const res = await invoke({ fetch: (req: Request) => req.url }, new Request("http://h/z"));
  assertEquals(await res.text(), "http://h/z");
});
