import { deepStrictEqual as assertEquals, ok, throws } from "node:assert/strict";
import { buildEnv, BUNDLE_CHILD, confinedBundle } from "./confined.ts";

Deno.test("buildEnv() passes Deno's switches, the cache and TLS/proxy settings, nothing else", () => {
  const env = buildEnv("/cache", {
    DENOFN_ADMIN_TOKEN: "secret-token-1234",
    CANARY_SECRET: "x",
    HOME: "/root",
    PATH: "/usr/bin",
    DENO_DIR: "/root/.cache/deno",
    HTTPS_PROXY: "http://proxy:3128",
    NODE_EXTRA_CA_CERTS: "/etc/ca.pem",
  });
  assertEquals(env, {
    DENO_DIR: "/cache",
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
    NO_COLOR: "1",
    RUST_BACKTRACE: "0",
    HTTPS_PROXY: "http://proxy:3128",
    NODE_EXTRA_CA_CERTS: "/etc/ca.pem",
  });
});

Deno.test("confinedBundle() grants reads of the folder, micro/ and the cache, and one write", () => {
  const cmd = confinedBundle({
    deno: "/usr/bin/deno",
    sourceDir: "/fns/hello",
    microDir: "/app/micro",
    cacheDir: "/cache",
    config: ["--no-config", "--import-map=/reg/.staging/hello.js.import_map.json"],
    entry: "/fns/hello/index.ts",
    outFile: "/reg/.staging/hello.js",
    env: {},
  });
  assertEquals(cmd.args.filter((a) => a.startsWith("--allow")), [
    `--allow-read=/fns/hello,/app/micro,/cache,${BUNDLE_CHILD}`,
    "--allow-write=/reg/.staging/hello.js",
  ]);
  ok(cmd.args.includes("--no-lock") && cmd.args.includes("--no-prompt"));
  assertEquals(cmd.args.slice(-3), [BUNDLE_CHILD, "/fns/hello/index.ts", "/reg/.staging/hello.js"]);
  throws(
    () =>
      confinedBundle({
        ...cmd,
        deno: "d",
        sourceDir: "/a,b",
        microDir: "/m",
        cacheDir: "/c",
        config: [],
        entry: "/a,b/i.ts",
        outFile: "/o",
      }),
    /contains ","/,
  );
});
