/** Lists the function folders of `registry_in/`. */
import { FUNCTION_NAME_PATTERN, isValidFunctionName } from "../../manifest/mod.ts";
import { isIgnoredSegment } from "./hash.ts";

/** Why a folder name is refused, for the log. */
export function invalidNameWarning(inDir: string, name: string): string {
  return `skipping ${inDir}/${name}: "${name}" is not a valid function name ` +
    `(must match ${FUNCTION_NAME_PATTERN.source}: lowercase letters, digits, _ and -)`;
}

/** The valid function folder names in `inDir`; invalid ones are reported to `warn`. */
export async function scanFunctionDirs(
  inDir: string,
  warn: (line: string) => void,
): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(inDir)) {
    if (!entry.isDirectory || isIgnoredSegment(entry.name)) continue;
    if (isValidFunctionName(entry.name)) names.push(entry.name);
    else warn(invalidNameWarning(inDir, entry.name));
  }
  return names.sort();
}

/** Whether `path` is a folder. */
export async function isDir(path: string): Promise<boolean> {
  return await Deno.stat(path).then((s) => s.isDirectory, () => false);
}
