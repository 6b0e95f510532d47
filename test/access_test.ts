/**
 * Secrets, per-function auth and static sites on the real platform: a canary secret reaches the
 * function and nowhere else, each auth type refuses before any instance starts, and static files
 * are served by the gateway with caching, ranges and SPA routing, never from outside the folder.
 */
import { join } from "node:path";
import { SignJWT } from "jose";
import { assert, assertEquals } from "./helpers/assert.ts";
import { startTempPlatform, type TempPlatform } from "./helpers/temp_platform.ts";

const CANARY = "canary-secret-5be1f0a2-never-leak";
const enc = new TextEncoder();

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", enc.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function admin(tp: TempPlatform) {
  const token = tp.platform.adminToken.token;
  return (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    return fetch(`${tp.url}/admin${path}`, { ...init, headers });
  };
}

/** Every file under `dir` that contains `needle`. */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  const bytes = enc.encode(needle);
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.isFile) {
        const data = await Deno.readFile(p);
        outer: for (let i = 0; i + bytes.length <= data.length; i++) {
          for (let j = 0; j < bytes.length; j++) if (data[i + j] !== bytes[j]) continue outer;
          hits.push(p);
          break;
        }
      }
    }
  };
  await walk(dir);
  return hits;
}

/** Sends a request line as written (fetch would normalize the path first). */
async function rawStatus(url: string, path: string): Promise<number> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(enc.encode(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
    const buf = new Uint8Array(1024);
    const n = await conn.read(buf);
    return Number(
      /^HTTP\/1\.1 (\d{3})/.exec(new TextDecoder().decode(buf.subarray(0, n ?? 0)))?.[1],
    );
  } finally {
    conn.close();
  }
}

Deno.test("a secret reaches the function's environment and no response, log, history or file", async () => {
  const tp = await startTempPlatform(["secret_env"]);
  const call = admin(tp);
  try {
    const before = await (await fetch(`${tp.url}/fn/secret_env`)).json();
    assertEquals(before.has, false);
    const set = await call("/functions/secret_env/secrets/API_TOKEN", {
      method: "PUT",
      body: CANARY,
    });
    assertEquals(set.status, 204);
    const after = await (await fetch(`${tp.url}/fn/secret_env`)).json();
    assertEquals([after.has, after.length, after.sha256], [
      true,
      CANARY.length,
      await sha256(CANARY),
    ]);
    assert(after.pid !== before.pid, "a secret change restarts the instance");

    const list = await call("/functions/secret_env/secrets");
    const listed = await list.json();
    assertEquals(listed.map((s: { name: string }) => s.name), ["API_TOKEN"]);
    assert(typeof listed[0].updatedAt === "string");

    const refused = await call("/functions/secret_env/secrets/LD_PRELOAD", {
      method: "PUT",
      body: "/tmp/x.so",
    });
    assertEquals(refused.status, 400);
    assert((await refused.text()).includes("LD_"));

    // Everything the platform shows or keeps, searched for the canary.
    const surfaces = [
      JSON.stringify(listed),
      await (await call("/functions/secret_env")).text(),
      await (await call("/functions")).text(),
      await (await call("/functions/secret_env/logs?limit=1000")).text(),
      await (await call("/history?function=secret_env")).text(),
      await (await fetch(`${tp.url}/metrics`)).text(),
      JSON.stringify(tp.logs),
    ];
    for (const text of surfaces) assert(!text.includes(CANARY), text.slice(0, 300));
    const root = join(tp.inDir, "..");
    assertEquals(
      await filesContaining(root, CANARY),
      [],
      "no file holds the value (data, bundles)",
    );

    assertEquals(
      (await call("/functions/secret_env/secrets/API_TOKEN", { method: "DELETE" })).status,
      204,
    );
    assertEquals((await (await fetch(`${tp.url}/fn/secret_env`)).json()).has, false);
    assertEquals(
      (await call("/functions/secret_env/secrets/API_TOKEN", { method: "DELETE" })).status,
      404,
    );
  } finally {
    await tp.close();
  }
});

Deno.test("per-function auth refuses before an instance starts, and takes good credentials", async () => {
  const tp = await startTempPlatform(["auth_key", "auth_shared", "auth_jwt"]);
  const call = admin(tp);
  const fn = (name: string, headers: Record<string, string> = {}) =>
    fetch(`${tp.url}/fn/${name}`, { headers });
  const status = async (name: string, headers: Record<string, string> = {}) => {
    const res = await fn(name, headers);
    await res.body?.cancel();
    return res.status;
  };
  try {
    // Refused calls: 401 without credentials, 503 while a named secret is unset, 403 when wrong.
    for (const name of ["auth_key", "auth_shared", "auth_jwt"]) {
      const res = await fn(name);
      assertEquals(res.status, 401, name);
      assertEquals((await res.json()).function, name);
    }
    assertEquals(await status("auth_shared", { "x-denofn-key": "guess" }), 503);
    assertEquals(await status("auth_jwt", { authorization: "Bearer a.b.c" }), 503);
    assertEquals(
      await status("auth_key", {
        authorization: "Bearer dfn_0123456789abcdef_nope-nope-nope-nope-nope",
      }),
      403,
    );
    for (const name of ["auth_key", "auth_shared", "auth_jwt"]) {
      assertEquals(tp.supervisor.get(name)!.slots.length, 0, `${name} started no instance`);
      assertEquals(tp.platform.observability!.counters.get(name).coldStarts, 0);
    }
    const history = await (await call("/history?function=auth_key")).json();
    assert(
      history.records.some((r: { status: number }) => r.status === 401),
      "refusals are recorded",
    );

    // Function keys: shown once, sent as bearer or X-Denofn-Key, stripped, revoked at once.
    const created = await call("/functions/auth_key/keys", { method: "POST" });
    assertEquals(created.status, 201);
    const { id, key } = await created.json();
    const seen = await (await fn("auth_key", { authorization: `Bearer ${key}` })).json();
    assertEquals(seen, { ok: true, authorization: null, key: null });
    assertEquals(await status("auth_key", { "x-denofn-key": key }), 200);
    const listed = await (await call("/functions/auth_key/keys")).text();
    assert(listed.includes(id) && !listed.includes(key));
    assertEquals((await call(`/functions/auth_key/keys/${id}`, { method: "DELETE" })).status, 204);
    assertEquals(await status("auth_key", { "x-denofn-key": key }), 403);

    // Shared secret: the function's secret, compared in constant time.
    await call("/functions/auth_shared/secrets/CALL_SECRET", {
      method: "PUT",
      body: "s3cret-value",
    });
    assertEquals(await status("auth_shared", { "x-denofn-key": "s3cret-value" }), 200);
    assertEquals(await status("auth_shared", { authorization: "Bearer s3cret-value" }), 200);
    assertEquals(await status("auth_shared", { "x-denofn-key": "s3cret-valuE" }), 403);

    // JWT: signed with the function's secret, for its audience, unexpired; the function sees it.
    const jwtKey = "jwt-signing-key-0123456789abcdef";
    await call("/functions/auth_jwt/secrets/JWT_KEY", { method: "PUT", body: jwtKey });
    const sign = (aud: string, key = jwtKey) =>
      new SignJWT({ sub: "ada" }).setProtectedHeader({ alg: "HS256" }).setAudience(aud)
        .setExpirationTime("5m").sign(enc.encode(key));
    const good = await sign("denofn-test");
    const res = await fn("auth_jwt", { authorization: `Bearer ${good}` });
    assertEquals(res.status, 200);
    assertEquals((await res.json()).authorization, `Bearer ${good}`);
    assertEquals(await status("auth_jwt", { authorization: `Bearer ${await sign("other")}` }), 403);
    assertEquals(
      await status("auth_jwt", {
        authorization: `Bearer ${await sign("denofn-test", "k".repeat(32))}`,
      }),
      403,
    );
    assertEquals(
      await status("auth_jwt", { authorization: `Bearer ${good.slice(0, -3)}abc` }),
      403,
    );
  } finally {
    await tp.close();
  }
});

Deno.test("static files: ETag/304, Range/206, gzip, SPA fallback, /api to the handler, nothing outside", async () => {
  const tp = await startTempPlatform(["site", "static_only"]);
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${tp.url}/fn/${path}`, { headers });
  try {
    const home = await get("site/");
    assertEquals(home.status, 200);
    assertEquals(home.headers.get("content-type"), "text/html; charset=utf-8");
    assert((await home.text()).includes("site home"));
    const etag = home.headers.get("etag")!;
    const again = await get("site/", { "if-none-match": etag });
    assertEquals(again.status, 304);

    const js = await get("site/assets/app.js", { "accept-encoding": "identity" });
    assertEquals(js.headers.get("content-type"), "text/javascript; charset=utf-8");
    assertEquals(js.headers.get("cache-control"), "public, max-age=60");
    assert(js.headers.get("last-modified"));
    const size = (await js.arrayBuffer()).byteLength;
    const part = await get("site/assets/app.js", { range: "bytes=0-5" });
    assertEquals([part.status, await part.text()], [206, "// app"]);
    assertEquals(part.headers.get("content-range"), `bytes 0-5/${size}`);
    const gz = await fetch(`${tp.url}/fn/site/assets/app.js`, {
      headers: { "accept-encoding": "gzip" },
    });
    assertEquals(gz.headers.get("content-encoding"), "gzip");
    await gz.body?.cancel();

    const deep = await get("site/settings/profile", { accept: "text/html" });
    assertEquals([deep.status, deep.headers.get("cache-control")], [200, "no-cache"]);
    assert((await deep.text()).includes("site home"), "an app route answers index.html");
    const api = await get("site/api/users?x=1", { accept: "text/html" });
    assertEquals(await api.json(), { api: true, path: "/api/users", method: "GET" });
    const post = await fetch(`${tp.url}/fn/site/api/items`, { method: "POST", body: "{}" });
    assertEquals((await post.json()).method, "POST");

    // Dotfiles, the manifest, links out and escapes are never served from the folder.
    await Deno.writeTextFile(join(tp.inDir, "..", "outside.txt"), "outside-canary");
    await Deno.symlink(
      join(tp.inDir, "..", "outside.txt"),
      join(tp.inDir, "site", "public", "leak.txt"),
    );
    for (
      const path of ["site/.env", "site/.hidden/file.txt", "site/registry.json", "site/leak.txt"]
    ) {
      const text = await (await get(path)).text();
      for (const canary of ["dotfile-canary", "hidden-canary", "outside-canary", '"static"']) {
        assert(!text.includes(canary), `${path}: ${text.slice(0, 200)}`);
      }
    }
    assertEquals(await rawStatus(tp.url, "/fn/site/..%2fregistry.json"), 400);
    assertEquals(await rawStatus(tp.url, "/fn/site/assets%2f..%2f..%2fregistry.json"), 400);
    assertEquals(await rawStatus(tp.url, "/fn/site/%2e%2e/%2e%2e/etc/passwd"), 400);

    // A static-only function: files, a JSON 404 for the rest, and never an instance.
    const only = await get("static_only/");
    assert((await only.text()).includes("no code here"));
    assertEquals(
      (await get("static_only/notes.txt")).headers.get("content-type"),
      "text/plain; charset=utf-8",
    );
    const missing = await get("static_only/nope.txt");
    assertEquals([missing.status, (await missing.json()).code], [404, "not_found"]);
    const posted = await fetch(`${tp.url}/fn/static_only/`, { method: "POST", body: "x" });
    assertEquals(posted.status, 404);
    await posted.body?.cancel();
    assertEquals(tp.supervisor.get("static_only")!.slots.length, 0);
    assertEquals(
      tp.supervisor.get("site")!.slots.length > 0,
      true,
      "the API started the site's code",
    );
  } finally {
    await tp.close();
  }
});

Deno.test("the guestbook example: an SPA from public/, its API under /api, signed with a secret", async () => {
  const tp = await startTempPlatform([], {}, { examples: ["guestbook"] });
  const call = admin(tp);
  try {
    const page = await fetch(`${tp.url}/fn/guestbook/about`, { headers: { accept: "text/html" } });
    assert((await page.text()).includes("<title>Guestbook</title>"));
    const script = await fetch(`${tp.url}/fn/guestbook/app.js`);
    assertEquals(script.headers.get("content-type"), "text/javascript; charset=utf-8");
    await script.body?.cancel();
    const health = await fetch(`${tp.url}/fn/guestbook/api/health`);
    assertEquals(await health.json(), { ok: true, signing: false });
    const set = await call("/functions/guestbook/secrets/SIGNING_KEY", {
      method: "PUT",
      body: "k",
    });
    assertEquals(set.status, 204);
    const posted = await fetch(`${tp.url}/fn/guestbook/api/entries`, {
      method: "POST",
      body: JSON.stringify({ name: "Ada", text: "hello" }),
    });
    assertEquals(posted.status, 201);
    assertEquals((await posted.json()).signature?.length, 64);
  } finally {
    await tp.close();
  }
});
