import { assertEquals, assertMatch, assertRejects } from "../../test/helpers/assert.ts";
import { ConfigError, manifestDefaults, parseConfig } from "./mod.ts";

Deno.test("parseConfig() applies the embedded defaults", () => {
  const config = parseConfig({});
  assertEquals(config.PORT, 8000);
  assertEquals(config.DENOFN_REGISTRY_IN, "registry_in");
  assertEquals(manifestDefaults(config).timeoutMs, 30_000);
});

Deno.test("parseConfig() names each bad variable", async () => {
  const error = await assertRejects(() =>
    Promise.resolve().then(() => parseConfig({ PORT: "eighty", DENOFN_DEFAULT_MEMORY_MB: "1" }))
  );
  assertEquals(error instanceof ConfigError, true);
  assertMatch(error.message, /PORT/);
  assertMatch(error.message, /DENOFN_DEFAULT_MEMORY_MB/);
});

Deno.test("parseConfig() treats empty variables as unset", () => {
  assertEquals(parseConfig({ PORT: "", DENOFN_ADMIN_TOKEN: "" }).PORT, 8000);
});
