import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { packDir, untarGz } from "../admin/tar/mod.ts";
import { loadIgnore } from "./ignore.ts";
import { loadStack, mergeManifest } from "./stack.ts";

Deno.test("loadStack() reads functions with paths and overrides, and names a bad key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "denofn.yaml");
    await Deno.writeTextFile(
      file,
      "functions:\n  hello:\n  api:\n    path: ./src/api\n    manifest:\n      idleTimeoutSec: 5\n",
    );
    assertEquals(await loadStack(file), [
      { name: "hello", dir: join(dir, "hello"), manifest: undefined },
      { name: "api", dir: join(dir, "src", "api"), manifest: { idleTimeoutSec: 5 } },
    ]);
    await Deno.writeTextFile(file, "functions:\n  Bad Name:\n    pathh: x\n");
    const error = await loadStack(file).then(() => undefined, (e) => e);
    assert(error.message.includes("Bad Name") && error.message.includes("pathh"), error.message);
    await Deno.writeTextFile(file, "functions: {}\n");
    assert((await loadStack(file).catch((e) => e)).message.includes("lists no function"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mergeManifest() merges objects key by key and replaces the rest", () => {
  assertEquals(
    mergeManifest(
      { idleTimeoutSec: 5, permissions: { net: ["a"], env: ["X"] }, env: { A: "1" } },
      { permissions: { net: ["b"] }, env: { B: "2" }, timeoutMs: 100 },
    ),
    {
      idleTimeoutSec: 5,
      permissions: { net: ["b"], env: ["X"] },
      env: { A: "1", B: "2" },
      timeoutMs: 100,
    },
  );
});

Deno.test("packDir() with .denofnignore leaves out dotfiles, node_modules and listed paths", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = {
      "index.ts": "x",
      ".env": "SECRET=1",
      ".env.production": "SECRET=2",
      "node_modules/a/index.js": "x",
      "lib/util.ts": "x",
      "lib/big.bin": "x",
      ".well-known/a.txt": "x",
      ".denofnignore": "*.bin\n!.well-known/\n",
    };
    for (const [rel, text] of Object.entries(files)) {
      await Deno.mkdir(join(dir, rel, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, rel), text);
    }
    const packed = await packDir(dir, {
      skip: await loadIgnore(dir),
      replace: { "registry.json": new TextEncoder().encode("{}") },
    });
    const names: string[] = [];
    for await (const entry of untarGz(new Blob([packed.bytes as BlobPart]).stream())) {
      if (entry.type === "file") names.push(entry.name);
    }
    assertEquals(names.sort(), [".well-known/a.txt", "index.ts", "lib/util.ts", "registry.json"]);
    assertEquals(packed.skipped.sort(), [
      ".denofnignore",
      ".env",
      ".env.production",
      "lib/big.bin",
      "node_modules/",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
