/**
 * The dashboard at `/ui`, a Hono sub-app the composition root mounts on the gateway: the login
 * page, the shell the client renders into, the static assets, and `/ui/api/...`, the forwarder
 * to the admin API. The session lives in an HttpOnly, SameSite=Strict cookie scoped to `/ui`
 * (function calls under `/fn` never see it); every state-changing request must carry the
 * session's CSRF token and come from the same origin.
 */
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { tokensEqual } from "../util/bearer.ts";
import { Assets } from "./assets.ts";
import { securityHeaders } from "./headers.ts";
import { loginWithAccount, loginWithToken, refreshLogin } from "./login.ts";
import { LoginPage, ShellPage } from "./pages.tsx";
import { forward, type Upstream, upstreamPath } from "./proxy.ts";
import { randomToken, type Session, SessionSealer } from "./session.ts";

/** Where the dashboard is mounted (its pages link to absolute `/ui` paths). */
export const UI_BASE = "/ui";
/** The session cookie and the login form's CSRF cookie. */
export const SESSION_COOKIE = "denofn_ui";
export const LOGIN_COOKIE = "denofn_ui_login";
/** The header a state-changing `/ui/api` request carries the session's CSRF token in. */
export const CSRF_HEADER = "x-denofn-csrf";

/** What {@link createUiApp} is built from. */
export interface UiOptions {
  /** Key material of the session cookies (the admin token: gateways sharing it share sessions). */
  secret: string;
  /** The platform's HTTP surface (the gateway app's `fetch`), reached in-process. */
  upstream: Upstream;
  /**
   * Offer the account login (name and password through `/auth/login`). Default: when the
   * platform answers `/auth/whoami` (asked once).
   */
  accounts?: boolean;
  /** How long a session lasts. Default 12 hours. */
  sessionTtlMs?: number;
  /** Static files (default: the shipped ones). */
  assets?: Assets;
}

const cookieBase = (c: Context) => ({
  path: UI_BASE,
  httpOnly: true,
  sameSite: "Strict" as const,
  secure: new URL(c.req.url).protocol === "https:",
});

/** A `/ui` path to go to after logging in (anything else becomes `/ui`). */
export function safeNext(next: string | undefined | null): string {
  return next && /^\/ui(\/[A-Za-z0-9._~\/%-]*)?(\?[^\\\s]*)?$/.test(next) && !next.includes("//")
    ? next
    : UI_BASE;
}

/** Whether the request comes from a page of this origin (Fetch metadata, then Origin). */
export function sameOrigin(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return false;
  const origin = req.headers.get("origin");
  if (!origin) return true;
  const host = req.headers.get("host") ?? new URL(req.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Builds the dashboard app, to mount at {@link UI_BASE}.
 * @example
 * gateway.route("/ui", createUiApp({ secret: adminToken, upstream: (r, env) => gateway.fetch(r, env) }));
 */
export function createUiApp(options: UiOptions): Hono {
  if (!options.secret) throw new Error("Cannot create the UI: the secret is empty");
  const sealing = SessionSealer.create(options.secret);
  let accounts: Promise<boolean> | undefined;
  const hasAccounts = (c: Context) =>
    accounts ??= options.accounts !== undefined
      ? Promise.resolve(options.accounts)
      : Promise.resolve(
        options.upstream(new Request(new URL("/auth/whoami", c.req.url)), c.env),
      ).then(async (res) => {
        await res.body?.cancel();
        return res.status !== 404;
      }, () => false);
  const assets = options.assets ?? new Assets();
  const ttl = options.sessionTtlMs ?? 12 * 3_600_000;
  const app = new Hono();
  app.use("*", securityHeaders());

  const sessionOf = async (c: Context) => (await sealing).open(getCookie(c, SESSION_COOKIE));
  const startSession = async (c: Context, s: Omit<Session, "csrf" | "exp">, lifeMs: number) => {
    const session: Session = { ...s, csrf: randomToken(), exp: Date.now() + lifeMs };
    setCookie(c, SESSION_COOKIE, await (await sealing).seal(session), {
      ...cookieBase(c),
      maxAge: Math.floor(lifeMs / 1000),
    });
  };
  // The platform sees the browser's connection (its address, for the login limiter).
  const upstreamOf = (c: Context): Upstream => (req) => options.upstream(req, c.env);
  const loginPage = async (c: Context, next: string, error?: string) => {
    // One login token per browser, so two open login pages both work.
    const kept = getCookie(c, LOGIN_COOKIE);
    const csrf = kept && /^[A-Za-z0-9_-]{32}$/.test(kept) ? kept : randomToken();
    setCookie(c, LOGIN_COOKIE, csrf, { ...cookieBase(c), maxAge: 3600 });
    const page = LoginPage({
      assets: await assets.urls(),
      csrf,
      next,
      error,
      accounts: await hasAccounts(c),
    });
    return c.html(`<!doctype html>${page}`, error ? 401 : 200);
  };

  app.get("/login", async (c) => {
    const next = safeNext(c.req.query("next"));
    if (await sessionOf(c)) return c.redirect(next, 302);
    return await loginPage(c, next);
  });

  app.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const field = (k: string) => typeof form[k] === "string" ? form[k] as string : "";
    const next = safeNext(field("next"));
    const expected = getCookie(c, LOGIN_COOKIE);
    if (!sameOrigin(c.req.raw) || !expected || !tokensEqual(field("csrf"), expected)) {
      return await loginPage(c, next, "The login form expired; please try again.");
    }
    const result = field("token")
      ? await loginWithToken(upstreamOf(c), c.req.raw, field("token").trim())
      : await loginWithAccount(upstreamOf(c), c.req.raw, field("name"), field("password"));
    if (typeof result === "string") return await loginPage(c, next, result);
    await startSession(c, result, ttl);
    deleteCookie(c, LOGIN_COOKIE, { path: UI_BASE });
    return c.redirect(next, 303);
  });

  app.post("/logout", async (c) => {
    const session = await sessionOf(c);
    const form = await c.req.parseBody();
    const csrf = typeof form.csrf === "string" ? form.csrf : "";
    if (session && (!sameOrigin(c.req.raw) || !tokensEqual(csrf, session.csrf))) {
      return c.json({ error: "Bad CSRF token", code: "forbidden" }, 403);
    }
    deleteCookie(c, SESSION_COOKIE, { path: UI_BASE });
    return c.redirect(`${UI_BASE}/login`, 303);
  });

  app.get("/assets/:name", async (c) => {
    const asset = (await assets.all()).get(c.req.param("name"));
    if (!asset) return c.json({ error: "No such asset", code: "not_found" }, 404);
    const etag = `"${asset.etag}"`;
    c.header("etag", etag);
    c.header(
      "cache-control",
      c.req.query("v") === asset.etag ? "public, max-age=31536000, immutable" : "no-cache",
    );
    if (c.req.header("if-none-match") === etag) return c.body(null, 304);
    return c.body(asset.body.slice().buffer, 200, { "content-type": asset.type });
  });

  app.all("/api/*", async (c) => {
    const session = await sessionOf(c);
    if (!session) return c.json({ error: "Log in first", code: "unauthorized" }, 401);
    const reading = c.req.method === "GET" || c.req.method === "HEAD";
    const csrf = c.req.header(CSRF_HEADER) ?? "";
    if (!sameOrigin(c.req.raw) || (!reading && !tokensEqual(csrf, session.csrf))) {
      return c.json({ error: "Bad or missing CSRF token", code: "forbidden" }, 403);
    }
    const path = upstreamPath(c.req.path.replace(/^.*?\/api(?=\/)/, ""));
    if (!path) return c.json({ error: `No UI API route ${c.req.path}`, code: "not_found" }, 404);
    const res = await forward(upstreamOf(c), c.req.raw, path, session.bearer);
    if (res.status !== 401 || !session.refresh || !reading) return res;
    // An account session's short-lived token expired: refresh it once and retry.
    const fresh = await refreshLogin(upstreamOf(c), c.req.raw, session.refresh);
    if (!fresh) return res;
    await res.body?.cancel();
    await startSession(c, { ...session, ...fresh }, session.exp - Date.now());
    return await forward(upstreamOf(c), c.req.raw, path, fresh.bearer);
  });

  app.get("/*", async (c) => {
    const session = await sessionOf(c);
    if (!session) {
      const next = safeNext(c.req.path + new URL(c.req.url).search);
      return c.redirect(`${UI_BASE}/login?next=${encodeURIComponent(next)}`, 302);
    }
    const page = ShellPage({ assets: await assets.urls(), csrf: session.csrf, who: session.who });
    return c.html(`<!doctype html>${page}`);
  });

  return app;
}
