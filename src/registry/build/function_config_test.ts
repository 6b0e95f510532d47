import { deepStrictEqual as assertEquals, match, throws } from "node:assert/strict";
import { buildConfigFrom, parseJsonc } from "./function_config.ts";

const roots = { sourceDir: "/fns/hello", microDir: "/app/micro" };
const micro = { "denofn/micro": "file:///app/micro/mod.ts" };
const build = (json: unknown) => buildConfigFrom(JSON.stringify(json), "deno.json", roots, micro);

Deno.test("parseJsonc() reads comments and trailing commas, and keeps them inside strings", () => {
  assertEquals(
    parseJsonc('{ // c\n "a": "x // y", /* z */ "b": [1, 2,], }'),
    { a: "x // y", b: [1, 2] },
  );
});

Deno.test("buildConfigFrom() keeps imports, scopes and compilerOptions with absolute local targets", () => {
  assertEquals(
    build({
      imports: { "lib/": "./lib/", zod: "npm:zod@4", std: "jsr:@std/path" },
      scopes: { "./vendor/": { a: "./vendor/a.ts" } },
      compilerOptions: { jsx: "react-jsx" },
      tasks: { dev: "deno run main.ts" },
      fmt: { lineWidth: 80 },
    }),
    {
      imports: {
        "lib/": "file:///fns/hello/lib/",
        zod: "npm:zod@4",
        std: "jsr:@std/path",
        "denofn/micro": "file:///app/micro/mod.ts",
      },
      scopes: { "file:///fns/hello/vendor/": { a: "file:///fns/hello/vendor/a.ts" } },
      compilerOptions: { jsx: "react-jsx" },
      nodeModulesDir: "none",
      lock: false,
    },
  );
  assertEquals(build({ imports: { "denofn/micro": "/app/micro/mod.ts" } }).imports, {
    "denofn/micro": "file:///app/micro/mod.ts",
  });
});

Deno.test("buildConfigFrom() refuses keys that change what is loaded, naming each", () => {
  for (const key of ["importMap", "unstable", "nodeModulesDir", "vendor", "workspace", "links"]) {
    throws(() => build({ [key]: "x" }), new RegExp(`key "${key}" is refused`));
  }
});

Deno.test("buildConfigFrom() refuses targets outside the function folder, naming the key", () => {
  const cases: [unknown, RegExp][] = [
    [
      { imports: { secret: "../../canary.txt" } },
      /imports\."secret": "\.\.\/\.\.\/canary\.txt" points outside/,
    ],
    [{ imports: { p: "/etc/passwd" } }, /imports\."p": "\/etc\/passwd" points outside/],
    [{ imports: { p: "file:///etc/" } }, /imports\."p": "file:\/\/\/etc\/" points outside/],
    [{ scopes: { "./x/": { a: "../other/a.ts" } } }, /scopes\."\.\/x\/"\."a": .* points outside/],
    [{ imports: { a: "lodash" } }, /imports\."a": "lodash" is neither a relative path/],
  ];
  for (const [json, pattern] of cases) {
    throws(
      () => build(json),
      (e: Error) => (match(e.message, /^Cannot use deno\.json: /), match(e.message, pattern), true),
    );
  }
});
