import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { join } from "node:path";
import { type CatalogEvent, watchCatalog } from "./catalog.ts";
import { HELLO, startFixture, waitFor, writeFunction } from "../_test_util.ts";

const summary = (e: CatalogEvent) =>
  e.type === "upsert" ? `upsert ${e.record.name} ${e.record.status}` : `remove ${e.name}`;

Deno.test("watchCatalog() lists records at start, then sees upserts and removes", async () => {
  await using fx = await startFixture((dir) => writeFunction(dir, "a", HELLO));
  const events: CatalogEvent[] = [];
  const logs: string[] = [];
  const catalog = watchCatalog(fx.outDir, (e) => events.push(e), { log: (l) => logs.push(l) });
  try {
    assertEquals((await catalog.initial).map((r) => r.name), ["a"]);

    await writeFunction(fx.inDir, "b", { "index.ts": "export default () => {\n" });
    await waitFor(() => events.some((e) => summary(e) === "upsert b failed"), "b failed");

    await writeFunction(fx.inDir, "a", { "index.ts": 'export default () => "v2";\n' });
    const hashA = await waitFor(
      () => events.find((e) => summary(e) === "upsert a ready"),
      "a upsert",
    );
    assertEquals(hashA.type === "upsert" && hashA.record.hash, (await fx.record("a"))?.hash);

    await Deno.remove(join(fx.inDir, "b"), { recursive: true });
    await waitFor(() => events.some((e) => summary(e) === "remove b"), "b removed");

    await Deno.writeTextFile(join(fx.outDir, "junk.json"), "{ not json");
    await Deno.writeTextFile(join(fx.outDir, "other.json"), '{"name": "other"}');
    await Deno.writeTextFile(join(fx.outDir, ".hidden.json"), "{");
    await waitFor(() => logs.length >= 2, "invalid records to be logged");
    match(logs.join("\n"), /junk\.json.*JSON/);
    match(logs.join("\n"), /other\.json/);
    assertEquals(events.map(summary), ["upsert b failed", "upsert a ready", "remove b"]);
  } finally {
    catalog.close();
  }
});

Deno.test("watchCatalog() emits nothing when a record is rewritten unchanged", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const record = {
      name: "x",
      status: "failed",
      hash: "h",
      runtime: "deno",
      builtAt: "t",
      buildMs: 1,
      sourceDir: "/x",
      error: "e",
    };
    await Deno.writeTextFile(join(dir, "x.json"), JSON.stringify(record));
    const events: CatalogEvent[] = [];
    const catalog = watchCatalog(dir, (e) => events.push(e));
    try {
      assertEquals((await catalog.initial).map((r) => r.error), ["e"]);
      await Deno.writeTextFile(join(dir, "x.json"), JSON.stringify(record));
      await new Promise((r) => setTimeout(r, 150));
      assertEquals(events, []);
      await Deno.writeTextFile(join(dir, "x.json"), JSON.stringify({ ...record, error: "f" }));
      await waitFor(() => events.length === 1, "one upsert");
    } finally {
      catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
