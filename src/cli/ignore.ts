/**
 * `.denofnignore`: what `denofn deploy` leaves out of a function folder, in gitignore syntax (with
 * the `ignore` package, the matcher ESLint and Prettier use). Dotfiles (`.env*`, `.git`, ...) and
 * `node_modules/` are left out by default; a `!` line in the file takes a default back.
 */
import ignore from "ignore";
import { join } from "node:path";

/** The ignore file's name, read from the root of the function folder. */
export const IGNORE_FILE = ".denofnignore";

/** Patterns applied before the folder's own `.denofnignore`. */
export const DEFAULT_IGNORES: readonly string[] = [".*", "node_modules/"];

/**
 * The skip rule of `dir`: defaults, then its `.denofnignore` if any. Paths are relative and
 * `/`-separated, folders with a trailing `/`.
 */
export async function loadIgnore(dir: string): Promise<(path: string) => boolean> {
  const rules = ignore().add([...DEFAULT_IGNORES]);
  const text = await Deno.readTextFile(join(dir, IGNORE_FILE)).catch((e) => {
    if (e instanceof Deno.errors.NotFound) return "";
    throw e;
  });
  rules.add(text);
  return (path) => rules.ignores(path);
}
