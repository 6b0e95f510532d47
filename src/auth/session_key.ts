/** The key that signs session tokens: `<data>/session_key`, generated once with mode 0600. */
import { join } from "node:path";
import { loadOrCreateSecretFile } from "../util/key_file.ts";

/** File name of the session signing key inside the data folder. */
export const SESSION_KEY_FILE = "session_key";

/** Loads (or generates) the session signing key of a data folder. */
export async function loadSessionKey(dataDir: string): Promise<string> {
  return (await loadOrCreateSecretFile(join(dataDir, SESSION_KEY_FILE))).value;
}
