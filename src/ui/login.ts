/**
 * Turning what the login form posted into a session: a token (the admin token or an API key) is
 * checked by asking the admin API with it; an account's name and password go to `/auth/login`.
 * Either way the credential is only ever checked by the platform's own auth.
 */
import { forward, type Upstream } from "./proxy.ts";

/** A successful login: the credential to forward, and who it is. */
export interface LoginResult {
  bearer: string;
  refresh?: string;
  who: string;
  /** Seconds the credential lives, when the platform says. */
  expiresIn?: number;
}

const MESSAGES: Record<number, string> = {
  401: "That credential is not valid.",
  403: "That credential may not use the admin API.",
  404: "The admin API is off on this platform (DENOFN_ADMIN=off).",
  429: "Too many attempts; wait a moment and try again.",
  503: "The platform is starting; try again in a moment.",
};

async function failure(res: Response, fallback: string): Promise<string> {
  const known = MESSAGES[res.status];
  if (known) {
    await res.body?.cancel();
    return known;
  }
  const body = await res.json().catch(() => ({})) as { error?: string };
  return body.error ?? fallback;
}

/** Checks a token against the admin API. @returns the session's content or why not. */
export async function loginWithToken(
  upstream: Upstream,
  base: Request,
  token: string,
): Promise<LoginResult | string> {
  if (!/^\S{1,4096}$/.test(token)) return MESSAGES[401];
  const probe = new Request(new URL("/ui/api/admin/history?limit=1", base.url));
  const res = await forward(upstream, probe, "/admin/history", token);
  if (!res.ok) return await failure(res, `The admin API answered ${res.status}`);
  await res.body?.cancel();
  return { bearer: token, who: token.startsWith("dfk_") ? "API key" : "admin token" };
}

/** Logs in with an account through `/auth/login`. @returns the session's content or why not. */
export async function loginWithAccount(
  upstream: Upstream,
  base: Request,
  name: string,
  password: string,
): Promise<LoginResult | string> {
  const res = await upstream(
    new Request(new URL("/auth/login", base.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, password }),
    }),
  );
  if (res.status === 404) {
    await res.body?.cancel();
    return "Accounts are not enabled on this platform: log in with the admin token.";
  }
  if (!res.ok) return await failure(res, `The login answered ${res.status}`);
  const body = await res.json() as { token: string; refreshToken?: string; expiresIn?: number };
  return { bearer: body.token, refresh: body.refreshToken, who: name, expiresIn: body.expiresIn };
}

/** Trades an account session's refresh token for a new one (`/auth/refresh`). */
export async function refreshLogin(
  upstream: Upstream,
  base: Request,
  refreshToken: string,
): Promise<{ bearer: string; refresh?: string } | undefined> {
  const res = await upstream(
    new Request(new URL("/auth/refresh", base.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken }),
    }),
  );
  if (!res.ok) {
    await res.body?.cancel();
    return undefined;
  }
  const body = await res.json() as { token: string; refreshToken?: string };
  return { bearer: body.token, refresh: body.refreshToken };
}
