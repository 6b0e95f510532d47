/**
 * Opaque credentials: `<prefix>_<id>_<secret>`. The id finds the stored record; only the SHA-256
 * of the secret is stored (the secret has 256 bits of entropy, so a slow hash would add nothing
 * but latency), compared in constant time.
 */
import { Buffer } from "node:buffer";
import { createHash, timingSafeEqual } from "node:crypto";
import { randomSecret } from "../util/key_file.ts";

/** A new credential and what is stored of it. */
export interface NewCredential {
  id: string;
  /** The full credential, shown to its owner once. */
  token: string;
  /** SHA-256 hex of the secret part. */
  hash: string;
}

/** SHA-256 hex of `text`. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Makes a credential `<prefix>_<id>_<secret>` (`prefix` of lower-case letters). */
export function newCredential(prefix: string): NewCredential {
  const id = Array.from(
    crypto.getRandomValues(new Uint8Array(8)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
  const secret = randomSecret();
  return { id, token: `${prefix}_${id}_${secret}`, hash: sha256Hex(secret) };
}

/** The id and secret of a credential with `prefix`, or undefined when it is not one. */
export function parseCredential(
  prefix: string,
  token: string,
): { id: string; secret: string } | undefined {
  const m = /^([a-z]+)_([0-9a-f]{16})_([A-Za-z0-9_-]{20,100})$/.exec(token);
  return m && m[1] === prefix ? { id: m[2], secret: m[3] } : undefined;
}

/** Whether `secret` hashes to the stored hex `hash`, in constant time. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = createHash("sha256").update(secret).digest();
  const b = Buffer.from(/^[0-9a-f]{64}$/.test(hash) ? hash : "0".repeat(64), "hex");
  return timingSafeEqual(a, b) && /^[0-9a-f]{64}$/.test(hash);
}
