import { assertEquals } from "../../../test/helpers/assert.ts";
import { contentHash } from "./hash.ts";
import { dataDirsFrom, inDataDir } from "./data_dirs.ts";

Deno.test("dataDirsFrom() keeps relative folders inside, never the whole folder", () => {
  assertEquals(dataDirsFrom(["data/", "./cache", ".", "", "../x", "/etc", 3]), ["data", "cache"]);
});

Deno.test("inDataDir() matches a data folder and what it holds, nothing else", () => {
  assertEquals(inDataDir(["data"], "data"), true);
  assertEquals(inDataDir(["data"], "data/log.txt"), true);
  assertEquals(inDataDir(["data"], "database.ts"), false);
  assertEquals(inDataDir([], "data/log.txt"), false);
});

Deno.test("contentHash() leaves the data folders out", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/index.ts`, "export default () => 1;");
    await Deno.mkdir(`${dir}/data`);
    const data = dataDirsFrom(["data"]);
    const skip = (p: string) => inDataDir(data, p);
    const before = await contentHash(dir, skip);
    await Deno.writeTextFile(`${dir}/data/log.txt`, "written at run time");
    assertEquals(await contentHash(dir, skip), before);
    await Deno.writeTextFile(`${dir}/index.ts`, "export default () => 2;");
    assertEquals((await contentHash(dir, skip)) === before, false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
