/** Bearer-token checks shared by the admin API and the registry service's API. */
import { createHash, timingSafeEqual } from "node:crypto";

/** Compares two tokens in time that depends on neither's content nor length. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * Checks an `Authorization` header against `expected`.
 * @returns `ok`, or why not (`missing` when there is no bearer token at all).
 */
export function checkBearer(
  header: string | null | undefined,
  expected: string,
): "ok" | "missing" | "invalid" {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match) return "missing";
  return tokensEqual(match[1], expected) ? "ok" : "invalid";
}
