/**
 * Build inputs are the source, not the data: the folders a manifest grants for writing are where
 * a function keeps what it writes at run time, so the content hash and the watcher leave them
 * out — a function writing there never triggers a build of itself.
 */
import { join } from "node:path";
import { covers, insideFolder, normalizeRelative } from "../../manifest/paths.ts";

/** Largest `registry.json` read here (the build refuses larger ones anyway). */
const MAX_MANIFEST_BYTES = 256 * 1024;

/**
 * The write-granted folders of the manifest in `sourceDir`, normalized and relative. Read
 * leniently: a manifest that is missing or invalid grants nothing (its build reports why).
 */
export async function dataDirsOf(sourceDir: string): Promise<string[]> {
  try {
    const path = join(sourceDir, "registry.json");
    const info = await Deno.lstat(path);
    if (!info.isFile || info.size > MAX_MANIFEST_BYTES) return [];
    const write = JSON.parse(await Deno.readTextFile(path))?.permissions?.write;
    return dataDirsFrom(Array.isArray(write) ? write : []);
  } catch {
    return [];
  }
}

/** The usable data folders among manifest `write` values (never the whole folder). */
export function dataDirsFrom(write: unknown[]): string[] {
  return write
    .filter((w): w is string => typeof w === "string" && insideFolder(w))
    .map(normalizeRelative)
    .filter((w) => w !== ".");
}

/** Whether `relPath` (inside the function folder, `/`-separated) lies in one of `dataDirs`. */
export function inDataDir(dataDirs: readonly string[], relPath: string): boolean {
  const path = normalizeRelative(relPath);
  return dataDirs.some((dir) => covers(dir, path));
}
