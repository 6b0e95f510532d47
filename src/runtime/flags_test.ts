import { throws } from "node:assert/strict";
import { join } from "node:path";
import { assert, assertEquals } from "../../test/helpers/assert.ts";
import { MAX_GRANT_PATH, MAX_GRANTS, parseManifest } from "../manifest/mod.ts";
import { permissionFlags } from "./flags.ts";

function assertThrows(fn: () => unknown, pattern: RegExp): void {
  throws(fn, pattern);
}

const paths = { sourceDir: "/fns/hello", bundle: "/reg/hello.js", socket: "/tmp/d/hello-1.sock" };

Deno.test("permissionFlags() grants only the bundle and the socket by default", () => {
  const flags = permissionFlags(parseManifest({}), paths);
  assertEquals(flags, [
    "--no-prompt",
    "--allow-read=/reg/hello.js,/tmp/d/hello-1.sock",
    "--allow-write=/tmp/d/hello-1.sock",
    "--allow-net=unix:/tmp/d/hello-1.sock",
    "--v8-flags=--max-old-space-size=256",
  ]);
  assert(!flags.some((f) => /allow-(env|run|ffi|sys|all)|^-A$/.test(f)));
});

Deno.test("permissionFlags() resolves declared paths inside the function folder", () => {
  const manifest = parseManifest({
    permissions: {
      read: ["data", "./conf/app.json"],
      write: ["tmp"],
      net: ["api.example.com:443"],
      env: ["API_KEY"],
      sys: ["hostname"],
    },
    memoryMb: 64,
  });
  const flags = permissionFlags(manifest, paths);
  assert(
    flags.includes(
      "--allow-read=/reg/hello.js,/tmp/d/hello-1.sock,/fns/hello/data,/fns/hello/conf/app.json",
    ),
  );
  assert(flags.includes("--allow-write=/tmp/d/hello-1.sock,/fns/hello/tmp"));
  assert(flags.includes("--allow-net=unix:/tmp/d/hello-1.sock,api.example.com:443"));
  assert(flags.includes("--allow-env=API_KEY"));
  assert(flags.includes("--allow-sys=hostname"));
  assert(flags.includes("--v8-flags=--max-old-space-size=64"));
});

Deno.test("permissionFlags() gives stdin mode no network at all", () => {
  const manifest = parseManifest({ mode: "stdin", permissions: { net: ["example.com"] } });
  const flags = permissionFlags(manifest, { sourceDir: "/fns/x", bundle: "/reg/x.js" });
  assert(!flags.some((f) => f.startsWith("--allow-net")));
  assert(!flags.some((f) => f.startsWith("--allow-write")));
});

Deno.test('permissionFlags() maps net "*" to unrestricted network', () => {
  const flags = permissionFlags(parseManifest({ permissions: { net: ["*"] } }), paths);
  assert(flags.includes("--allow-net"));
});

Deno.test("permissionFlags() re-checks values, so a forged record cannot splice a comma", () => {
  const manifest = parseManifest({ permissions: { read: ["data"] } });
  manifest.permissions.read = ["data,/etc"];
  assertThrows(() => permissionFlags(manifest, paths), /permissions\.read\[0\]: "data,\/etc"/);
  const forged = parseManifest({});
  forged.permissions.net = ["example.com,evil.com"];
  assertThrows(() => permissionFlags(forged, paths), /permissions\.net\[0\]/);
});

Deno.test("permissionFlags() refuses a platform path that would split the flag", () => {
  assertThrows(
    () => permissionFlags(parseManifest({}), { ...paths, bundle: "/reg,/etc/hello.js" }),
    /Cannot pass "\/reg,\/etc\/hello\.js" in --allow-read/,
  );
});

Deno.test("permissionFlags() refuses at spawn a grant that a symlink now leads out", async () => {
  const dir = await Deno.makeTempDir({ prefix: "denofn-flags-" });
  try {
    await Deno.symlink("/", join(dir, "data"));
    const manifest = parseManifest({ permissions: { read: ["data"] } });
    assertThrows(
      () => permissionFlags(manifest, { ...paths, sourceDir: dir }),
      /permissions\.read\[0\]: "data" resolves outside the function folder/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("permissionFlags() refuses at spawn a granted folder that now holds a link out", async () => {
  const dir = await Deno.makeTempDir({ prefix: "denofn-flags-" });
  try {
    await Deno.mkdir(join(dir, "data/deep"), { recursive: true });
    await Deno.symlink("../notes.txt", join(dir, "data/inside")); // stays inside: fine
    const manifest = parseManifest({ permissions: { read: ["data"] } });
    permissionFlags(manifest, { ...paths, sourceDir: dir });
    await Deno.symlink("/", join(dir, "data/deep/escape")); // added after the build
    assertThrows(
      () => permissionFlags(manifest, { ...paths, sourceDir: dir }),
      /permissions\.read\[0\]: "data" holds symlink "data\/deep\/escape" that leads outside/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("permissionFlags() keeps a manifest at every limit under the kernel's string limit", () => {
  const long = (i: number) => `d${i}/${"x".repeat(MAX_GRANT_PATH - 10)}`;
  const read = Array.from({ length: MAX_GRANTS }, (_, i) => long(i));
  const flags = permissionFlags(parseManifest({ permissions: { read } }), paths);
  const longest = Math.max(...flags.map((f) => new TextEncoder().encode(f).byteLength));
  assert(longest < 128 * 1024, `${longest} bytes`);
});
