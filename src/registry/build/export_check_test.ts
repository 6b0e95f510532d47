import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { exportNames, registersHandler } from "./export_check.ts";

Deno.test("exportNames() reads the export statement deno bundle ends a module with", () => {
  const text = 'var a = 1;\nvar x_default = () => "x";\nexport {\n  a,\n  x_default as default,\n' +
    '  a as "weird name"\n};\n\n//# sourceMappingURL=data:application/json;base64,' +
    "A".repeat(200_000) + "\n";
  assertEquals(exportNames(text), ["a", "default", "weird name"]);
});

Deno.test("exportNames() finds nothing in a plain script, even one quoting an export", () => {
  assertEquals(exportNames('console.log(1);\nconst s = "export { a };";\nrun(s);\n'), []);
  assertEquals(exportNames("console.log(1);\n"), []);
});

Deno.test("registersHandler() sees Deno.serve, std serve, fetch listeners and http()", () => {
  assert(registersHandler("Deno.serve(app.fetch);"));
  assert(registersHandler('addEventListener("fetch", (e) => e.respondWith(r));'));
  assert(registersHandler('functions.http("hello", fn);'));
  assert(!registersHandler("console.log(1);"));
});
