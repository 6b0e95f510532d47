/**
 * Reads what the build must know of a function folder without following any symlink: the links
 * that lead out of it, the files it shares with the outside through hard links, and its source
 * files. Ignored folders (`node_modules`, dotfolders) are walked too: a `read: ["."]` grant
 * covers them.
 */
import { extname, join, relative, resolve } from "node:path";
import { DEFINING_FILES, linkLeadsOut, resolveReal } from "../../manifest/mod.ts";

/** A symlink of the folder that leads outside it. */
export interface EscapingLink {
  /** Path of the link, relative to the folder. */
  path: string;
  /** The link's target as written. */
  target: string;
}

/** What {@link inspectFolder} found. */
export interface FolderFacts {
  escapingLinks: EscapingLink[];
  /** Files that have hard links outside the folder (relative paths). */
  sharedFiles: string[];
  /** Code modules and the files that define the function (relative paths). */
  sourceFiles: string[];
}

const SOURCE_EXTENSIONS = new Set([
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
  ".wasm",
  ".py",
  ".sh",
]);

/** Whether a file (relative path) is source: a code module or a file that defines the function. */
export function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSIONS.has(extname(path).toLowerCase()) || DEFINING_FILES.includes(path) ||
    path === "Dockerfile";
}

/** Walks `dir` (never through a symlink) and reports what it found. */
export async function inspectFolder(dir: string): Promise<FolderFacts> {
  dir = resolve(dir);
  const root = resolveReal(dir);
  const facts: FolderFacts = { escapingLinks: [], sharedFiles: [], sourceFiles: [] };
  const inodes = new Map<string, { nlink: number; paths: string[] }>();
  const walk = async (abs: string): Promise<void> => {
    for await (const entry of Deno.readDir(abs)) {
      const path = join(abs, entry.name);
      const rel = relative(dir, path);
      if (entry.isSymlink) {
        const target = await Deno.readLink(path);
        if (linkLeadsOut(dir, root, path, target)) {
          facts.escapingLinks.push({ path: rel, target });
        }
      } else if (entry.isDirectory) await walk(path);
      else if (entry.isFile) {
        if (isSourceFile(rel)) facts.sourceFiles.push(rel);
        const info = await Deno.lstat(path);
        if ((info.nlink ?? 1) < 2) continue;
        const key = `${info.dev}:${info.ino}`;
        const seen = inodes.get(key) ?? { nlink: info.nlink ?? 1, paths: [] };
        seen.paths.push(rel);
        inodes.set(key, seen);
      }
    }
  };
  await walk(dir);
  for (const { nlink, paths } of inodes.values()) {
    if (nlink > paths.length) facts.sharedFiles.push(...paths);
  }
  facts.escapingLinks.sort((a, b) => a.path.localeCompare(b.path));
  facts.sharedFiles.sort();
  facts.sourceFiles.sort();
  return facts;
}
