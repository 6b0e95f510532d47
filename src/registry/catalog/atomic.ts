/** Atomic file writes: a temp dotfile beside the target, then a rename. */
import { basename, dirname, join } from "node:path";

/** A temp file name beside `path` that the catalog ignores (it starts with a dot). */
export function tempPathFor(path: string): string {
  const rand = crypto.randomUUID().slice(0, 8);
  return join(dirname(path), `.${basename(path)}.${rand}.tmp`);
}

/** Writes `data` to `path` so readers see the old content or the new, never a part. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    if (typeof data === "string") await Deno.writeTextFile(tmp, data);
    else await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/** Removes a file; a file that is already gone is fine. */
export async function removeIfExists(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
