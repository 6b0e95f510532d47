/** The admin API client: maps transport and HTTP errors to helpful messages and exit codes. */
import type { Connection } from "./config.ts";
import { CliError, EXIT } from "./errors.ts";

/** Sends one request to the platform; `path` starts with `/` (e.g. `/admin/functions`). */
export async function request(
  conn: Connection,
  path: string,
  init: RequestInit & { admin?: boolean } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.admin !== false && conn.token) headers.set("authorization", `Bearer ${conn.token}`);
  let res: Response;
  try {
    res = await fetch(`${conn.url}${path}`, { ...init, headers });
  } catch (e) {
    if (init.signal?.aborted) throw e;
    throw new CliError(
      EXIT.server,
      `Cannot reach the platform at ${conn.url}: ${(e as Error).message}\n` +
        `Is it running (deno task start)? Set the URL with --url or DENOFN_URL.`,
    );
  }
  return res;
}

/** Sends an admin request and returns its JSON body, or throws a {@link CliError}. */
export async function adminJson<T = unknown>(
  conn: Connection,
  path: string,
  init: RequestInit = {},
  accept: number[] = [],
): Promise<{ status: number; body: T }> {
  const res = await request(conn, `/admin${path}`, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch { /* not JSON */ }
  if (res.ok || accept.includes(res.status)) return { status: res.status, body: body as T };
  throw errorFor(conn, res.status, body);
}

/** The CLI error for an admin API error answer. */
export function errorFor(conn: Connection, status: number, body: unknown): CliError {
  const message = typeof body === "object" && body && "error" in body
    ? String((body as { error: unknown }).error)
    : String(body).slice(0, 500) || `HTTP ${status}`;
  if (status === 401 || status === 403) {
    const hint = conn.token
      ? `The admin token from ${conn.tokenSource} was refused.`
      : "No admin token found: pass --token, set DENOFN_ADMIN_TOKEN, or run where data/admin_token is.";
    return new CliError(EXIT.auth, `${message}\n${hint}`, body);
  }
  if (status === 404) return new CliError(EXIT.notFound, message, body);
  if (status >= 500) return new CliError(EXIT.server, `Server error (${status}): ${message}`, body);
  return new CliError(EXIT.rejected, message, body);
}
