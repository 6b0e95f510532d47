import { assert, assertEquals, assertMatch } from "../../test/helpers/assert.ts";
import { join } from "node:path";
import { confineGrants, parseManifest, resolveReal, UnresolvablePath } from "./mod.ts";

async function withFolder(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "denofn-grants-" });
  try {
    await Deno.mkdir(join(dir, "fn/data"), { recursive: true });
    await fn(join(dir, "fn"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("resolveReal() resolves links and keeps a tail that does not exist yet", async () => {
  await withFolder(async (fn) => {
    await Deno.symlink("data", join(fn, "alias"));
    const real = await Deno.realPath(fn);
    assertEquals(resolveReal(join(fn, "alias/new/x")), join(real, "data/new/x"));
    await Deno.symlink("/nowhere/at/all", join(fn, "dangling"));
    let error: unknown;
    try {
      resolveReal(join(fn, "dangling/x"));
    } catch (e) {
      error = e;
    }
    assert(error instanceof UnresolvablePath);
  });
});

Deno.test("confineGrants() refuses grants that a symlink leads out of the folder", async () => {
  await withFolder(async (fn) => {
    await Deno.symlink("/", join(fn, "root"));
    await Deno.symlink("/etc/passwd", join(fn, "data/passwd"));
    await Deno.symlink("/nowhere", join(fn, "later"));
    await Deno.symlink(".", join(fn, "self"));
    const manifest = parseManifest({
      permissions: {
        read: ["data", "root", "data/passwd", "later"],
        write: ["self", "data/out"],
        ffi: ["root/lib/x.so"],
      },
    });
    const problems = confineGrants(manifest, fn);
    assertEquals(problems.length, 5, problems.join("\n"));
    assertMatch(problems[0], /^permissions\.read\[1\]: "root" resolves outside/);
    assertMatch(problems[1], /^permissions\.read\[2\]: "data\/passwd" resolves outside/);
    assertMatch(problems[2], /^permissions\.read\[3\]: "later" goes through a dangling symlink/);
    assertMatch(problems[3], /^permissions\.write\[0\]: "self" resolves to a folder that holds/);
    assertMatch(problems[4], /^permissions\.ffi\[0\]: "root\/lib\/x\.so" resolves outside/);
    assert(!problems.join().includes("/etc"), "messages do not say where links lead");
  });
});

Deno.test("confineGrants() with walk refuses a granted folder too big to check", async () => {
  await withFolder(async (fn) => {
    for (let i = 0; i < 20; i++) await Deno.mkdir(join(fn, `data/d${i}`));
    const manifest = parseManifest({ permissions: { read: ["data"] } });
    assertEquals(confineGrants(manifest, fn, { walk: true }), []);
    const big = Array.from({ length: 10_001 }, (_, i) => `f${i}`);
    for (const name of big) await Deno.writeTextFile(join(fn, "data/d0", name), "");
    assertMatch(
      confineGrants(manifest, fn, { walk: true }).join(),
      /"data" holds over 10000 entries; grant a narrower folder/,
    );
  });
});
