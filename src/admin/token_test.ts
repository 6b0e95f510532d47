import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { loadAdminToken, tokensEqual } from "./token.ts";

Deno.test("loadAdminToken() generates a 0600 token once and reuses it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const first = await loadAdminToken(`${dir}/data`, {});
    assertEquals(first.source, "generated");
    assert(first.token.length >= 32);
    assertEquals((await Deno.stat(first.path!)).mode! & 0o777, 0o600);
    const second = await loadAdminToken(`${dir}/data`, {});
    assertEquals(second, { ...first, source: "file" });
    const env = await loadAdminToken(`${dir}/data`, { DENOFN_ADMIN_TOKEN: "from-the-env-0123456" });
    assertEquals(env, { token: "from-the-env-0123456", source: "env" });
    await loadAdminToken(`${dir}/data`, { DENOFN_ADMIN_TOKEN: "short" }).then(
      () => assert(false, "expected a refusal"),
      (e) => assert(e.message.includes("DENOFN_ADMIN_TOKEN")),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tokensEqual() compares whole tokens", () => {
  assert(tokensEqual("abc", "abc"));
  assert(!tokensEqual("abc", "abd"));
  assert(!tokensEqual("abc", "abcd"));
  assert(!tokensEqual("", "abc"));
});
