import { Hono } from "hono";
import { assert, assertEquals, assertMatch } from "../../test/helpers/assert.ts";
import {
  createUiApp as createApp,
  CSRF_HEADER,
  safeNext,
  SESSION_COOKIE,
  SessionSealer,
  type UiOptions,
} from "./mod.ts";

const TOKEN = "ui-app-test-token-0123456789";
const ORIGIN = "http://ui.test/ui";

/** The dashboard mounted where the platform mounts it. */
const createUiApp = (options: UiOptions) => new Hono().route("/ui", createApp(options));

/** A stand-in for the platform: the admin API checks the bearer and echoes what it got. */
function fakePlatform(seen: Request[] = []) {
  return (req: Request) => {
    seen.push(req);
    const url = new URL(req.url);
    if (url.pathname.startsWith("/auth/")) return Response.json({ error: "no" }, { status: 404 });
    if (req.headers.get("authorization") !== `Bearer ${TOKEN}`) {
      return Response.json({ error: "Invalid bearer token", code: "unauthorized" }, {
        status: 401,
      });
    }
    return Response.json({ path: url.pathname, search: url.search, method: req.method });
  };
}

function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const at = pair.indexOf("=");
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** Opens the login page and posts its form (with its CSRF token) from `origin`. */
async function login(
  app: ReturnType<typeof createUiApp>,
  token = TOKEN,
  origin = "http://ui.test",
  form: Record<string, string> = { next: "/ui/functions/x" },
) {
  const page = await app.request(`${ORIGIN}/login`);
  const pre = cookiesOf(page).denofn_ui_login;
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await app.request(`${ORIGIN}/login`, {
    method: "POST",
    headers: { cookie: `denofn_ui_login=${pre}`, origin, host: "ui.test" },
    body: new URLSearchParams({ csrf, ...form, token }),
  });
  return res;
}

async function session(app: ReturnType<typeof createUiApp>) {
  const res = await login(app);
  const cookie = `${SESSION_COOKIE}=${cookiesOf(res)[SESSION_COOKIE]}`;
  const shell = await (await app.request(`${ORIGIN}/`, { headers: { cookie } })).text();
  const csrf = /name="denofn-csrf" content="([^"]+)"/.exec(shell)![1];
  return { cookie, csrf };
}

Deno.test("createUiApp() sends pages to the login and answers the API 401 without a session", async () => {
  const app = createUiApp({ secret: TOKEN, upstream: fakePlatform() });
  const page = await app.request(`${ORIGIN}/functions/hello`);
  assertEquals(page.status, 302);
  assertEquals(page.headers.get("location"), "/ui/login?next=%2Fui%2Ffunctions%2Fhello");
  const api = await app.request(`${ORIGIN}/api/admin/functions`);
  assertEquals(api.status, 401);
  assertEquals((await api.json()).code, "unauthorized");
});

Deno.test("createUiApp() logs in with a token into an HttpOnly, SameSite=Strict cookie on /ui", async () => {
  const app = createUiApp({ secret: TOKEN, upstream: fakePlatform() });
  const res = await login(app);
  assertEquals(res.status, 303);
  assertEquals(res.headers.get("location"), "/ui/functions/x");
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  assertMatch(set, /HttpOnly/);
  assertMatch(set, /SameSite=Strict/);
  assertMatch(set, /Path=\/ui/);
  assert(!set.includes(TOKEN), "the cookie is sealed, not the token");
});

Deno.test("createUiApp() refuses a wrong token, a missing form token and another origin", async () => {
  const app = createUiApp({ secret: TOKEN, upstream: fakePlatform() });
  const wrong = await login(app, "not-the-token");
  assertEquals(wrong.status, 401);
  assertMatch(await wrong.text(), /not valid/);
  const noCsrf = await app.request(`${ORIGIN}/login`, {
    method: "POST",
    body: new URLSearchParams({ token: TOKEN }),
  });
  assertEquals(noCsrf.status, 401);
  assertEquals(cookiesOf(noCsrf)[SESSION_COOKIE], undefined);
  const crossSite = await login(app, TOKEN, "http://evil.test", {});
  assertEquals(crossSite.status, 401);
});

Deno.test("createUiApp() forwards the admin API with the bearer; changes need the CSRF token", async () => {
  const seen: Request[] = [];
  const app = createUiApp({ secret: TOKEN, upstream: fakePlatform(seen) });
  const { cookie, csrf } = await session(app);
  const list = await app.request(`${ORIGIN}/api/admin/functions?x=1`, { headers: { cookie } });
  assertEquals(await list.json(), { path: "/admin/functions", search: "?x=1", method: "GET" });
  const forwarded = seen.at(-1)!;
  assertEquals(forwarded.headers.get("authorization"), `Bearer ${TOKEN}`);
  assertEquals(forwarded.headers.get("cookie"), null, "the browser's cookies stay in the UI");

  const post = (headers: Record<string, string>) =>
    app.request(`${ORIGIN}/api/admin/functions/x/restart`, {
      method: "POST",
      headers: { cookie, ...headers },
    });
  assertEquals((await post({})).status, 403);
  assertEquals((await post({ [CSRF_HEADER]: "wrong" })).status, 403);
  assertEquals((await post({ [CSRF_HEADER]: csrf, "sec-fetch-site": "cross-site" })).status, 403);
  assertEquals((await post({ [CSRF_HEADER]: csrf })).status, 200);
  assertEquals(
    (await app.request(`${ORIGIN}/api/fn/x`, { headers: { cookie } })).status,
    404,
    "only the admin API and /metrics are forwarded",
  );
});

Deno.test("createUiApp() sets the CSP and frame headers on pages, assets and API answers", async () => {
  const app = createUiApp({ secret: TOKEN, upstream: fakePlatform() });
  const { cookie } = await session(app);
  for (const path of ["/login", "/", "/api/admin/functions", "/assets/main.js"]) {
    const res = await app.request(`${ORIGIN}${path}`, { headers: { cookie } });
    await res.body?.cancel();
    const csp = res.headers.get("content-security-policy") ?? "";
    assertMatch(csp, /default-src 'none'/, path);
    assertMatch(csp, /script-src 'self'(;|$)/, path);
    assert(!csp.includes("unsafe-inline"), path);
    assertEquals(res.headers.get("x-frame-options"), "DENY", path);
    assertEquals(res.headers.get("x-content-type-options"), "nosniff", path);
  }
  const shell = await (await app.request(`${ORIGIN}/`, { headers: { cookie } })).text();
  assert(!/<script>/.test(shell) && !/ on[a-z]+=/.test(shell), "no inline script in the shell");
});

Deno.test("SessionSealer opens only its own, unexpired, untouched sessions", async () => {
  const sealer = await SessionSealer.create("secret-one-0123456789");
  const other = await SessionSealer.create("secret-two-0123456789");
  const sealed = await sealer.seal({ bearer: "b", who: "w", csrf: "c", exp: Date.now() + 60_000 });
  assertEquals((await sealer.open(sealed))?.bearer, "b");
  assertEquals(await other.open(sealed), undefined);
  const flipped = sealed.slice(0, 20) + (sealed[20] === "A" ? "B" : "A") + sealed.slice(21);
  assertEquals(await sealer.open(flipped), undefined);
  assertEquals(await sealer.open(sealed, Date.now() + 120_000), undefined);
  assertEquals(await sealer.open("garbage"), undefined);
});

Deno.test("safeNext() keeps only paths of the dashboard", () => {
  assertEquals(safeNext("/ui/functions/a?x=1"), "/ui/functions/a?x=1");
  for (
    const bad of ["//evil.test/ui", "https://evil.test/ui", "/uix", "/ui//evil", "/ui\\x", null]
  ) {
    assertEquals(safeNext(bad), "/ui", String(bad));
  }
});
