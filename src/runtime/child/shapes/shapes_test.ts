import { deepStrictEqual as assertEquals, match, ok, throws } from "node:assert/strict";
import { type CallFacts, lambdaResponse, paramNames, resolveShape } from "./mod.ts";
import type { Registrations } from "./types.ts";

const facts = (): CallFacts => ({
  requestId: "r1",
  functionName: "fn",
  path: "/",
  signal: new AbortController().signal,
  clientIp: "10.0.0.9",
  env: { GREETING: "hi" },
  completed: Promise.resolve(),
  deadline: Date.now() + 1000,
  memoryMb: 128,
});
const reg = (): Registrations => ({ gcf: new Map(), azure: new Map() });
const settings = { shape: "auto" as const, lambdaEvent: "v1" as const };

async function call(mod: Record<string, unknown>, req = new Request("http://h/p?x=1"), r = reg()) {
  const resolved = resolveShape(mod, r, settings);
  const res = await resolved.call(req, facts());
  return { shape: resolved.shape, status: res.status, text: await res.text(), res };
}

Deno.test("paramNames() reads arrows, functions, methods, rest and destructured parameters", () => {
  assertEquals(paramNames((req: unknown, res: unknown) => [req, res]), ["req", "res"]);
  assertEquals(
    paramNames(async function handler(event: unknown) {
      return await event;
    }),
    ["event"],
  );
  assertEquals(
    paramNames(
      {
        fetch(request: unknown, env: unknown) {
          return [request, env];
        },
      }.fetch,
    ),
    ["request", "env"],
  );
  assertEquals(paramNames((request: unknown, ...rest: unknown[]) => [request, rest]), [
    "request",
    "...rest",
  ]);
  assertEquals(paramNames(({ a }: { a: number }, b = 2) => a + b), ["?", "?"]);
});

Deno.test("resolveShape() tells the shapes apart by what is exported and the parameter names", async () => {
  assertEquals((await call({ default: (req: Request) => new URL(req.url).pathname })).text, "/p");
  const workers = await call({
    default: { fetch: (_r: Request, env: { GREETING: string }) => env.GREETING },
  });
  assertEquals([workers.shape, workers.text], ["workers", "hi"]);
  const express = await call({
    default: (req: { query: { x: string } }, res: { json(v: unknown): void }) =>
      res.json(req.query),
  });
  assertEquals([express.shape, express.text], ["express", '{"x":"1"}']);
  const azure = await call({
    default: async (context: { res?: unknown }, req: { query: { x: string } }) => {
      context.res = await { body: `x=${req.query.x}` };
    },
  });
  assertEquals([azure.shape, azure.text], ["azure", "x=1"]);
  const openfaas = await call({
    default: (
      event: { query: unknown },
      context: { status(n: number): { succeed(v: unknown): void } },
    ) => context.status(202).succeed(event.query),
  });
  assertEquals([openfaas.shape, openfaas.status, openfaas.text], ["openfaas", 202, '{"x":"1"}']);
  const lambda = await call({
    handler: (event: { path: string }) => ({ statusCode: 201, body: event.path }),
  });
  assertEquals([lambda.shape, lambda.status, lambda.text], ["lambda", 201, "/p"]);
  const methods = await call({ GET: () => "got", POST: () => "posted" });
  assertEquals([methods.shape, methods.text], ["vercel", "got"]);
  const r = reg();
  r.gcf.set("hello", (_req, res) => (res as { send(s: string): void }).send("gcf"));
  assertEquals((await call({}, undefined, r)).text, "gcf");
  const ctx = await call({ default: (_req: Request, context: { ip: string }) => context.ip });
  assertEquals(ctx.text, "10.0.0.9");
});

Deno.test("resolveShape() says what a module has when nothing is a handler", () => {
  throws(() => resolveShape({ a: 1 }, reg(), settings), /no handler: the module has exports a/);
  throws(
    () => resolveShape({ default: () => 1 }, reg(), { ...settings, handler: "nope" }),
    /handler "nope" is not a function the module exports/,
  );
  throws(
    () =>
      resolveShape({ constructor: () => 1 } as never, reg(), { ...settings, handler: "toString" }),
    /handler "toString" is not a function/,
  );
});

Deno.test("a throwing handler of any shape answers the contract's 500", async () => {
  const res = await call({
    handler: () => {
      throw new Error("boom");
    },
  });
  assertEquals(res.status, 500);
  match(res.text, /"error":"boom","code":"function_error","function":"fn","requestId":"r1"/);
});

Deno.test("lambdaResponse() maps results as API Gateway v1 and v2 do", async () => {
  const v1 = lambdaResponse({
    statusCode: 200,
    multiValueHeaders: { "x-a": ["1", "2"] },
    body: "aGk=",
    isBase64Encoded: true,
  }, "v1");
  assertEquals([v1.headers.get("x-a"), await v1.text()], ["1, 2", "hi"]);
  assertEquals(lambdaResponse({ ok: true }, "v1").status, 502);
  const v2 = lambdaResponse({ ok: true }, "v2");
  assertEquals([v2.status, await v2.text()], [200, '{"ok":true}']);
  const cookies = lambdaResponse({ statusCode: 204, cookies: ["a=1", "b=2"] }, "v2");
  assertEquals(cookies.headers.getSetCookie(), ["a=1", "b=2"]);
  ok(cookies.body === null);
});

Deno.test("a web handler that answers without a promise gets its Response back directly", async () => {
  const sync = resolveShape({ default: (_req: Request) => "hi" }, reg(), settings);
  const res = sync.call(new Request("http://h/"), facts());
  ok(res instanceof Response, "no promise in between");
  assertEquals(await res.text(), "hi");
  const thrown = resolveShape(
    {
      default: (_req: Request) => {
        throw new Error("boom");
      },
    },
    reg(),
    settings,
  );
  assertEquals((await thrown.call(new Request("http://h/"), facts())).status, 500);
  const rejected = resolveShape(
    {
      default: (_req: Request) => Promise.reject(new Error("late boom")),
    },
    reg(),
    settings,
  );
  assertEquals((await rejected.call(new Request("http://h/"), facts())).status, 500);
});
