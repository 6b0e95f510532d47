/**
 * The manifest's `handler`: which export of which file the runtime calls, written the way the
 * function's home platform writes it: `app.lambdaHandler` (Lambda: file `app`, export
 * `lambdaHandler`), `main.py:hello_http` (file and export), or just `hello_http` (an export of
 * the entry). A `handler` is an input an author controls: the file must stay inside the function
 * folder and the export must be a plain identifier, never a prototype or dunder name.
 */
import { insideFolder } from "./paths.ts";

/** A parsed `handler`: `file` relative to the function folder (no extension needed). */
export interface HandlerRef {
  file?: string;
  name: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;
/** Names that reach the object model rather than a module's own exports. */
const REFUSED_NAMES = new Set(["constructor", "prototype", "toString", "valueOf", "then"]);

/** Longest `handler` value, in characters. */
export const MAX_HANDLER_LENGTH = 256;

/** Splits `file.export`, `file:export` or `export` (no check: see {@link handlerProblems}). */
export function parseHandlerRef(value: string): HandlerRef {
  const colon = value.lastIndexOf(":");
  const cut = colon >= 0 ? colon : value.lastIndexOf(".");
  return cut < 0 ? { name: value } : { file: value.slice(0, cut), name: value.slice(cut + 1) };
}

/** Problems of a `handler` value, each naming the value's bad part. */
export function handlerProblems(value: string): string[] {
  if (value.length > MAX_HANDLER_LENGTH) {
    return [`must be at most ${MAX_HANDLER_LENGTH} characters`];
  }
  const { file, name } = parseHandlerRef(value);
  const problems: string[] = [];
  if (!IDENTIFIER.test(name) || name.startsWith("__") || REFUSED_NAMES.has(name)) {
    problems.push(
      `must end in an exported name (letters, digits, _ and $; not ${
        JSON.stringify(name)
      }, no prototype or __dunder__ name)`,
    );
  }
  if (
    file !== undefined &&
    (!FILE.test(file) || !insideFolder(file) || file.split("/").includes(".."))
  ) {
    problems.push(
      `names file ${JSON.stringify(file)}: it must be a relative path inside the function folder ` +
        "(letters, digits, _ . - and /)",
    );
  }
  return problems;
}
