/** Finds the entry file of a Deno function. */
import { join } from "node:path";

/** Entry files tried in order when `registry.json` names none. */
export const ENTRY_CANDIDATES: readonly string[] = [
  "index.ts",
  "index.js",
  "main.ts",
  "index.tsx",
  "main.js",
];

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/**
 * Returns the entry path relative to `sourceDir`: the manifest's `entry`, else the first
 * candidate that exists.
 * @throws {Error} saying which files it looked for.
 */
export async function findEntry(sourceDir: string, manifestEntry?: string): Promise<string> {
  if (manifestEntry !== undefined) {
    if (await isFile(join(sourceDir, manifestEntry))) return manifestEntry;
    throw new Error(`entry "${manifestEntry}" (from registry.json) does not exist`);
  }
  for (const candidate of ENTRY_CANDIDATES) {
    if (await isFile(join(sourceDir, candidate))) return candidate;
  }
  throw new Error(
    `no entry file: looked for ${ENTRY_CANDIDATES.join(", ")} (or set "entry" in registry.json)`,
  );
}
