/** The admin token: from `DENOFN_ADMIN_TOKEN`, else generated once and kept under the data folder. */
import { join } from "node:path";
import { loadOrCreateSecretFile, randomSecret } from "../util/key_file.ts";

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
  const { value, generated } = await loadOrCreateSecretFile(
    path,
    randomSecret,
    (token) => token.length >= MIN_TOKEN_LENGTH,
  );
  return { token: value, source: generated ? "generated" : "file", path };
}

export { tokensEqual } from "../util/bearer.ts";
