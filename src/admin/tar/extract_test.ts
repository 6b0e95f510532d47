import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { assertThrows } from "../../../test/helpers/assert.ts";
import { extractEntries, gzip, safeRelativePath, type TarInput, untarGz, writeTar } from "./mod.ts";

const enc = new TextEncoder();

/** Extracts `entries` into `<tmp>/dest` and returns the error and every path under `<tmp>`. */
async function tryExtract(entries: TarInput[], limits = {}) {
  const root = await Deno.makeTempDir();
  const dest = join(root, "dest");
  await Deno.mkdir(dest);
  await Deno.mkdir(join(root, "sibling"));
  let error: Error | undefined;
  try {
    const gz = await gzip(writeTar(entries));
    await extractEntries(untarGz(new Blob([gz as BlobPart]).stream(), limits), dest, limits);
  } catch (e) {
    error = e as Error;
  }
  const outside: string[] = [];
  for await (const e of Deno.readDir(root)) if (e.name !== "dest") outside.push(e.name);
  for await (const e of Deno.readDir(join(root, "sibling"))) outside.push(`sibling/${e.name}`);
  const inside: string[] = [];
  const walk = async (at: string, pre: string) => {
    for await (const e of Deno.readDir(at)) {
      inside.push(pre + e.name);
      if (e.isDirectory) await walk(join(at, e.name), `${pre}${e.name}/`);
    }
  };
  await walk(dest, "");
  await Deno.remove(root, { recursive: true });
  return { error, outside: outside.filter((n) => n !== "sibling"), inside: inside.sort() };
}

const file = (name: string, text = "x"): TarInput => ({ name, data: enc.encode(text) });

const refused: [string, TarInput[], RegExp][] = [
  ["../ escape", [file("ok.ts"), file("../evil.ts")], /\.\./],
  ["nested ../ escape", [file("a/../../sibling/evil.ts")], /\.\./],
  ["absolute path", [file("/tmp/denofn-evil.ts")], /absolute/],
  ["symlink to an absolute path", [{ name: "l", type: "symlink", linkname: "/etc" }], /outside/],
  [
    "symlink climbing out",
    [{ name: "a/l", type: "symlink", linkname: "../../sibling" }],
    /outside/,
  ],
  ["symlink then a file through it", [
    { name: "l", type: "symlink", linkname: "/tmp" },
    file("l/evil.ts"),
  ], /outside/],
  ["symlink through a symlink", [
    file("a/b/keep.ts"),
    { name: "a/b/d", type: "symlink", linkname: ".." },
    { name: "a/b/d/l", type: "symlink", linkname: "../../sibling" },
  ], /symlink/],
  [
    "hard link to a host file",
    [{ name: "h", type: "hardlink", linkname: "/etc/passwd" }],
    /absolute/,
  ],
  [
    "hard link to an unknown entry",
    [{ name: "h", type: "hardlink", linkname: "nope" }],
    /hard link/,
  ],
  ["backslash path", [file("..\\evil.ts")], /backslash/],
  ["file through an inside symlink", [
    file("sub/keep.ts"),
    { name: "l", type: "symlink", linkname: "sub" },
    file("l/x.ts"),
  ], /collide/],
];

for (const [what, entries, pattern] of refused) {
  Deno.test(`extractEntries() refuses a ${what} and writes nothing outside`, async () => {
    const { error, outside } = await tryExtract(entries);
    assert(error, "expected a refusal");
    assert(pattern.test(error.message), error.message);
    assertEquals(error.name, "TarError");
    assertEquals(outside, []);
    assert(!(await exists("/tmp/denofn-evil.ts")));
  });
}

Deno.test("extractEntries() accepts links that stay inside and copies hard links", async () => {
  const { error, inside } = await tryExtract([
    file("./index.ts", "i"),
    file("lib/a.ts"),
    { name: "lib/alias.ts", type: "symlink", linkname: "../index.ts" },
    { name: "copy.ts", type: "hardlink", linkname: "lib/a.ts" },
    { name: "./", type: "dir" },
  ]);
  assertEquals(error, undefined);
  assertEquals(inside, ["copy.ts", "index.ts", "lib", "lib/a.ts", "lib/alias.ts"]);
});

Deno.test("extractEntries() enforces file-count and size limits", async () => {
  const many = Array.from({ length: 11 }, (_, i) => file(`f${i}.ts`));
  assert(/more than 10 entries/.test((await tryExtract(many, { maxFiles: 10 })).error!.message));
  const big = [file("a", "x".repeat(600)), file("b", "x".repeat(600))];
  assert(/more than 1000 bytes/.test((await tryExtract(big, { maxBytes: 1000 })).error!.message));
  const bomb = [file("zeros", "\0".repeat(5_000_000))];
  assert(
    /larger than|more than/.test((await tryExtract(bomb, { maxBytes: 100_000 })).error!.message),
  );
});

Deno.test("extractEntries() strips leading folders and refuses devices and empty archives", async () => {
  const stripped = await tryExtract([file("hello/index.ts"), file("hello/lib/x.ts")], { strip: 1 });
  assertEquals(stripped.inside, ["index.ts", "lib", "lib/x.ts"]);
  const fifo = writeTar([file("a")]);
  fifo[156] = "6".charCodeAt(0);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : fifo[i];
  fifo.set(enc.encode(sum.toString(8).padStart(6, "0") + "\0 "), 148);
  const dest = await Deno.makeTempDir();
  try {
    const gz = await gzip(fifo);
    const err = await extractEntries(untarGz(new Blob([gz as BlobPart]).stream()), dest).catch((
      e,
    ) => e);
    assert(/only files, folders and links/.test(err.message), err.message);
  } finally {
    await Deno.remove(dest, { recursive: true });
  }
  assert(/empty/.test((await tryExtract([{ name: "./", type: "dir" }])).error!.message));
});

Deno.test("safeRelativePath() normalizes and refuses unsafe names", () => {
  assertEquals(safeRelativePath("./a//b/./c.ts"), "a/b/c.ts");
  assertEquals(safeRelativePath("./"), null);
  assertEquals(safeRelativePath("top/a.ts", 1), "a.ts");
  for (const bad of ["a\0b", "../x", "a/../../x", "/x", "C:/x", "a\\b", "x/".repeat(600)]) {
    assertThrows(() => safeRelativePath(bad), bad);
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
