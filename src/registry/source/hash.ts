/**
 * The content hash of a function folder: sha-256 over its sorted relative paths and file
 * contents, skipping what is not source (`node_modules`, `.git`, dotfiles, editor backups).
 */
import { createHash } from "node:crypto";
import { join } from "node:path";

/** Whether one path segment is ignored by the hash and the watcher. */
export function isIgnoredSegment(segment: string): boolean {
  return segment.startsWith(".") || segment === "node_modules" || segment.endsWith("~") ||
    segment === "4913"; // vim's write probe
}

/** Whether a path relative to a function folder (`/` or `\` separated) is ignored. */
export function isIgnoredPath(relPath: string): boolean {
  return relPath.split(/[\\/]/).some((s) => s !== "" && isIgnoredSegment(s));
}

async function listFiles(root: string, rel: string, out: string[]): Promise<void> {
  for await (const entry of Deno.readDir(join(root, rel))) {
    if (isIgnoredSegment(entry.name)) continue;
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory;
    let isFile = entry.isFile;
    if (entry.isSymlink) {
      // Follow links to files; skip links to folders (they could loop).
      const info = await Deno.stat(join(root, path)).catch(() => undefined);
      isFile = info?.isFile ?? false;
      isDir = false;
    }
    if (isDir) await listFiles(root, path, out);
    else if (isFile) out.push(path);
  }
}

/**
 * Hashes a function folder. Equal content gives an equal hash whatever the file times.
 * @returns lowercase sha-256 hex.
 */
export async function contentHash(dir: string): Promise<string> {
  const files: string[] = [];
  await listFiles(dir, "", files);
  files.sort();
  const hash = createHash("sha256");
  for (const file of files) {
    const bytes = await Deno.readFile(join(dir, file));
    hash.update(`${file}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}
