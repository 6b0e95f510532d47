import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { join } from "node:path";
import { functionRecordSchema } from "../../manifest/record.ts";
import { startFixture, writeFunction } from "../_test_util.ts";

Deno.test("registry writes are atomic: records always parse and no temp file is left", async () => {
  await using fx = await startFixture((dir) =>
    writeFunction(dir, "a", { "index.ts": 'export default () => "v0";\n' })
  );
  let reads = 0;
  let stop = false;
  const reader = (async () => {
    while (!stop) {
      const text = await Deno.readTextFile(join(fx.outDir, "a.json"));
      functionRecordSchema.parse(JSON.parse(text)); // throws on a partial file
      const js = await Deno.readTextFile(join(fx.outDir, "a.js"));
      ok(js.includes("export"), "bundle is whole");
      reads++;
      await new Promise((r) => setTimeout(r, 1));
    }
  })();
  const deadline = Date.now() + 5_000;
  for (let i = 1; i <= 8 && Date.now() < deadline; i++) {
    await writeFunction(fx.inDir, "a", { "index.ts": `export default () => "v${i}";\n` });
    const record = await fx.registry.rebuild("a");
    assertEquals(record.status, "ready");
  }
  stop = true;
  await reader;
  ok(reads > 10, `only ${reads} reads`);
  const leftovers = [...Deno.readDirSync(fx.outDir)].map((e) => e.name)
    .filter((n) => n.endsWith(".tmp"));
  assertEquals(leftovers, []);
  assertEquals([...Deno.readDirSync(join(fx.outDir, ".staging"))], []);
});
