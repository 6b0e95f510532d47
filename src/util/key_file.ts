/**
 * A secret kept in a file of the data folder (mode 0600): read when it exists, else generated
 * once. Written aside, then hard-linked into place, so that two services of one platform starting
 * together agree: the first link wins and the other reads a complete file.
 */
import { dirname } from "node:path";

/** 32 random bytes as base64url (43 characters). */
export function randomSecret(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Bytes as base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/[+/=]/g, (c) => c === "+" ? "-" : c === "/" ? "_" : "");
}

/**
 * The trimmed content of `path`, generating it with `make()` (mode 0600) when the file is missing
 * or its content is not `usable` (default: empty).
 * @returns the value and whether this call generated it.
 */
export async function loadOrCreateSecretFile(
  path: string,
  make: () => string = randomSecret,
  usable: (value: string) => boolean = (value) => value !== "",
): Promise<{ value: string; generated: boolean }> {
  try {
    const value = (await Deno.readTextFile(path)).trim();
    if (usable(value)) {
      await Deno.chmod(path, 0o600).catch(() => {});
      return { value, generated: false };
    }
    await Deno.remove(path).catch(() => {});
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  await Deno.mkdir(dirname(path), { recursive: true });
  const value = make();
  const aside = `${path}.${crypto.randomUUID()}`;
  await Deno.writeTextFile(aside, value + "\n", { mode: 0o600 });
  try {
    await Deno.link(aside, path);
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    return { value: (await Deno.readTextFile(path)).trim(), generated: false };
  } finally {
    await Deno.remove(aside).catch(() => {});
  }
  await Deno.chmod(path, 0o600);
  return { value, generated: true };
}
