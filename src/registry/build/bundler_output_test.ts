import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { bundlerError, isChatter, stripAnsi } from "./bundler_output.ts";

Deno.test("bundlerError() keeps the precise error and drops banner, backtrace and colors", () => {
  const lines = [
    "\u001b[33m⚠️\u001b[0m  \u001b[36mdeno bundle\u001b[0m is experimental and subject to changes",
    '\u001b[1m\u001b[31merror\u001b[0m: Module not found "file:///f/nope.ts".',
    "    at file:///f/index.ts:1:15",
    "\u001b[1m\u001b[31merror\u001b[0m: bundling failed",
    "",
    "Stack backtrace:",
    "   0: <unknown>",
  ];
  assertEquals(
    bundlerError(lines, 1),
    'Module not found "file:///f/nope.ts".\n    at file:///f/index.ts:1:15',
  );
});

Deno.test("bundlerError() falls back to the exit code when stderr says nothing", () => {
  assertEquals(bundlerError([], 3), "deno bundle exited with code 3");
  assertEquals(bundlerError(["error: bundling failed"], 1), "bundling failed");
});

Deno.test("stripAnsi() and isChatter()", () => {
  assertEquals(stripAnsi("\u001b[32mBundled\u001b[0m x"), "Bundled x");
  assertEquals(isChatter("Bundled 5 modules in 14ms"), true);
  assertEquals(isChatter("  ../out/.staging/hello.d6730db2.js 1.02KB"), true);
  assertEquals(isChatter("Download https://registry.npmjs.org/zod"), false);
});
