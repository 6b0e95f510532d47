/**
 * Maps a request path to a file of a static folder, or refuses it. The path is taken apart
 * segment by segment and each segment decoded once: an encoded `/`, `\` or NUL, or a `.`/`..`
 * segment (however written) is a bad request; a dotfile or dot-folder (`.env`, `.git/`) and
 * `registry.json` are never served; and the file's real path (every symlink resolved) must lie
 * inside the folder's real path, so a symlink out answers as if there were no file.
 */
import { join } from "node:path";
import { isInside } from "../manifest/mod.ts";

/** Names never served, at any depth. */
const NEVER = new Set(["registry.json"]);

/** A file to serve. */
export interface FoundFile {
  /** Real path of the file. */
  path: string;
  info: Deno.FileInfo;
}

/** The outcome of resolving a path: a file, `bad` (400) or `missing` (404). */
export type Resolved = FoundFile | "bad" | "missing";

/** The decoded segments of `path` (`/a/b%20c/` → `["a", "b c"]`), or `bad`. */
export function pathSegments(path: string): string[] | "bad" {
  const out: string[] = [];
  for (const raw of path.split("/")) {
    if (raw === "") continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return "bad";
    }
    if (seg === "." || seg === ".." || /[\/\\\0]/.test(seg)) return "bad";
    out.push(seg);
  }
  return out;
}

async function real(path: string): Promise<string | undefined> {
  try {
    return await Deno.realPath(path);
  } catch {
    return undefined;
  }
}

/**
 * Resolves `path` (function-relative, no query) inside the folder whose real path is `root`;
 * a folder answers its `index.html`. `hidden` lists real paths never served (the entry).
 */
export async function resolveStatic(
  root: string,
  path: string,
  hidden: readonly string[] = [],
): Promise<Resolved> {
  const segments = pathSegments(path);
  if (segments === "bad") return "bad";
  if (segments.some((s) => s.startsWith(".") || NEVER.has(s))) return "missing";
  let file = await real(join(root, ...segments));
  if (!file || !isInside(root, file)) return "missing";
  let info = await Deno.stat(file).catch(() => undefined);
  if (info?.isDirectory) {
    file = await real(join(file, "index.html"));
    if (!file || !isInside(root, file)) return "missing";
    info = await Deno.stat(file).catch(() => undefined);
  }
  if (!info?.isFile || hidden.includes(file)) return "missing";
  return { path: file, info };
}
