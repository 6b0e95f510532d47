import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { join } from "node:path";
import { keyBytes, loadSecretsKey } from "./key.ts";
import { SecretRuleError, SecretStore } from "./store.ts";
import { withSecretEnv } from "./inject.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { parseManifest } from "../manifest/mod.ts";

const CANARY = "canary-7f3a9c-never-leak";

async function store() {
  const kv = await Deno.openKv(":memory:");
  const { key } = await loadSecretsKey("/nonexistent", "a".repeat(64));
  return { kv, secrets: new SecretStore(kv, key), [Symbol.dispose]: () => kv.close() };
}

Deno.test("SecretStore lists names and times only, and gives values only as environment", async () => {
  using s = await store();
  await s.secrets.set("app", "API_TOKEN", CANARY);
  await s.secrets.set("app", "OTHER", "x");
  await s.secrets.set("other-fn", "API_TOKEN", "not this one");
  const list = await s.secrets.list("app");
  assertEquals(list.map((i) => i.name), ["API_TOKEN", "OTHER"]);
  assert(!JSON.stringify(list).includes(CANARY));
  assertEquals(await s.secrets.envFor("app"), { API_TOKEN: CANARY, OTHER: "x" });
  await s.secrets.set("app", "OTHER", "y");
  assertEquals((await s.secrets.envFor("app")).OTHER, "y");
  assert(await s.secrets.delete("app", "OTHER"));
  assertEquals(await s.secrets.envFor("app"), { API_TOKEN: CANARY });
  assertEquals(await s.secrets.delete("app", "OTHER"), false);
});

Deno.test("SecretStore keeps only ciphertext, bound to its function and name", async () => {
  using s = await store();
  await s.secrets.set("app", "API_TOKEN", CANARY);
  const raw = await s.kv.get<{ iv: Uint8Array; data: Uint8Array }>(["secrets", "app", "API_TOKEN"]);
  assert(!new TextDecoder().decode(raw.value!.data).includes(CANARY));
  // The same ciphertext moved to another function does not decrypt.
  await s.kv.set(["secrets", "thief", "API_TOKEN"], raw.value);
  await rejects(s.secrets.envFor("thief"), /Cannot decrypt the secret API_TOKEN of "thief"/);
});

Deno.test("SecretStore refuses names a manifest env could not have, NUL and oversized values", async () => {
  using s = await store();
  for (const name of ["LD_PRELOAD", "DENO_DIR", "DENOFN_ADMIN_TOKEN", "PATH", "a-b", "1X", ""]) {
    await rejects(s.secrets.set("app", name, "v"), SecretRuleError, name);
  }
  await rejects(s.secrets.set("app", "OK", "a\0b"), /NUL/);
  await rejects(s.secrets.set("app", "OK", "x".repeat(40_000)), /at most/);
  assertEquals(await s.secrets.list("app"), []);
});

Deno.test("loadSecretsKey() takes 32 bytes as hex or base64, names the variable, and generates a 0600 file", async () => {
  assertEquals(keyBytes("ab".repeat(32))?.length, 32);
  assertEquals(keyBytes(btoa("k".repeat(32)))?.length, 32);
  assertEquals(keyBytes("short"), undefined);
  await rejects(loadSecretsKey("/nonexistent", "too-short"), /DENOFN_SECRETS_KEY/);
  const dir = await Deno.makeTempDir({ prefix: "denofn-secrets-" });
  try {
    const first = await loadSecretsKey(dir);
    assertEquals(first.source, "generated");
    assertEquals((await Deno.stat(join(dir, "secrets_key"))).mode! & 0o777, 0o600);
    const again = await loadSecretsKey(dir);
    assertEquals(again.source, "file");
    const kv = await Deno.openKv(":memory:");
    try {
      await new SecretStore(kv, first.key).set("f", "A", "v");
      assertEquals(await new SecretStore(kv, again.key).envFor("f"), { A: "v" });
    } finally {
      kv.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("withSecretEnv() adds secrets to env and grants exactly their names", () => {
  const record: FunctionRecord = {
    name: "f",
    status: "ready",
    hash: "h",
    runtime: "deno",
    builtAt: "",
    buildMs: 0,
    sourceDir: "/x",
    manifest: parseManifest({
      env: { MODE: "prod", API: "placeholder" },
      permissions: { env: ["MODE"] },
    }),
  };
  const out = withSecretEnv(record, { API: CANARY, DB_URL: "postgres://" });
  assertEquals(out.manifest!.env, { MODE: "prod", API: CANARY, DB_URL: "postgres://" });
  assertEquals(out.manifest!.permissions.env, ["MODE", "API", "DB_URL"]);
  assert(!JSON.stringify(record).includes(CANARY), "the original record is untouched");
  assert(withSecretEnv(record, {}) === record);
});
