import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { invoke, useMemoryStore } from "../../micro/testing.ts";
import { startFixture } from "./_test_util.ts";

const EXAMPLES = fileURLToPath(new URL("../../registry_in/", import.meta.url));
const NAMES = ["echo", "hello", "reader", "todos", "todos-log", "wordcount"];

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/** Runs `deno run <args>` the way a sandbox would: the function folder as cwd, narrow flags. */
async function run(cwd: string, args: string[], stdin: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--no-lock", ...args],
    cwd,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("the shipped examples build and answer", async () => {
  await using fx = await startFixture(async (inDir) => {
    for (const name of NAMES) await copyDir(join(EXAMPLES, name), join(inDir, name));
  });
  const records = fx.registry.list();
  assertEquals(
    records.map((r) => [r.name, r.status, r.error]),
    NAMES.map((n) => [n, "ready", undefined]),
  );
  const load = async (name: string) =>
    (await import(`file://${join(fx.outDir, `${name}.js`)}`)).default;

  assertEquals(await (await invoke(await load("hello"), "/?name=Ada")).text(), "Hello, Ada!");
  const echoed = await invoke(await load("echo"), {
    method: "POST",
    headers: { "content-type": "text/csv" },
    body: "a,b",
  });
  assertEquals([echoed.headers.get("content-type"), await echoed.text()], ["text/csv", "a,b"]);
  const todos = await load("todos");
  const restore = useMemoryStore(); // reaches the bundle's copy of the store client too
  try {
    await invoke(todos, { method: "POST", path: "/", body: '{"title":"t"}' });
    assertEquals(await (await invoke(todos, "/1")).json(), { id: 1, title: "t", done: false });
  } finally {
    restore();
  }

  const readerBundle = join(fx.outDir, "reader.js");
  const quote = await run(
    join(fx.inDir, "reader"),
    [`--allow-read=${readerBundle},data`, "-"],
    [
      `const m = await import(${JSON.stringify(`file://${readerBundle}`)});`,
      "console.log(await m.default());",
    ].join("\n"),
  );
  assertEquals(quote.includes("Dijkstra"), true);

  const wc = await run(
    join(fx.inDir, "wordcount"),
    [join(fx.outDir, "wordcount.js")],
    "one two\nthree\n",
  );
  assertEquals(JSON.parse(wc), { words: 3, lines: 2, chars: 14 });
});
