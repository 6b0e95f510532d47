import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { join } from "node:path";
import { HELLO, startFixture, waitFor, writeFunction } from "./_test_util.ts";
import type { FunctionRecord } from "../manifest/record.ts";

const TESTED = {
  "registry.json": JSON.stringify({ test: { expect: { bodyContains: "hello" } } }),
};

/** A verify that imports the staged bundle and checks its answer, like a fresh instance would. */
function bundleVerify(seen: FunctionRecord[]) {
  return async (record: FunctionRecord, outDir: string) => {
    seen.push(record);
    const mod = await import(`file://${join(outDir, record.bundle!)}`);
    const body = String(await mod.default());
    const expected = record.manifest?.test?.expect.bodyContains ?? "";
    return body.includes(expected) ? undefined : `body "${body}" lacks "${expected}"`;
  };
}

Deno.test("registry tests a staged build before moving it into place", async () => {
  const seen: FunctionRecord[] = [];
  const verify = bundleVerify(seen);
  await using fx = await startFixture(
    (dir) => writeFunction(dir, "t", { ...HELLO, ...TESTED }),
    ({ outDir }) => ({ verify: (r) => verify(r, outDir) }),
  );
  const record = (await fx.record("t"))!;
  assertEquals([record.status, record.bundle, record.error], ["ready", "t.js", undefined]);
  assertEquals(seen.length, 1);
  ok(seen[0].bundle?.startsWith(".staging/t."), seen[0].bundle);
  assertEquals([...Deno.readDirSync(join(fx.outDir, ".staging"))], []);
});

Deno.test("registry keeps serving the old build when a new one fails its test", async () => {
  const verify = bundleVerify([]);
  await using fx = await startFixture(
    (dir) => writeFunction(dir, "t", { ...HELLO, ...TESTED }),
    ({ outDir }) => ({ verify: (r) => verify(r, outDir) }),
  );
  const good = (await fx.record("t"))!;
  assertEquals(good.status, "ready");
  await writeFunction(fx.inDir, "t", { "index.ts": 'export default () => "broken";\n' });
  const kept = await waitFor(async () => {
    const r = await fx.record("t");
    return r?.error !== undefined && r;
  }, "the failed test to be recorded");
  assertEquals([kept.status, kept.hash], ["ready", good.hash]);
  ok(
    kept.error?.match(
      new RegExp(
        `^build [0-9a-f]{8} failed: its test failed: body "broken" lacks "hello"; still serving ${
          good.hash.slice(0, 8)
        }$`,
      ),
    ),
    kept.error,
  );
  ok((await Deno.readTextFile(join(fx.outDir, "t.js"))).includes('"hello"'));
  assertEquals(kept.failedBuild?.error, 'its test failed: body "broken" lacks "hello"');
  assertEquals(kept.failedBuild?.hash === good.hash, false);
});

Deno.test("registry fails a first build that fails its test", async () => {
  await using fx = await startFixture(
    (dir) => writeFunction(dir, "t", { ...HELLO, ...TESTED }),
    { verify: () => Promise.resolve("status 500, expected 200") },
  );
  const record = await fx.record("t");
  assertEquals(record?.status, "failed");
  ok(
    record?.error?.match(/^its test failed: status 500, expected 200$/),
    record?.error,
  );
  await Deno.stat(join(fx.outDir, "t.js")).then(() => ok(false, "t.js written"), () => {});
});

Deno.test("registry skips verify for functions without a test", async () => {
  let calls = 0;
  await using fx = await startFixture(
    (dir) => writeFunction(dir, "t", HELLO),
    { verify: () => (calls++, Promise.resolve("never")) },
  );
  assertEquals([(await fx.record("t"))?.status, calls], ["ready", 0]);
});
