import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { join } from "node:path";
import { parseRange } from "./range.ts";
import { pathSegments, resolveStatic } from "./resolve.ts";
import { serveFile } from "./serve_file.ts";

async function site() {
  const dir = await Deno.makeTempDir({ prefix: "denofn-static-" });
  const root = join(dir, "fn", "public");
  await Deno.mkdir(join(root, "assets"), { recursive: true });
  await Deno.writeTextFile(join(dir, "fn", "registry.json"), "{}");
  await Deno.writeTextFile(join(dir, "outside.txt"), "outside canary");
  await Deno.writeTextFile(join(root, "index.html"), "<h1>home</h1>");
  await Deno.writeTextFile(join(root, "assets", "app.js"), "console.log(1);\n".repeat(200));
  await Deno.writeTextFile(join(root, ".env"), "SECRET=1");
  await Deno.writeTextFile(join(root, "registry.json"), "{}");
  await Deno.symlink(join(dir, "outside.txt"), join(root, "link.txt"));
  await Deno.symlink(join(dir, "fn"), join(root, "up"));
  await Deno.symlink(join(root, "index.html"), join(root, "inner.html"));
  return {
    root: await Deno.realPath(root),
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("pathSegments() refuses dot segments and encoded slashes however they are written", () => {
  assertEquals(pathSegments("/a/b%20c/"), ["a", "b c"]);
  for (
    const p of ["/..", "/a/%2e%2e/x", "/%2E%2E", "/a%2fb", "/a%5cb", "/%00", "/./x", "/%2e", "/%zz"]
  ) {
    assertEquals(pathSegments(p), "bad", p);
  }
});

Deno.test("resolveStatic() serves inside the folder only: no dotfiles, manifest or links out", async () => {
  await using s = await site();
  const found = (p: string) =>
    resolveStatic(s.root, p).then((r) => typeof r === "object" ? r.path : r);
  assertEquals(await found("/"), join(s.root, "index.html"));
  assertEquals(await found("/assets/app.js"), join(s.root, "assets", "app.js"));
  assertEquals(await found("/inner.html"), join(s.root, "index.html"));
  for (
    const p of ["/.env", "/registry.json", "/link.txt", "/up/registry.json", "/missing", "/assets"]
  ) {
    assertEquals(await found(p), "missing", p);
  }
  assertEquals(await found("/%2e%2e/registry.json"), "bad");
  assertEquals(await found("/..%2f..%2foutside.txt"), "bad");
});

Deno.test("parseRange() reads one range; several or malformed ones mean the whole file", () => {
  assertEquals(parseRange("bytes=0-9", 100), { start: 0, end: 9 });
  assertEquals(parseRange("bytes=90-", 100), { start: 90, end: 99 });
  assertEquals(parseRange("bytes=-10", 100), { start: 90, end: 99 });
  assertEquals(parseRange("bytes=50-500", 100), { start: 50, end: 99 });
  assertEquals(parseRange("bytes=100-", 100), "unsatisfiable");
  assertEquals(parseRange("bytes=0-1,5-6", 100), undefined);
  assertEquals(parseRange("items=0-1", 100), undefined);
  assertEquals(parseRange(null, 100), undefined);
});

Deno.test("serveFile() answers ETag/304, Range/206, 416 and gzip with the right headers", async () => {
  await using s = await site();
  const file = await resolveStatic(s.root, "/assets/app.js");
  assert(typeof file === "object");
  const serve = (headers: Record<string, string> = {}, method = "GET") =>
    serveFile(new Request("http://x/", { method, headers }), file, {
      root: s.root,
      cacheControl: "public, max-age=60",
    });
  const full = await serve();
  assertEquals(full.status, 200);
  assertEquals(full.headers.get("content-type"), "text/javascript; charset=utf-8");
  assertEquals(full.headers.get("cache-control"), "public, max-age=60");
  assertEquals(full.headers.get("content-length"), String(file.info.size));
  assertEquals((await full.text()).length, file.info.size);
  const etag = full.headers.get("etag")!;
  const lastModified = full.headers.get("last-modified")!;

  assertEquals((await serve({ "if-none-match": etag })).status, 304);
  assertEquals((await serve({ "if-none-match": `W/${etag}` })).status, 304);
  assertEquals((await serve({ "if-modified-since": lastModified })).status, 304);
  const changed = await serve({ "if-none-match": '"other"' });
  assertEquals(changed.status, 200);
  await changed.body?.cancel();

  const part = await serve({ range: "bytes=0-13" });
  assertEquals(part.status, 206);
  assertEquals(part.headers.get("content-range"), `bytes 0-13/${file.info.size}`);
  assertEquals(await part.text(), "console.log(1)");
  const none = await serve({ range: `bytes=${file.info.size}-` });
  assertEquals(none.status, 416);
  assertEquals(none.headers.get("content-range"), `bytes */${file.info.size}`);

  const gz = await serve({ "accept-encoding": "br;q=0, gzip" });
  assertEquals(gz.headers.get("content-encoding"), "gzip");
  assert(gz.headers.get("etag") !== etag);
  const plain = await new Response(gz.body!.pipeThrough(new DecompressionStream("gzip"))).text();
  assertEquals(plain.length, file.info.size);

  const head = await serve({}, "HEAD");
  assertEquals([head.status, await head.text()], [200, ""]);
});
