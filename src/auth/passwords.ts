/**
 * Password hashing with argon2id (`@node-rs/argon2`: a prebuilt native module, tens of ms a hash
 * at the OWASP parameters below). Hashes are PHC strings (`$argon2id$v=19$m=...`), so the
 * parameters can change later without breaking stored hashes.
 */
import { hash, verify } from "@node-rs/argon2";

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted (argon2 takes any length; a cap keeps a request cheap). */
export const MAX_PASSWORD_LENGTH = 1024;

/** argon2id (the library's default algorithm; the tests check the `$argon2id$` prefix). */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** The argon2id PHC string of `password`. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether `password` matches `phc`; false (never a throw) for a malformed hash. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time of one verification, so an unknown name answers as slowly as a known one. */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword(crypto.randomUUID());
  await verifyPassword(await dummy, password);
  return false;
}
