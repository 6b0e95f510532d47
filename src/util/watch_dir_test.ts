import { assert, assertEquals } from "../../test/helpers/assert.ts";
import { join } from "node:path";
import { realDirs, watchDir } from "./watch_dir.ts";

/** Inotify watches this process holds (one `inotify wd:` line each in /proc/self/fdinfo). */
function inotifyWatches(): number {
  let count = 0;
  for (const fd of Deno.readDirSync("/proc/self/fd")) {
    try {
      const info = Deno.readTextFileSync(`/proc/self/fdinfo/${fd.name}`);
      count += info.match(/^inotify wd:/gm)?.length ?? 0;
    } catch { /* closed meanwhile */ }
  }
  return count;
}

async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Cannot see ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function withRoot(fn: (root: string, outside: string) => Promise<void>): Promise<void> {
  const base = await Deno.makeTempDir({ prefix: "denofn-watch-" });
  try {
    await Deno.mkdir(join(base, "root/fn/src"), { recursive: true });
    await Deno.mkdir(join(base, "outside/a/b"), { recursive: true });
    await fn(join(base, "root"), join(base, "outside"));
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

Deno.test("realDirs() lists real folders and never enters a symlink", async () => {
  await withRoot(async (root, outside) => {
    await Deno.symlink(outside, join(root, "fn/out"));
    await Deno.symlink("/", join(root, "fn/slash"));
    assertEquals((await realDirs(root)).sort(), [root, join(root, "fn"), join(root, "fn/src")]);
  });
});

Deno.test("watchDir() does not follow symlinks out: a link to / costs no watches", async () => {
  await withRoot(async (root, outside) => {
    await Deno.symlink("/", join(root, "fn/slash"));
    await Deno.symlink(outside, join(root, "fn/out"));
    const before = inotifyWatches();
    const started = performance.now();
    const seen: string[] = [];
    const watcher = watchDir(root, (paths) => seen.push(...paths), () => {});
    try {
      assert(performance.now() - started < 1_000, "the watch starts at once");
      assert(inotifyWatches() - before <= 3, `${inotifyWatches() - before} watches`);
      await Deno.writeTextFile(join(outside, "a/x.txt"), "outside");
      await Deno.writeTextFile(join(root, "fn/src/index.ts"), "inside");
      await until("the write inside", () => seen.includes(join(root, "fn/src/index.ts")));
      assert(!seen.some((p) => p.includes("x.txt")), seen.join("\n"));
    } finally {
      await watcher.close();
    }
  });
});

Deno.test("watchDir() sees writes in folders made after it started, and after a move", async () => {
  await withRoot(async (root) => {
    const seen: string[] = [];
    const watcher = watchDir(root, (paths) => seen.push(...paths), () => {});
    try {
      await Deno.mkdir(join(root, "late/deep"), { recursive: true });
      await until("the new folder", () => seen.includes(join(root, "late/deep")));
      await Deno.writeTextFile(join(root, "late/deep/index.ts"), "x");
      await until("a write in it", () => seen.includes(join(root, "late/deep/index.ts")));
      await Deno.rename(join(root, "late"), join(root, "moved"));
      await until("the moved folder", () => seen.includes(join(root, "moved/deep")));
      await Deno.writeTextFile(join(root, "moved/deep/index.ts"), "y");
      await until("a write after the move", () => seen.includes(join(root, "moved/deep/index.ts")));
    } finally {
      await watcher.close();
    }
  });
});
