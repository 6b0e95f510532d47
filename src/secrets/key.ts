/**
 * The key that encrypts secrets at rest (AES-256-GCM): `DENOFN_SECRETS_KEY` (32 bytes as base64,
 * base64url or 64 hex digits), else `<data>/secrets_key`, generated once with mode 0600.
 */
import { join } from "node:path";
import { decodeBase64 } from "./base64.ts";
import { base64url, loadOrCreateSecretFile } from "../util/key_file.ts";

/** File name of the generated key inside the data folder. */
export const SECRETS_KEY_FILE = "secrets_key";

/** Where the key came from, and the key. */
export interface SecretsKey {
  key: CryptoKey;
  source: "env" | "file" | "generated";
  path?: string;
}

/** The 32 key bytes of a text, or undefined when it is not 32 bytes in a known encoding. */
export function keyBytes(text: string): Uint8Array | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) {
    return Uint8Array.from(t.match(/../g)!, (h) => parseInt(h, 16));
  }
  const bytes = decodeBase64(t);
  return bytes?.length === 32 ? bytes : undefined;
}

function importKey(bytes: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", bytes as Uint8Array<ArrayBuffer>, "AES-GCM", false, [
    "encrypt",
    "decrypt",
  ]);
}

/**
 * Loads the secrets key.
 * @throws {Error} naming `DENOFN_SECRETS_KEY` (or the file) when the value is not a 32-byte key.
 */
export async function loadSecretsKey(dataDir: string, fromEnv?: string): Promise<SecretsKey> {
  if (fromEnv) {
    const bytes = keyBytes(fromEnv);
    if (!bytes) {
      throw new Error(
        "DENOFN_SECRETS_KEY must be 32 bytes as base64 or 64 hex digits " +
          "(e.g. `openssl rand -base64 32`)",
      );
    }
    return { key: await importKey(bytes), source: "env" };
  }
  const path = join(dataDir, SECRETS_KEY_FILE);
  const file = await loadOrCreateSecretFile(
    path,
    () => base64url(crypto.getRandomValues(new Uint8Array(32))),
  );
  const bytes = keyBytes(file.value);
  if (!bytes) throw new Error(`Cannot use ${path}: it does not hold a 32-byte key`);
  return { key: await importKey(bytes), source: file.generated ? "generated" : "file", path };
}
