/** Finds the entry file of a Deno function. */
import { join } from "node:path";

/** Entry files tried in order when `registry.json` names none. */
export const ENTRY_CANDIDATES: readonly string[] = [
  "index.ts",
  "index.js",
  "main.ts",
  "index.tsx",
  "main.js",
  "index.mjs",
];

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

/** Extensions tried for the file part of a `handler` such as `app.lambdaHandler`. */
export const HANDLER_EXTENSIONS: readonly string[] = ["", ".ts", ".js", ".mjs", ".tsx", ".cjs"];

/**
 * Returns the entry path relative to `sourceDir`: the manifest's `entry`, else the file a
 * `handler` names (`app` → `app.ts`, `app.js`, ...), else the first candidate that exists.
 * @throws {Error} saying which files it looked for.
 */
export async function findEntry(
  sourceDir: string,
  manifestEntry?: string,
  handlerFile?: string,
): Promise<string> {
  if (manifestEntry !== undefined) {
    if (await isFile(join(sourceDir, manifestEntry))) return manifestEntry;
    throw new Error(`entry "${manifestEntry}" (from registry.json) does not exist`);
  }
  if (handlerFile !== undefined) {
    for (const ext of HANDLER_EXTENSIONS) {
      if (await isFile(join(sourceDir, handlerFile + ext))) return handlerFile + ext;
    }
    throw new Error(
      `handler file "${handlerFile}" (from registry.json) does not exist (tried ${
        HANDLER_EXTENSIONS.map((e) => handlerFile + e).join(", ")
      })`,
    );
  }
  for (const candidate of ENTRY_CANDIDATES) {
    if (await isFile(join(sourceDir, candidate))) return candidate;
  }
  throw new Error(
    `no entry file: looked for ${ENTRY_CANDIDATES.join(", ")} (or set "entry" in registry.json)`,
  );
}
