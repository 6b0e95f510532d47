/**
 * Never serve a broken state: a build that fails (deployed through the admin API or saved in
 * `registry_in/`) never replaces the version that serves, also across a restart; a failed admin
 * deploy leaves `registry_in/` as it was.
 */
import { join } from "node:path";
import type { Platform } from "../src/main/mod.ts";
import { gzip, writeTar } from "../src/admin/tar/mod.ts";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startPlatformIn, startTempPlatform } from "./helpers/temp_platform.ts";

const TOKEN = "last-good-token-0123456789";
const GOOD = 'export default () => "good";\n';
const BROKEN = "export default () => {\n";

async function start(root: string): Promise<Platform> {
  const platform = await startPlatformIn(root, { DENOFN_ADMIN_TOKEN: TOKEN });
  await platform.ready;
  return platform;
}

async function deploy(p: Platform, name: string, code: string) {
  const body = await gzip(writeTar([{ name: "index.ts", data: new TextEncoder().encode(code) }]));
  const res = await fetch(`${p.url}/admin/functions/${name}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/gzip" },
    body: body as BodyInit,
  });
  return { status: res.status, body: await res.json() };
}

const text = (p: Platform, name: string) => fetch(`${p.url}/fn/${name}`).then((r) => r.text());

Deno.test("a failed admin deploy keeps the good version serving and registry_in as it was, through a restart", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-lastgood-" });
  let p = await start(root);
  try {
    const good = await deploy(p, "fn", GOOD);
    assertEquals(good.status, 200);
    const bad = await deploy(p, "fn", BROKEN);
    assertEquals(bad.status, 422, JSON.stringify(bad.body));
    assertEquals(bad.body.build.status, "failed");
    assertEquals(bad.body.build.serving, good.body.build.hash);
    assert(bad.body.build.error.includes("index.ts"), bad.body.build.error);
    assertEquals(await text(p, "fn"), "good");
    const inDir = join(root, "registry_in");
    assertEquals(await Deno.readTextFile(join(inDir, "fn", "index.ts")), GOOD);
    assertEquals(await Deno.readTextFile(join(inDir, ".rejected-fn", "index.ts")), BROKEN);
    const listed = await (await fetch(`${p.url}/admin/functions`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })).json();
    assertEquals(listed.functions[0].status, "ready");
    assert(listed.functions[0].failedBuild.error.includes("index.ts"));

    await p.close();
    p = await start(root);
    assertEquals(await text(p, "fn"), "good");

    const first = await deploy(p, "fresh", BROKEN);
    assertEquals(first.status, 422);
    assertEquals(first.body.build.serving, undefined);
    assertEquals(await Deno.stat(join(inDir, "fresh")).then(() => true, () => false), false);
    const gone = await fetch(`${p.url}/fn/fresh`);
    await gone.body?.cancel();
    assertEquals(gone.status, 404);
  } finally {
    await p.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a broken file save keeps the good version serving, also after a restart", async () => {
  const root = await Deno.makeTempDir({ prefix: "denofn-lastgood-" });
  const dir = join(root, "registry_in", "saved");
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "index.ts"), GOOD);
  let p = await start(root);
  try {
    assertEquals(await text(p, "saved"), "good");
    await Deno.writeTextFile(join(dir, "index.ts"), BROKEN);
    for (let i = 0; i < 100 && !p.registry.list()[0].failedBuild; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const record = p.registry.list()[0];
    assert(record.failedBuild, "the failed build is recorded");
    assertEquals(record.status, "ready");
    assertEquals(await text(p, "saved"), "good");
    const log = p.observability!.logs.query("saved").map((l) => l.line);
    assert(log.some((l) => l.startsWith("built in")), log.join("\n"));
    assert(
      log.some((l) => l.startsWith("build failed:") && l.includes("index.ts")),
      log.join("\n"),
    );
    await p.close();
    p = await start(root);
    assertEquals(await text(p, "saved"), "good", "the source still fails, the last good serves");
    assert(p.registry.list()[0].failedBuild);
  } finally {
    await p.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a function writing into its data folder on every call stays on one build", async () => {
  const p = await startTempPlatform(["appender"]);
  try {
    const before = p.registry.list()[0];
    for (let i = 1; i <= 200; i++) {
      assertEquals(await fetch(`${p.url}/fn/appender`).then((r) => r.text()), String(i));
    }
    await new Promise((r) => setTimeout(r, 300)); // past the watcher's quiet time
    const after = p.registry.list()[0];
    assertEquals([after.hash, after.builtAt], [before.hash, before.builtAt]);
    assertEquals(p.supervisor.get("appender")!.slots.length, 1, "no instance was replaced");
  } finally {
    await p.close();
  }
});
