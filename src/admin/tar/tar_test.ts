import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { gzip, packDir, readTar, type TarEntry, untarGz, writeTar } from "./mod.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

async function collect(it: AsyncIterable<TarEntry>): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** Delivers bytes in awkward chunk sizes to exercise the reader's buffering. */
function chunked(bytes: Uint8Array, size = 333): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at += size));
    },
  });
}

const longName = `${"deep/".repeat(30)}file-with-a-long-name.ts`;

Deno.test("writeTar() and readTar() round-trip files, folders, links and long names", async () => {
  const bytes = writeTar([
    { name: "index.ts", data: enc.encode("export default () => 'hi'"), mode: 0o755 },
    { name: "lib/", type: "dir" },
    { name: longName, data: enc.encode("x".repeat(1000)) },
    { name: "link", type: "symlink", linkname: `${"l/".repeat(60)}target` },
    { name: "empty.txt", data: new Uint8Array(0) },
  ]);
  const entries = await collect(readTar(chunked(bytes)));
  assertEquals(entries.map((e) => [e.name, e.type]), [
    ["index.ts", "file"],
    ["lib/", "dir"],
    [longName, "file"],
    ["link", "symlink"],
    ["empty.txt", "file"],
  ]);
  assertEquals(dec.decode(entries[0].data), "export default () => 'hi'");
  assertEquals(entries[0].mode, 0o755);
  assertEquals(entries[2].data.length, 1000);
  assertEquals(entries[3].linkname, `${"l/".repeat(60)}target`);
});

for (const format of ["gnu", "pax", "ustar"]) {
  Deno.test(`readTar() reads GNU tar's ${format} archives`, async () => {
    const dir = await Deno.makeTempDir();
    try {
      const deepDir = join(
        dir,
        "src",
        ...(format === "ustar"
          ? ["a".repeat(60), "b".repeat(60)]
          : longName.split("/").slice(0, -1)),
      );
      await Deno.mkdir(deepDir, { recursive: true });
      await Deno.writeTextFile(join(deepDir, "f.ts"), "deep");
      await Deno.writeTextFile(join(dir, "src", "index.ts"), "é".repeat(700));
      await Deno.symlink("index.ts", join(dir, "src", "alias.ts"));
      const out = join(dir, "a.tgz");
      const tar = new Deno.Command("tar", {
        args: [`--format=${format}`, "-czf", out, "-C", join(dir, "src"), "."],
      });
      assert((await tar.output()).success);
      const entries = await collect(untarGz((await Deno.open(out)).readable));
      const byName = new Map(entries.map((e) => [e.name.replace(/^\.\//, ""), e]));
      assertEquals(dec.decode(byName.get("index.ts")!.data), "é".repeat(700));
      assertEquals(byName.get("alias.ts")?.type, "symlink");
      assertEquals(byName.get("alias.ts")?.linkname, "index.ts");
      const deep = entries.find((e) => e.name.endsWith("/f.ts"))!;
      assert(deep.name.length > 100, deep.name);
      assertEquals(dec.decode(deep.data), "deep");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("packDir() output unpacks with GNU tar to the same files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const src = join(dir, "fn");
    await Deno.mkdir(join(src, "lib", "node_modules"), { recursive: true });
    await Deno.writeTextFile(join(src, "index.ts"), "export default () => 1");
    await Deno.writeTextFile(join(src, "lib", "u.ts"), "u");
    await Deno.writeTextFile(join(src, "lib", "node_modules", "skip.js"), "no");
    const packed = await packDir(src);
    assertEquals(packed.files, 2);
    await Deno.writeFile(join(dir, "p.tgz"), packed.bytes);
    await Deno.mkdir(join(dir, "out"));
    const untar = new Deno.Command("tar", {
      args: ["-xzf", join(dir, "p.tgz"), "-C", join(dir, "out")],
    });
    assert((await untar.output()).success);
    assertEquals(await Deno.readTextFile(join(dir, "out", "lib", "u.ts")), "u");
    assertEquals(await Deno.readTextFile(join(dir, "out", "index.ts")), "export default () => 1");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readTar() refuses truncated and corrupted archives", async () => {
  const bytes = writeTar([{ name: "a.txt", data: enc.encode("x".repeat(2000)) }]);
  await assertTarError(collect(readTar(chunked(bytes.slice(0, 1024)))), /middle of an entry/);
  const bad = bytes.slice();
  bad[10] ^= 1;
  await assertTarError(collect(readTar(chunked(bad))), /checksum/);
  await assertTarError(collect(untarGz(chunked(enc.encode("not gzip at all")))), /./);
  const gz = await gzip(bytes);
  assertEquals((await collect(untarGz(chunked(gz, 7)))).length, 1);
});

async function assertTarError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert(pattern.test((e as Error).message), (e as Error).message);
    return;
  }
  throw new Error("expected an error");
}
