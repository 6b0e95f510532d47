import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { gzip, type TarInput, writeTar } from "./tar/mod.ts";
import { startAdminFixture } from "./_test_platform.ts";

const enc = new TextEncoder();
const file = (name: string, text: string): TarInput => ({ name, data: enc.encode(text) });
const manifest = (permissions: Record<string, string[]>) =>
  file("registry.json", JSON.stringify({ permissions }));
const HELLO = file(
  "index.ts",
  "export default (req: Request) => 'hello ' + new URL(req.url).pathname;",
);

async function tgz(entries: TarInput[]): Promise<Uint8Array> {
  return await gzip(writeTar(entries));
}

function put(body: Uint8Array | FormData, type = "application/gzip"): RequestInit {
  const headers: Record<string, string> = body instanceof FormData ? {} : { "content-type": type };
  return { method: "PUT", body: body as BodyInit, headers };
}

Deno.test("admin API answers 401 without a token, with a wrong one, and 200 with the right one", async () => {
  await using fx = await startAdminFixture();
  const none = await fx.app.request("/admin/functions");
  assertEquals(none.status, 401);
  assertEquals((await none.json()).code, "unauthorized");
  assert(none.headers.get("www-authenticate")?.startsWith("Bearer"));
  for (const header of ["Bearer wrong", `Basic ${fx.token}`, `Bearer ${fx.token}x`, "Bearer"]) {
    const r = await fx.app.request("/admin/functions", { headers: { authorization: header } });
    assertEquals(r.status, 401, header);
    await r.body?.cancel();
  }
  const ok = await fx.call("/functions");
  assertEquals(ok.status, 200);
  assertEquals(await ok.json(), { functions: [] });
});

Deno.test("PUT /functions/:name deploys a .tar.gz, builds it, and shows the permission diff", async () => {
  await using fx = await startAdminFixture();
  const first = await fx.call(
    "/functions/hello",
    put(
      await tgz([
        HELLO,
        manifest({ net: ["example.com"], env: ["HOME"] }),
      ]),
    ),
  );
  const body = await first.json();
  assertEquals(first.status, 200, JSON.stringify(body));
  assertEquals(body.created, true);
  assertEquals(body.build.status, "ready");
  assertEquals(body.permissions.firstDeploy, true);
  assertEquals(body.permissions.kinds.net, { granted: ["example.com"], revoked: [] });

  const again = await fx.call(
    "/functions/hello",
    put(
      await tgz([
        HELLO,
        manifest({ net: ["example.com", "api.example.com:443"], read: ["data"] }),
      ]),
    ),
  );
  const diff = (await again.json()).permissions;
  assertEquals(again.status, 200);
  assertEquals(diff.firstDeploy, false);
  assertEquals(diff.changed, true);
  assertEquals(diff.kinds, {
    net: { granted: ["api.example.com:443"], revoked: [] },
    read: { granted: ["data"], revoked: [] },
    env: { granted: [], revoked: ["HOME"] },
  });

  const before = Date.now();
  assertEquals(await fx.fn("hello/x"), "hello /x");
  const list = (await (await fx.call("/functions")).json()).functions;
  assertEquals(list.length, 1);
  assertEquals(list[0].status, "ready");
  assertEquals(list[0].state, "warm");
  assertEquals(list[0].instances.length, 1);
  const { lastInvokedAt, ...counters } = list[0].counters;
  assertEquals(counters, { invocations: 1, errors: 0, coldStarts: 1 });
  assert(lastInvokedAt >= before);
  const detail = await (await fx.call("/functions/hello")).json();
  assertEquals(detail.manifest.permissions.read, ["data"]);
  const net = detail.permissionFlags.find((f: string) => f.startsWith("--allow-net="));
  assert(net?.split("=")[1].split(",").includes("api.example.com:443"), net);
  assertEquals((await fx.call("/functions/nope")).status, 404);
  const logs = await (await fx.call("/functions/hello/logs")).json();
  assert(logs.lines.some((l: { line: string }) => l.line.includes("build ready")));
});

Deno.test("PUT /functions/:name refuses an archive with ../ and keeps the running version", async () => {
  await using fx = await startAdminFixture();
  assertEquals((await fx.call("/functions/hello", put(await tgz([HELLO])))).status, 200);
  for (const evil of ["../evil.ts", "/tmp/denofn-admin-evil.ts", "a/../../evil.ts"]) {
    const r = await fx.call(
      "/functions/hello",
      put(await tgz([file("index.ts", "x"), file(evil, "x")])),
    );
    const body = await r.json();
    assertEquals(r.status, 400, evil);
    assertEquals(body.code, "bad_archive");
  }
  const link = await fx.call(
    "/functions/hello",
    put(
      await tgz([
        file("index.ts", "x"),
        { name: "out", type: "symlink", linkname: "../../.." },
      ]),
    ),
  );
  assertEquals(link.status, 400);
  await link.body?.cancel();
  const names = [...Deno.readDirSync(fx.inDir)].map((e) => e.name);
  assertEquals(names, ["hello"]);
  assertEquals([...Deno.readDirSync(fx.root)].map((e) => e.name).sort(), [
    "data",
    "registry",
    "registry_in",
  ]);
  assert((await Deno.readTextFile(join(fx.inDir, "hello", "index.ts"))).includes("hello"));
});

Deno.test("PUT /functions/:name accepts multipart files and reports a failed build with 422", async () => {
  await using fx = await startAdminFixture();
  const form = new FormData();
  form.append("index.ts", new Blob(["export default () => 'multi'"]), "index.ts");
  form.append("lib/util.ts", new Blob(["export const x = 1"]), "util.ts");
  const ok = await fx.call("/functions/multi", put(form));
  assertEquals(ok.status, 200, await ok.clone().text());
  assertEquals((await ok.json()).files, 2);
  assertEquals(
    await Deno.readTextFile(join(fx.inDir, "multi", "lib", "util.ts")),
    "export const x = 1",
  );

  const bad = await fx.call(
    "/functions/broken",
    put(await tgz([file("registry.json", '{"nope": 1}')])),
  );
  const body = await bad.json();
  assertEquals(bad.status, 422);
  assertEquals(body.build.status, "failed");
  assert(body.build.error.includes("nope"), body.build.error);
});

Deno.test("PUT /functions/:name validates name, media type and size", async () => {
  await using fx = await startAdminFixture({ DENOFN_DEPLOY_MAX_UPLOAD_BYTES: "2000" });
  const badName = await fx.call("/functions/Bad..Name", put(await tgz([HELLO])));
  assertEquals(badName.status, 400);
  assertEquals((await badName.json()).code, "invalid_input");
  const type = await fx.call("/functions/x", put(enc.encode("{}"), "application/json"));
  assertEquals(type.status, 415);
  await type.body?.cancel();
  const random = crypto.getRandomValues(new Uint8Array(30_000));
  const big = await fx.call("/functions/x", put(await tgz([{ name: "blob", data: random }])));
  assertEquals(big.status, 413);
  await big.body?.cancel();
  const junk = await fx.call("/functions/x", put(enc.encode("definitely not gzip")));
  assertEquals(junk.status, 400);
  await junk.body?.cancel();
  const query = await fx.call("/functions/x?strip=99", put(await tgz([HELLO])));
  assertEquals(query.status, 400);
  await query.body?.cancel();
  assertEquals([...Deno.readDirSync(fx.inDir)].length, 0);
});

Deno.test("restart and delete drive the platform", async () => {
  await using fx = await startAdminFixture();
  assertEquals((await fx.call("/functions/hello", put(await tgz([HELLO])))).status, 200);
  assertEquals(await fx.fn("hello"), "hello /");
  const restart = await fx.call("/functions/hello/restart", { method: "POST" });
  assertEquals(await restart.json(), { name: "hello", restarted: true, stoppedInstances: 1 });
  const after = await (await fx.call("/functions/hello")).json();
  assertEquals(after.instances, []);
  assertEquals((await fx.call("/functions/nope/restart", { method: "POST" })).status, 404);
  const del = await fx.call("/functions/hello", { method: "DELETE" });
  assertEquals(await del.json(), { name: "hello", removed: true });
  assertEquals(fx.registry.list(), []);
  assertEquals([...Deno.readDirSync(fx.inDir)].length, 0);
  assertEquals((await fx.call("/functions/hello", { method: "DELETE" })).status, 404);
});
