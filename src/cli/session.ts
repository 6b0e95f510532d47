/**
 * The CLI's login session: `denofn login` keeps the session and refresh tokens in
 * `$XDG_CONFIG_HOME/denofn/session.json` (or `$DENOFN_SESSION`), mode 0600, for one server URL.
 * A session close to its expiry is refreshed before use; one that cannot be refreshed is dropped.
 */
import { dirname, join } from "node:path";

/** What the session file holds. */
export interface SavedSession {
  url: string;
  user?: string;
  token: string;
  refreshToken: string;
  /** Epoch ms the access token expires. */
  expiresAt: number;
}

/** The answer of `/auth/login` and `/auth/refresh`. */
export interface SessionAnswer {
  token: string;
  refreshToken: string;
  expiresIn: number;
}

/** Path of the session file, or undefined when there is no home to keep it in. */
export function sessionPath(env: Record<string, string | undefined>): string | undefined {
  if (env.DENOFN_SESSION) return env.DENOFN_SESSION;
  const base = env.XDG_CONFIG_HOME ?? (env.HOME ? join(env.HOME, ".config") : undefined);
  return base ? join(base, "denofn", "session.json") : undefined;
}

/** Writes the session (mode 0600). */
export async function saveSession(path: string, session: SavedSession): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await Deno.writeTextFile(path, JSON.stringify(session, null, 2) + "\n", { mode: 0o600 });
  await Deno.chmod(path, 0o600);
}

/** The session from a login or refresh answer. */
export function sessionFrom(url: string, answer: SessionAnswer, user?: string): SavedSession {
  return {
    url,
    user,
    token: answer.token,
    refreshToken: answer.refreshToken,
    expiresAt: Date.now() + answer.expiresIn * 1000,
  };
}

async function read(path: string): Promise<SavedSession | undefined> {
  try {
    const s = JSON.parse(await Deno.readTextFile(path));
    return typeof s?.token === "string" && typeof s?.url === "string" ? s : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The session token for `url`, refreshed when it expires within 30 s, or undefined when there is
 * no usable session for that server.
 */
export async function sessionToken(
  url: string,
  env: Record<string, string | undefined>,
): Promise<{ token: string; source: string } | undefined> {
  const path = sessionPath(env);
  const saved = path && await read(path);
  if (!path || !saved || saved.url !== url) return undefined;
  if (saved.expiresAt > Date.now() + 30_000) return { token: saved.token, source: path };
  try {
    const res = await fetch(`${url}/auth/refresh`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ refreshToken: saved.refreshToken }),
    });
    if (!res.ok) {
      await res.body?.cancel();
      await Deno.remove(path).catch(() => {});
      return undefined;
    }
    const next = sessionFrom(url, await res.json(), saved.user);
    await saveSession(path, next);
    return { token: next.token, source: path };
  } catch {
    return undefined;
  }
}
