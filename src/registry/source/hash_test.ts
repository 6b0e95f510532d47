import { deepStrictEqual as assertEquals, notDeepStrictEqual } from "node:assert/strict";
import { join } from "node:path";
import { contentHash, isIgnoredPath } from "./hash.ts";

Deno.test("contentHash() depends on paths and contents only, not on ignored files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "index.ts"), "a");
    const first = await contentHash(dir);
    await Deno.writeTextFile(join(dir, "index.ts"), "a"); // new mtime, same bytes
    await Deno.writeTextFile(join(dir, ".index.ts.swp"), "x");
    await Deno.writeTextFile(join(dir, "index.ts~"), "x");
    await Deno.mkdir(join(dir, "node_modules/p"), { recursive: true });
    await Deno.writeTextFile(join(dir, "node_modules/p/i.js"), "x");
    assertEquals(await contentHash(dir), first);
    await Deno.mkdir(join(dir, "data"));
    await Deno.writeTextFile(join(dir, "data/q.txt"), "");
    notDeepStrictEqual(await contentHash(dir), first);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("isIgnoredPath() ignores dotfiles, node_modules and backups at any depth", () => {
  assertEquals(
    ["a/.git/x", "node_modules/y", ".x.swp", "src/b~", "src/index.ts"].map(isIgnoredPath),
    [true, true, true, true, false],
  );
});

Deno.test("contentHash() never follows a symlink, and a link's target is part of the hash", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "index.ts"), "a");
    await Deno.symlink("/", join(dir, "root")); // would loop or read the host if followed
    await Deno.symlink("/etc/passwd", join(dir, "notes.txt"));
    const first = await contentHash(dir);
    await Deno.remove(join(dir, "notes.txt"));
    await Deno.symlink("/etc/hostname", join(dir, "notes.txt"));
    notDeepStrictEqual(await contentHash(dir), first);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
