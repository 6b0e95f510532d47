/** The admin token: from `DENOFN_ADMIN_TOKEN`, else generated once and kept under the data folder. */
import { join } from "node:path";

/** Where the admin token came from. */
export interface AdminToken {
  token: string;
  source: "env" | "file" | "generated";
  /** The token file, when the token lives in one. */
  path?: string;
}

/** Shortest token accepted from the environment. */
export const MIN_TOKEN_LENGTH = 16;

/** File name of the generated token inside the data folder. */
export const TOKEN_FILE = "admin_token";

/**
 * Loads the admin token: `DENOFN_ADMIN_TOKEN` when set, else `<dataDir>/admin_token`, generating
 * it (mode 0600) at first start. The platform should print `path` when `source` is `generated`.
 * @throws {Error} naming `DENOFN_ADMIN_TOKEN` when it is set but too short.
 */
export async function loadAdminToken(
  dataDir: string,
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Promise<AdminToken> {
  const fromEnv = env.DENOFN_ADMIN_TOKEN;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (fromEnv.trim().length < MIN_TOKEN_LENGTH) {
      throw new Error(`DENOFN_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
    }
    return { token: fromEnv.trim(), source: "env" };
  }
  const path = join(dataDir, TOKEN_FILE);
  try {
    const token = (await Deno.readTextFile(path)).trim();
    if (token.length >= MIN_TOKEN_LENGTH) {
      await Deno.chmod(path, 0o600).catch(() => {});
      return { token, source: "file", path };
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  await Deno.mkdir(dataDir, { recursive: true });
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes)).replace(
    /[+/=]/g,
    (c) => c === "+" ? "-" : c === "/" ? "_" : "",
  );
  // Written aside, then linked into place: when two services of one platform start together,
  // the first link wins and the other reads a complete token.
  const aside = `${path}.${crypto.randomUUID()}`;
  await Deno.writeTextFile(aside, token + "\n", { mode: 0o600 });
  try {
    await Deno.link(aside, path);
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    return { token: (await Deno.readTextFile(path)).trim(), source: "file", path };
  } finally {
    await Deno.remove(aside).catch(() => {});
  }
  await Deno.chmod(path, 0o600);
  return { token, source: "generated", path };
}

export { tokensEqual } from "../util/bearer.ts";
