import { deepStrictEqual as assertEquals, match } from "node:assert/strict";
import { join } from "node:path";
import { parseManifest } from "../../manifest/mod.ts";
import { inspectFolder } from "./inspect.ts";
import { folderProblems, grantProblems } from "./confine.ts";

async function withFunction(fn: (root: string, dir: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "denofn-inspect-" });
  const dir = join(root, "fn");
  try {
    await Deno.mkdir(join(dir, "data"), { recursive: true });
    await Deno.mkdir(join(dir, "src"));
    await Deno.writeTextFile(join(dir, "src/main.ts"), "export default () => 1;\n");
    await Deno.writeTextFile(join(dir, "data/todos.json"), "[]");
    await fn(root, dir);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("inspectFolder() finds links out, also in ignored folders, and never follows them", async () => {
  await withFunction(async (root, dir) => {
    await Deno.writeTextFile(join(root, "canary.txt"), "secret");
    await Deno.symlink("/", join(dir, "data/root"));
    await Deno.mkdir(join(dir, "node_modules"));
    await Deno.symlink("/etc/passwd", join(dir, "node_modules/passwd"));
    await Deno.symlink("../canary.txt", join(dir, ".hidden"));
    await Deno.symlink("../src", join(dir, "data/src"));
    await Deno.symlink("missing-but-inside", join(dir, "data/later"));
    await Deno.symlink("loop", join(dir, "loop"));
    const facts = await inspectFolder(dir);
    assertEquals(facts.escapingLinks.map((l) => l.path), [
      ".hidden",
      "data/root",
      "loop",
      "node_modules/passwd",
    ]);
    assertEquals(facts.sourceFiles, ["src/main.ts"]);
    const problems = folderProblems(facts);
    match(problems[1], /^symlink "data\/root" points outside the function folder \(to "\/"\)/);
  });
});

Deno.test("inspectFolder() reports a file hard-linked to the outside, not one linked within", async () => {
  await withFunction(async (root, dir) => {
    await Deno.writeTextFile(join(root, "canary.txt"), "secret");
    await Deno.link(join(root, "canary.txt"), join(dir, "data/notes.txt"));
    await Deno.link(join(dir, "data/todos.json"), join(dir, "data/copy.json"));
    assertEquals((await inspectFolder(dir)).sharedFiles, ["data/notes.txt"]);
  });
});

Deno.test("grantProblems() refuses a write grant that covers the entry or a source file", async () => {
  await withFunction(async (_root, dir) => {
    await Deno.writeTextFile(join(dir, "data/helper.ts"), "export const x = 1;\n");
    await Deno.symlink("src", join(dir, "out"));
    const facts = await inspectFolder(dir);
    const manifest = parseManifest({ permissions: { write: ["data", "out", "logs"] } });
    const problems = grantProblems(manifest, dir, facts, "src/main.ts");
    assertEquals(problems.length, 2, problems.join("\n"));
    match(problems[0], /^permissions\.write\[0\]: "data" covers source file "data\/helper\.ts"/);
    match(problems[1], /^permissions\.write\[1\]: "out" covers the entry "src\/main\.ts"/);
  });
});
