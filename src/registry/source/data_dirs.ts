/**
 * Build inputs are the source, not the data: the folders a manifest grants for writing are where
 * a function keeps what it writes at run time, so the content hash and the watcher leave them
 * out — a function writing there never triggers a build of itself. The grants come from the
 * function's last build, whose manifest was validated (a grant over code is refused there).
 */
import { covers, insideFolder, normalizeRelative } from "../../manifest/paths.ts";

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
