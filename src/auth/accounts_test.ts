import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { Accounts } from "./accounts.ts";
import { TooManyAttempts } from "./errors.ts";
import type { Principal } from "./roles.ts";

const ADMIN_TOKEN = "bootstrap-admin-token-0123456789";

async function setup(now = { t: Date.parse("2030-01-01T00:00:00Z") }) {
  const kv = await Deno.openKv(":memory:");
  const accounts = new Accounts({
    kv,
    adminToken: ADMIN_TOKEN,
    sessionKey: "k".repeat(43),
    lifetimes: { accessSec: 900, refreshSec: 3600 },
    now: () => now.t,
  });
  await accounts.users.create({ name: "ada", password: "correct horse", role: "deployer" });
  return { kv, accounts, now, [Symbol.dispose]: () => kv.close() };
}

const bearer = (t: string) => `Bearer ${t}`;

Deno.test("Accounts stores argon2id hashes and never the password", async () => {
  using s = await setup();
  const user = await s.accounts.users.get("ada");
  assert(user?.hash.startsWith("$argon2id$"), user?.hash);
  assert(!JSON.stringify(user).includes("correct horse"));
  assertEquals((await s.accounts.users.list()).map((u) => Object.keys(u).sort()), [
    ["createdAt", "name", "role"],
  ]);
});

Deno.test("authenticate() accepts the admin token, a session and an API key, as their roles", async () => {
  using s = await setup();
  assertEquals(await s.accounts.authenticate(bearer(ADMIN_TOKEN)), {
    kind: "admin-token",
    role: "admin",
  });
  const session = await s.accounts.login("ada", "correct horse");
  assert(session);
  assertEquals(session.expiresIn, 900);
  assertEquals(await s.accounts.authenticate(bearer(session.token)), {
    kind: "session",
    user: "ada",
    role: "deployer",
  });
  const key = await s.accounts.keys.create("ada", "ci");
  const p = await s.accounts.authenticate(bearer(key.key)) as Principal;
  assertEquals([p.kind, p.user, p.role, p.keyId], ["api-key", "ada", "deployer", key.id]);
  assertEquals(await s.accounts.authenticate(undefined), "missing");
  assertEquals(await s.accounts.authenticate("Basic abc"), "missing");
  assertEquals(await s.accounts.authenticate(bearer("nope")), "invalid");
});

Deno.test("authenticate() refuses a tampered, re-signed or expired session token", async () => {
  using s = await setup();
  const { token } = (await s.accounts.login("ada", "correct horse"))!;
  const [h, payload, sig] = token.split(".");
  const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
  const forged = btoa(JSON.stringify({ ...claims, sub: "root" })).replace(/=+$/, "");
  assertEquals(await s.accounts.authenticate(bearer(`${h}.${forged}.${sig}`)), "invalid");
  const none = btoa(JSON.stringify({ alg: "none" })).replace(/=+$/, "");
  assertEquals(await s.accounts.authenticate(bearer(`${none}.${payload}.`)), "invalid");
  assertEquals(
    await s.accounts.authenticate(bearer(`${h}.${payload}.${sig.slice(0, -2)}xx`)),
    "invalid",
  );
  s.now.t += 901_000;
  assertEquals(await s.accounts.authenticate(bearer(token)), "invalid");
});

Deno.test("refresh() rotates: a refresh token works once, and not after its lifetime", async () => {
  using s = await setup();
  const first = (await s.accounts.login("ada", "correct horse"))!;
  s.now.t += 1000;
  const second = await s.accounts.refresh(first.refreshToken);
  assert(second);
  assert(second.token !== first.token);
  assertEquals(await s.accounts.refresh(first.refreshToken), undefined);
  s.now.t += 3601_000;
  assertEquals(await s.accounts.refresh(second.refreshToken), undefined);
  assertEquals(await s.accounts.refresh("dfr_0123456789abcdef_" + "x".repeat(43)), undefined);
});

Deno.test("an API key stops working when revoked, when expired and when its user is deleted", async () => {
  using s = await setup();
  const a = await s.accounts.keys.create("ada", "a");
  const b = await s.accounts.keys.create("ada", "b", 60);
  const c = await s.accounts.keys.create("ada", "c");
  assert(typeof await s.accounts.authenticate(bearer(a.key)) === "object");
  await s.accounts.keys.revoke(a.id);
  assertEquals(await s.accounts.authenticate(bearer(a.key)), "invalid");
  s.now.t += 61_000;
  assertEquals(await s.accounts.authenticate(bearer(b.key)), "invalid");
  const session = (await s.accounts.login("ada", "correct horse"))!;
  await s.accounts.owners.claim("app", "ada");
  assert(await s.accounts.deleteUser("ada"));
  assertEquals(await s.accounts.authenticate(bearer(c.key)), "invalid");
  assertEquals(await s.accounts.authenticate(bearer(session.token)), "invalid");
  assertEquals(await s.accounts.owners.get("app"), undefined);
  // A new account of the same name inherits nothing.
  await s.accounts.users.create({ name: "ada", password: "another one", role: "deployer" });
  assertEquals(await s.accounts.authenticate(bearer(c.key)), "invalid");
  assertEquals(await s.accounts.keys.list("ada"), []);
});

Deno.test("an API key with the right id and a wrong secret is refused", async () => {
  using s = await setup();
  const key = await s.accounts.keys.create("ada", "a");
  const wrong = key.key.slice(0, -4) + (key.key.endsWith("AAAA") ? "BBBB" : "AAAA");
  assertEquals(await s.accounts.authenticate(bearer(wrong)), "invalid");
});

Deno.test("login() answers 429 after 5 failures for a name, even with the right password", async () => {
  using s = await setup();
  assertEquals(await s.accounts.login("ghost", "whatever"), undefined);
  for (let i = 0; i < 5; i++) {
    assertEquals(await s.accounts.login("ada", `wrong ${i}`, "1.2.3.4"), undefined);
  }
  await s.accounts.login("ada", "correct horse", "5.6.7.8").then(
    () => assert(false, "expected 429"),
    (e) => {
      assert(e instanceof TooManyAttempts);
      assert(e.retryAfterSec! > 0 && e.retryAfterSec! <= 900);
    },
  );
  s.now.t += 15 * 60_000 + 1000;
  assert(await s.accounts.login("ada", "correct horse"));
});
