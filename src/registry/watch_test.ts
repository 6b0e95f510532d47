import { deepStrictEqual as assertEquals, notDeepStrictEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import { HELLO, startFixture, waitFor, writeFunction } from "./_test_util.ts";

const builds = (lines: string[], name: string) =>
  lines.filter((l) => l.startsWith(`[registry] ${name}: built in `)).length;

Deno.test("registry rebuilds an edited function with a new hash", async () => {
  await using fx = await startFixture((dir) => writeFunction(dir, "hi", HELLO));
  const before = await fx.record("hi");
  await writeFunction(fx.inDir, "hi", { "index.ts": 'export default () => "changed";\n' });
  const after = await waitFor(async () => {
    const r = await fx.record("hi");
    return r?.hash !== before?.hash && r;
  }, "a rebuild");
  notDeepStrictEqual(after.hash, before?.hash);
  ok((await Deno.readTextFile(join(fx.outDir, "hi.js"))).includes("changed"));
});

Deno.test("registry does not rebuild when the content is the same", async () => {
  await using fx = await startFixture((dir) => writeFunction(dir, "hi", HELLO));
  await writeFunction(fx.inDir, "hi", HELLO); // same bytes, new mtime
  await writeFunction(fx.inDir, "hi", { ".index.ts.swp": "editor noise" });
  await new Promise((r) => setTimeout(r, 300));
  await fx.registry.close();
  assertEquals(builds(fx.lines, "hi"), 1);
});

Deno.test("registry builds a new folder and unregisters a deleted one", async () => {
  await using fx = await startFixture();
  await writeFunction(fx.inDir, "late", HELLO);
  await waitFor(async () => (await fx.record("late"))?.status === "ready", "late to build");
  ok(await Deno.stat(join(fx.outDir, "late.js")));
  await Deno.remove(join(fx.inDir, "late"), { recursive: true });
  await waitFor(async () => (await fx.record("late")) === undefined, "late.json to go");
  await Deno.stat(join(fx.outDir, "late.js")).then(() => ok(false, "late.js left"), () => {});
  assertEquals(fx.registry.list(), []);
  ok(fx.lines.includes("[registry] removed late"));
});

Deno.test("registry coalesces a burst of edits into few builds ending on the last content", async () => {
  // A quiet time far longer than the gaps between edits, so a loaded machine coalesces too.
  await using fx = await startFixture((dir) => writeFunction(dir, "hi", HELLO), {
    debounceMs: 400,
  });
  for (let i = 0; i < 20; i++) {
    await writeFunction(fx.inDir, "hi", { "index.ts": `export default () => "v${i}";\n` });
    await new Promise((r) => setTimeout(r, 5));
  }
  await waitFor(async () => {
    const js = await Deno.readTextFile(join(fx.outDir, "hi.js"));
    return js.includes('"v19"');
  }, "the last edit to be served");
  await new Promise((r) => setTimeout(r, 200));
  await fx.registry.close();
  const count = builds(fx.lines, "hi");
  // The first build at start, then one (at most two) for the whole burst.
  ok(count >= 2 && count <= 3, `expected 2 or 3 builds, got ${count}`);
});

Deno.test("rebuild() builds on demand and rejects unknown functions", async () => {
  await using fx = await startFixture((dir) => writeFunction(dir, "hi", HELLO));
  const first = await fx.record("hi");
  const again = await fx.registry.rebuild("hi");
  assertEquals(again.hash, first?.hash);
  ok(again.builtAt >= (first?.builtAt ?? ""));
  await fx.registry.rebuild("nope").then(() => ok(false), (e) => assertEquals(e.status, 404));
  await fx.registry.rebuild("../x").then(() => ok(false), (e) => assertEquals(e.status, 400));
});
