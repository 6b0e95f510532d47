/** Where the CLI finds the server URL and the admin token: flags, env, config file, data folder. */
import { join } from "node:path";
import { z } from "zod";
import { CliError, EXIT } from "./errors.ts";
import { sessionToken } from "./session.ts";

/** The resolved connection settings. */
export interface Connection {
  url: string;
  token?: string;
  /** Where the token came from, for error messages. */
  tokenSource: string;
}

const fileSchema = z.strictObject({
  url: z.string().url().optional(),
  token: z.string().min(1).optional(),
});

/** Path of the config file: `$DENOFN_CONFIG`, else `$XDG_CONFIG_HOME/denofn/config.json`. */
export function configPath(env: Record<string, string | undefined>): string | undefined {
  if (env.DENOFN_CONFIG) return env.DENOFN_CONFIG;
  const base = env.XDG_CONFIG_HOME ?? (env.HOME ? join(env.HOME, ".config") : undefined);
  return base ? join(base, "denofn", "config.json") : undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) {
      return undefined;
    }
    throw e;
  }
}

/**
 * Resolves URL and credential, first match wins: `--url`/`--token`/`--key`/`--token-file`, then
 * `DENOFN_URL`/`DENOFN_ADMIN_TOKEN`/`DENOFN_KEY`, then the `denofn login` session for that URL,
 * then the config file, then the token file the platform generates (`$DENOFN_DATA/admin_token`,
 * default `./data/admin_token`).
 */
export async function resolveConnection(
  flags: { url?: string; token?: string; "token-file"?: string; key?: string },
  env: Record<string, string | undefined>,
): Promise<Connection> {
  const path = configPath(env);
  let file: z.output<typeof fileSchema> = {};
  const text = path ? await readText(path) : undefined;
  if (text !== undefined) {
    const parsed = fileSchema.safeParse((() => {
      try {
        return JSON.parse(text);
      } catch {
        return null;
      }
    })());
    if (!parsed.success) {
      throw new CliError(EXIT.usage, `Cannot use ${path}: expected {"url": "...", "token": "..."}`);
    }
    file = parsed.data;
  }
  const url = (flags.url ?? env.DENOFN_URL ?? file.url ?? "http://127.0.0.1:8000").replace(
    /\/+$/,
    "",
  );
  if (!/^https?:\/\//.test(url)) throw new CliError(EXIT.usage, `Bad server URL "${url}"`);
  if (flags.token) return { url, token: flags.token, tokenSource: "--token" };
  if (flags.key) return { url, token: flags.key, tokenSource: "--key" };
  if (flags["token-file"]) {
    const t = await readText(flags["token-file"]);
    if (t === undefined) throw new CliError(EXIT.usage, `Cannot read ${flags["token-file"]}`);
    return { url, token: t.trim(), tokenSource: flags["token-file"] };
  }
  if (env.DENOFN_ADMIN_TOKEN) {
    return { url, token: env.DENOFN_ADMIN_TOKEN, tokenSource: "DENOFN_ADMIN_TOKEN" };
  }
  if (env.DENOFN_KEY) return { url, token: env.DENOFN_KEY, tokenSource: "DENOFN_KEY" };
  const session = await sessionToken(url, env);
  if (session) {
    return { url, token: session.token, tokenSource: `the session in ${session.source}` };
  }
  if (file.token) return { url, token: file.token, tokenSource: path! };
  const tokenFile = join(env.DENOFN_DATA ?? "data", "admin_token");
  const local = await readText(tokenFile);
  if (local?.trim()) return { url, token: local.trim(), tokenSource: tokenFile };
  return { url, tokenSource: "none" };
}
