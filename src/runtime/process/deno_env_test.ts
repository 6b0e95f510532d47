import { throws } from "node:assert/strict";
import { assertEquals } from "../../../test/helpers/assert.ts";
import { parseManifest } from "../../manifest/mod.ts";
import { childEnv } from "./deno_env.ts";

Deno.test("childEnv() passes the manifest's env under the platform's own variables", () => {
  const env = childEnv(parseManifest({ env: { GREETING: "hi", NO_COLOR: "0" } }));
  assertEquals(env.GREETING, "hi");
  assertEquals(env.NO_COLOR, "1");
  assertEquals(Object.keys(env).filter((k) => k.startsWith("DENOFN_")), []);
});

Deno.test("childEnv() refuses a loader variable even in a record the schema never saw", () => {
  const manifest = parseManifest({});
  manifest.env = { LD_PRELOAD: "/tmp/evil.so" };
  throws(() => childEnv(manifest), /env\.LD_PRELOAD: "LD_PRELOAD" refused/);
});
