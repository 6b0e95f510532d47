/**
 * Accounts on the real platform: login, refresh and whoami; a table of admin routes × roles
 * (the admin token, an admin, the owning deployer, another deployer, a viewer, nobody); owners
 * see and touch only their own functions; revoked keys and deleted accounts stop at once; and
 * password guessing is limited.
 */
import { assert, assertEquals } from "./helpers/assert.ts";
import { startAdminFixture } from "../src/admin/_test_platform.ts";
import { gzip, writeTar } from "../src/admin/tar/mod.ts";

const enc = new TextEncoder();
const PASSWORD = "a-long-password";

async function archive(body: string): Promise<Uint8Array> {
  return await gzip(writeTar([
    { name: "index.ts", data: enc.encode(`export default () => ${JSON.stringify(body)};`) },
  ]));
}

Deno.test("admin routes × roles: each role gets exactly its rights, ownership included", async () => {
  await using fx = await startAdminFixture({ DENOFN_ASYNC: "on" });
  const as = (token?: string) => (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    return Promise.resolve(fx.app.request(path, { ...init, headers }));
  };
  const root = as(fx.token);
  for (
    const [name, role] of [["boss", "admin"], ["ann", "deployer"], ["bob", "deployer"], [
      "val",
      "viewer",
    ]]
  ) {
    const res = await root("/admin/users", {
      method: "POST",
      body: JSON.stringify({ name, password: PASSWORD, role }),
    });
    assertEquals(res.status, 201, await res.text());
  }
  const login = async (name: string) => {
    const res = await as()("/auth/login", {
      method: "POST",
      body: JSON.stringify({ name, password: PASSWORD }),
    });
    assertEquals(res.status, 200);
    const body = await res.json();
    assertEquals(body.expiresIn, 900);
    return body;
  };
  const tokens: Record<string, string | undefined> = { token: fx.token, none: undefined };
  for (const name of ["boss", "ann", "bob", "val"]) tokens[name] = (await login(name)).token;
  const who = await (await as(tokens.ann)("/auth/whoami")).json();
  assertEquals(who, { user: "ann", role: "deployer", via: "session" });

  // Ann's first deploy of a new name makes it hers; Bob's of another makes that his.
  const deploy = (token: string | undefined, name: string) =>
    archive(name).then((body) =>
      as(token)(`/admin/functions/${name}`, {
        method: "PUT",
        body: body as BodyInit,
        headers: { "content-type": "application/gzip" },
      })
    );
  assertEquals((await deploy(tokens.ann, "ann-fn")).status, 200);
  assertEquals((await deploy(tokens.bob, "bob-fn")).status, 200);
  assertEquals((await deploy(tokens.token, "ops-fn")).status, 200);
  assertEquals(await fx.fn("ann-fn"), "ann-fn");

  type Row = [string, string, string | undefined, Record<string, number>];
  const all = (status: number) => ({
    token: status,
    boss: status,
    ann: status,
    bob: status,
    val: status,
  });
  const ownerOnly = (ok: number) => ({ token: ok, boss: ok, ann: ok, bob: 403, val: 403 });
  const readers = (ok: number) => ({ token: ok, boss: ok, ann: ok, bob: 403, val: ok });
  const admins = (ok: number) => ({ token: ok, boss: ok, ann: 403, bob: 403, val: 403 });
  const table: Row[] = [
    ["GET", "/admin/functions", undefined, all(200)],
    ["GET", "/admin/functions/ann-fn", undefined, readers(200)],
    ["GET", "/admin/functions/ann-fn/logs", undefined, readers(200)],
    ["GET", "/admin/history?function=ann-fn", undefined, readers(200)],
    ["POST", "/admin/functions/ann-fn/restart", undefined, ownerOnly(200)],
    ["PUT", "/admin/functions/ann-fn/secrets/TOKEN", "v", ownerOnly(204)],
    ["GET", "/admin/functions/ann-fn/secrets", undefined, ownerOnly(200)],
    ["DELETE", "/admin/functions/ann-fn/secrets/NONE", undefined, ownerOnly(404)],
    ["POST", "/admin/functions/ann-fn/keys", undefined, ownerOnly(201)],
    ["GET", "/admin/functions/ann-fn/keys", undefined, ownerOnly(200)],
    ["GET", "/admin/functions/ops-fn", undefined, { ...readers(200), ann: 403 }],
    ["POST", "/admin/functions/ops-fn/restart", undefined, { ...admins(200) }],
    ["DELETE", "/admin/functions/bob-fn/keys/0123456789abcdef", undefined, {
      ...admins(404),
      bob: 404,
    }],
    ["GET", "/admin/users", undefined, admins(200)],
    ["POST", "/admin/users", '{"name":"zed","password":"zed-password"}', {
      ...admins(403),
      token: 201,
      boss: 409,
    }],
    ["DELETE", "/admin/users/nobody", undefined, admins(404)],
    ["GET", "/admin/keys", undefined, all(200)],
    ["POST", "/admin/keys", '{"name":"ci"}', { ...all(201), token: 400 }],
    ["GET", "/admin/async/jobs", undefined, { ...admins(200), val: 200 }],
  ];
  const roles = ["token", "boss", "ann", "bob", "val", "none"];
  const problems: string[] = [];
  for (const [method, path, body, expected] of table) {
    for (const role of roles) {
      const res = await as(tokens[role])(path, { method, body });
      await res.body?.cancel();
      const want = role === "none" ? 401 : expected[role];
      if (res.status !== want) {
        problems.push(`${role} ${method} ${path}: ${res.status}, expected ${want}`);
      }
    }
  }
  assertEquals(problems, []);

  // Owners see their own functions only; deploys and deletes of another's function are refused.
  const names = async (token?: string) =>
    (await (await as(token)("/admin/functions")).json()).functions.map((f: { name: string }) =>
      f.name
    );
  assertEquals(await names(tokens.ann), ["ann-fn"]);
  assertEquals(await names(tokens.bob), ["bob-fn"]);
  assertEquals(await names(tokens.val), ["ann-fn", "bob-fn", "ops-fn"]);
  const listed = (await (await root("/admin/functions")).json()).functions;
  assertEquals(listed.map((f: { owner?: string }) => f.owner), ["ann", "bob", undefined]);
  assertEquals((await deploy(tokens.bob, "ann-fn")).status, 403);
  assertEquals((await deploy(tokens.ann, "ops-fn")).status, 403);
  assertEquals((await deploy(tokens.val, "val-fn")).status, 403);
  assertEquals(await fx.fn("ann-fn"), "ann-fn", "a refused deploy changes nothing");
  const history = await (await as(tokens.bob)("/admin/history")).json();
  assert(history.records.every((r: { fn: string }) => r.fn === "bob-fn"), JSON.stringify(history));
  assertEquals((await as(tokens.bob)("/admin/functions/ann-fn", { method: "DELETE" })).status, 403);
  assertEquals((await as(tokens.ann)("/admin/functions/ann-fn", { method: "DELETE" })).status, 200);
  // The name is free again: whoever deploys it next owns it.
  assertEquals((await deploy(tokens.bob, "ann-fn")).status, 200);
  assertEquals(await names(tokens.bob), ["ann-fn", "bob-fn"]);
  // A first deploy that fails before building claims nothing.
  const garbage = await as(tokens.bob)("/admin/functions/fresh", {
    method: "PUT",
    body: "not a tarball",
    headers: { "content-type": "application/gzip" },
  });
  assertEquals(garbage.status, 400);
  assertEquals((await deploy(tokens.ann, "fresh")).status, 200);
});

Deno.test("refresh rotates, revoked keys and deleted accounts stop at once, guessing is limited", async () => {
  await using fx = await startAdminFixture();
  const as = (token?: string) => (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    return Promise.resolve(fx.app.request(path, { ...init, headers }));
  };
  await as(fx.token)("/admin/users", {
    method: "POST",
    body: JSON.stringify({ name: "ann", password: PASSWORD, role: "deployer" }),
  });
  const post = (path: string, body: unknown) =>
    as()(path, { method: "POST", body: JSON.stringify(body) });
  assertEquals(
    (await post("/auth/login", { name: "ann", password: "wrong-password" })).status,
    401,
  );
  const first = await (await post("/auth/login", { name: "ann", password: PASSWORD })).json();
  const second = await post("/auth/refresh", { refreshToken: first.refreshToken });
  assertEquals(second.status, 200);
  const session = await second.json();
  assertEquals((await post("/auth/refresh", { refreshToken: first.refreshToken })).status, 401);
  assertEquals((await as(session.token)("/auth/whoami")).status, 200);

  // A tampered token is refused.
  const [h, p, s] = session.token.split(".");
  const claims = JSON.parse(atob(p.replace(/-/g, "+").replace(/_/g, "/")));
  const forged = btoa(JSON.stringify({ ...claims, sub: "root" })).replace(/=+$/, "");
  assertEquals((await as(`${h}.${forged}.${s}`)("/admin/functions")).status, 401);

  // API keys: shown once, listed without the secret, dead once revoked or expired.
  const created = await as(session.token)("/admin/keys", {
    method: "POST",
    body: JSON.stringify({ name: "ci", expiresIn: "1h" }),
  });
  assertEquals(created.status, 201);
  const key = await created.json();
  assert(key.key.startsWith("dfk_") && key.expiresAt);
  assertEquals((await as(key.key)("/admin/functions")).status, 200);
  const keys = await (await as(session.token)("/admin/keys")).text();
  assert(keys.includes(key.id) && !keys.includes(key.key));
  assertEquals(
    (await as(session.token)(`/admin/keys/${key.id}`, { method: "DELETE" })).status,
    204,
  );
  assertEquals((await as(key.key)("/admin/functions")).status, 401);

  // Deleting the account ends its sessions and keys.
  const other = await (await as(session.token)("/admin/keys", {
    method: "POST",
    body: JSON.stringify({ name: "laptop" }),
  })).json();
  assertEquals((await as(fx.token)("/admin/users/ann", { method: "DELETE" })).status, 200);
  assertEquals((await as(session.token)("/admin/functions")).status, 401);
  assertEquals((await as(other.key)("/admin/functions")).status, 401);

  // Five wrong passwords, then 429 with Retry-After (even for the right one).
  await as(fx.token)("/admin/users", {
    method: "POST",
    body: JSON.stringify({ name: "eve", password: PASSWORD, role: "viewer" }),
  });
  for (let i = 0; i < 5; i++) {
    assertEquals((await post("/auth/login", { name: "eve", password: `guess-${i}` })).status, 401);
  }
  const limited = await post("/auth/login", { name: "eve", password: PASSWORD });
  assertEquals(limited.status, 429);
  assert(Number(limited.headers.get("retry-after")) > 0);
  assertEquals((await post("/auth/register", { name: "mal", password: PASSWORD })).status, 403);
});
