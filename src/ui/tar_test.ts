import { assertEquals } from "../../test/helpers/assert.ts";
import { readTar as serverRead, writeTar as serverWrite } from "../admin/tar/mod.ts";
import { commonTopFolder, gunzip, gzip, readTar, type TarItem, writeTar } from "./client/tar.ts";

const encoder = new TextEncoder();
const long = `${"deep/".repeat(30)}file.ts`;

async function serverEntries(archive: Uint8Array) {
  const out = [];
  for await (const e of serverRead(new Blob([archive as BlobPart]).stream())) {
    out.push({ name: e.name, type: e.type, data: new TextDecoder().decode(e.data) });
  }
  return out;
}

Deno.test("the client's writeTar() is read back by the platform's reader, long names too", async () => {
  const items: TarItem[] = [
    {
      name: "index.ts",
      type: "file",
      mode: 0o644,
      mtime: 1,
      linkname: "",
      data: encoder.encode("x"),
    },
    { name: "lib", type: "dir", mode: 0o755, mtime: 1, linkname: "", data: new Uint8Array() },
    { name: long, type: "file", mode: 0o644, mtime: 1, linkname: "", data: encoder.encode("y") },
    {
      name: "link",
      type: "symlink",
      mode: 0o777,
      mtime: 1,
      linkname: "index.ts",
      data: new Uint8Array(),
    },
  ];
  const archive = await gunzip(await gzip(writeTar(items)));
  const read = await serverEntries(archive);
  assertEquals(read.map((e) => [e.name.replace(/\/$/, ""), e.type]), [
    ["index.ts", "file"],
    ["lib", "dir"],
    [long, "file"],
    ["link", "symlink"],
  ]);
  assertEquals(read[2].data, "y");
});

Deno.test("the client's readTar() reads what the platform writes", () => {
  const archive = serverWrite([
    { name: "registry.json", data: encoder.encode("{}") },
    { name: long, data: encoder.encode("z") },
    { name: "data", type: "dir" },
  ]);
  const items = readTar(archive);
  assertEquals(items.map((i) => i.name), ["registry.json", long, "data"]);
  assertEquals(new TextDecoder().decode(items[1].data), "z");
});

Deno.test("commonTopFolder() names the one folder everything sits under", () => {
  const item = (name: string, type: TarItem["type"] = "file"): TarItem => ({
    name,
    type,
    mode: 0o644,
    mtime: 0,
    linkname: "",
    data: new Uint8Array(),
  });
  assertEquals(commonTopFolder([item("greet/", "dir"), item("greet/index.ts")]), "greet");
  assertEquals(commonTopFolder([item("./greet/index.ts"), item("./greet/registry.json")]), "greet");
  assertEquals(commonTopFolder([item("index.ts"), item("registry.json")]), undefined);
  assertEquals(commonTopFolder([item("index.ts")]), undefined);
  assertEquals(commonTopFolder([item("a/x.ts"), item("b/y.ts")]), undefined);
});
