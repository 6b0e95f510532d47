import { deepStrictEqual as assertEquals, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { resolveHandler } from "../../micro/mod.ts";
import { HELLO, startFixture, writeFunction } from "./_test_util.ts";

const ctx = { requestId: "r1", functionName: "t", path: "/", signal: new AbortController().signal };

Deno.test("registry builds a valid function into a ready record and a runnable bundle", async () => {
  await using fx = await startFixture((dir) => writeFunction(dir, "hello", HELLO));
  const record = await fx.record("hello");
  assertEquals([record?.status, record?.bundle, record?.runtime], ["ready", "hello.js", "deno"]);
  ok(record?.hash.match(/^[0-9a-f]{64}$/));
  assertEquals(record?.sourceDir, join(fx.inDir, "hello"));
  const mod = await import(`file://${join(fx.outDir, "hello.js")}`);
  const res = await resolveHandler(mod.default)(new Request("http://x/"), ctx);
  assertEquals(await res.text(), "hello");
  match(fx.lines.join("\n"), /\[registry\] hello: built in \d+ ms \(\d+ B\)/);
  assertEquals(fx.registry.list().map((r) => r.name), ["hello"]);
});

Deno.test("registry bundles denofn/micro and npm: imports", async () => {
  await using fx = await startFixture(async (dir) => {
    await writeFunction(dir, "micro", {
      "index.ts": 'import { createHandler } from "denofn/micro";\n' +
        "export default createHandler((_req, ctx) => ({ path: ctx.path }));\n",
    });
    await writeFunction(dir, "npm", {
      "index.ts": 'import { z } from "npm:zod@4.6.7";\n' +
        "export default () => z.object({ n: z.number() }).parse({ n: 1 });\n",
    });
  });
  for (const name of ["micro", "npm"]) {
    const record = await fx.record(name);
    assertEquals(record?.status, "ready", record?.error);
    const mod = await import(`file://${join(fx.outDir, `${name}.js`)}?v=${record?.hash}`);
    const res = await resolveHandler(mod.default)(new Request("http://x/"), ctx);
    assertEquals(res.status, 200);
  }
});

Deno.test("registry fails a bad registry.json with a message naming the key", async () => {
  await using fx = await startFixture(async (dir) => {
    await writeFunction(dir, "typo", { ...HELLO, "registry.json": '{"permisions": {}}' });
    await writeFunction(dir, "badtype", { ...HELLO, "registry.json": '{"timeoutMs": "5"}' });
    await writeFunction(dir, "notjson", { ...HELLO, "registry.json": "{" });
    await writeFunction(dir, "escape", {
      ...HELLO,
      "registry.json": '{"permissions": {"read": ["../secrets"]}}',
    });
  });
  const errors = Object.fromEntries(
    await Promise.all(["typo", "badtype", "notjson", "escape"].map(async (name) => {
      const record = await fx.record(name);
      assertEquals(record?.status, "failed");
      assertEquals(record?.bundle, undefined);
      return [name, record?.error ?? ""];
    })),
  );
  match(errors.typo, /unknown key "permisions"/);
  match(errors.badtype, /timeoutMs/);
  match(errors.notjson, /not valid JSON/);
  match(
    errors.escape,
    /permissions\.read\[0\]: "\.\.\/secrets" must be a relative path that stays inside/,
  );
  match(fx.lines.join("\n"), /\[registry\] typo: build failed: Invalid registry.json/);
});

Deno.test("registry fails bad code with the bundler's message, and a module without handler", async () => {
  await using fx = await startFixture(async (dir) => {
    await writeFunction(dir, "syntax", { "index.ts": "export default function ( {\n" });
    await writeFunction(dir, "nodefault", { "index.ts": "export const a = 1;\n" });
    await writeFunction(dir, "noexport", { "index.ts": 'console.log("hi");\n' });
    await writeFunction(dir, "noimport", {
      "index.ts": 'import x from "./nope.ts";\nexport default x;\n',
    });
    await writeFunction(dir, "script", {
      "index.ts": 'console.log("hi");\n',
      "registry.json": '{"mode": "stdin"}',
    });
  });
  const syntax = await fx.record("syntax");
  assertEquals(syntax?.status, "failed");
  match(syntax?.error ?? "", /SyntaxError/);
  ok(!(syntax?.error ?? "").includes("\u001b["), "no ANSI codes");
  ok(!/Stack backtrace|experimental/.test(syntax?.error ?? ""), syntax?.error);
  // Named exports may be a handler (Lambda's `handler`, Vercel's `GET`): the runner checks.
  assertEquals((await fx.record("nodefault"))?.exports, ["a"]);
  match((await fx.record("noexport"))?.error ?? "", /index\.ts has no handler/);
  match((await fx.record("noimport"))?.error ?? "", /Module not found "nope\.ts"/);
  assertEquals((await fx.record("script"))?.status, "ready");
});

Deno.test("registry fails a folder without entry, and an unknown runtime", async () => {
  await using fx = await startFixture(async (dir) => {
    await writeFunction(dir, "empty", { "README.md": "nothing\n" });
    await writeFunction(dir, "ruby", { ...HELLO, "registry.json": '{"runtime": "ruby"}' });
    await writeFunction(dir, "named", {
      "src/app.ts": HELLO["index.ts"],
      "registry.json": '{"entry": "src/app.ts"}',
    });
  });
  match((await fx.record("empty"))?.error ?? "", /looked for index\.ts, index\.js, main\.ts/);
  assertEquals((await fx.record("ruby"))?.error, "runtime ruby: no template templates/ruby");
  assertEquals((await fx.record("named"))?.status, "ready");
});

Deno.test("registry skips folders with invalid names, with a warning", async () => {
  await using fx = await startFixture(async (dir) => {
    await writeFunction(dir, "Bad Name", HELLO);
    await writeFunction(dir, "ok", HELLO);
  });
  assertEquals(fx.registry.list().map((r) => r.name), ["ok"]);
  match(fx.lines.join("\n"), /skipping .*Bad Name: "Bad Name" is not a valid function name/);
});

Deno.test("registry hands other runtimes to their builder", async () => {
  const seen: string[] = [];
  await using fx = await startFixture(
    (dir) =>
      writeFunction(dir, "py", {
        "main.py": "print(1)\n",
        "registry.json": '{"runtime": "python"}',
      }),
    {
      builders: {
        python: {
          build: (
            c,
          ) => (seen.push(c.name),
            Promise.resolve({ image: `fn-${c.name}:${c.hash.slice(0, 8)}` })),
        },
      },
    },
  );
  const record = await fx.record("py");
  assertEquals([record?.status, record?.runtime, record?.bundle], ["ready", "python", undefined]);
  match(record?.image ?? "", /^fn-py:[0-9a-f]{8}$/);
  assertEquals(seen, ["py"]);
});

Deno.test("registry removes records of functions whose folder is gone at start", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(root, "old.js"), "export default 1");
    const stale = {
      name: "old",
      status: "ready",
      hash: "x",
      runtime: "deno",
      builtAt: "",
      buildMs: 1,
      sourceDir: "/nope",
      bundle: "old.js",
    };
    await Deno.writeTextFile(join(root, "old.json"), JSON.stringify(stale));
    await using fx = await startFixture(undefined, { outDir: root });
    assertEquals(fx.registry.list(), []);
    await Deno.stat(join(root, "old.json")).then(() => ok(false, "old.json left"), () => {});
    await Deno.stat(join(root, "old.js")).then(() => ok(false, "old.js left"), () => {});
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});
