import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { handlerProblems, parseHandlerRef } from "./handler_ref.ts";
import { parseManifest } from "./mod.ts";

Deno.test("parseHandlerRef() reads Lambda, GCF and bare handler names", () => {
  assertEquals(parseHandlerRef("app.lambdaHandler"), { file: "app", name: "lambdaHandler" });
  assertEquals(parseHandlerRef("src/app.handler"), { file: "src/app", name: "handler" });
  assertEquals(parseHandlerRef("main.py:hello_http"), { file: "main.py", name: "hello_http" });
  assertEquals(parseHandlerRef("hello_http"), { name: "hello_http" });
});

Deno.test("handlerProblems() refuses names outside the module and files outside the folder", () => {
  for (const ok of ["app.lambdaHandler", "main.py:hello_http", "HttpTrigger/__init__.main", "$x"]) {
    assertEquals(handlerProblems(ok), [], ok);
  }
  for (const bad of ["index.__proto__", "app.constructor", "x.prototype", "__import__", "a.b-c"]) {
    match(handlerProblems(bad).join(), /must end in an exported name/, bad);
  }
  for (const bad of ["../../etc/passwd.read", "/etc/passwd.read", "a/../../b.c", ".hidden.x"]) {
    match(handlerProblems(bad).join(), /names file/, bad);
  }
  match(handlerProblems("a".repeat(300)).join(), /at most 256/);
});

Deno.test("the manifest takes shape, handler, path and lambda, and names a bad one", () => {
  const m = parseManifest({
    shape: "lambda",
    handler: "app.h",
    path: "keep",
    lambda: { event: "v2" },
  });
  assertEquals([m.shape, m.handler, m.path, m.lambda.event], ["lambda", "app.h", "keep", "v2"]);
  const d = parseManifest({});
  assertEquals([d.shape, d.path, d.lambda.event], ["auto", "strip", "v1"]);
  let error = "";
  try {
    parseManifest({ shape: "cobol" });
  } catch (e) {
    error = (e as Error).message;
  }
  match(error, /shape: /);
});
