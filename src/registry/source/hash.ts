/**
 * The content hash of a function folder: sha-256 over its sorted relative paths and file
 * contents, skipping what is not source (`node_modules`, `.git`, dotfiles, editor backups).
 * Symlinks are never followed: a link counts by the text of its target, so a link out of the
 * folder neither reads the outside nor loops, and changing where it points changes the hash.
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

interface Listed {
  path: string;
  /** The link's target text, for a symlink. */
  link?: string;
}

async function listFiles(
  root: string,
  rel: string,
  out: Listed[],
  skip: (path: string) => boolean,
): Promise<void> {
  for await (const entry of Deno.readDir(join(root, rel))) {
    if (isIgnoredSegment(entry.name)) continue;
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (skip(path)) continue;
    if (entry.isSymlink) out.push({ path, link: await Deno.readLink(join(root, path)) });
    else if (entry.isDirectory) await listFiles(root, path, out, skip);
    else if (entry.isFile) out.push({ path });
  }
}

/**
 * Hashes a function folder. Equal content gives an equal hash whatever the file times.
 * @param skip relative paths left out with all they hold (the function's data folders).
 * @returns lowercase sha-256 hex.
 */
export async function contentHash(
  dir: string,
  skip: (relPath: string) => boolean = () => false,
): Promise<string> {
  const files: Listed[] = [];
  await listFiles(dir, "", files, skip);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const hash = createHash("sha256");
  for (const { path, link } of files) {
    if (link !== undefined) {
      hash.update(`${path}\0link\0${link}\0`);
      continue;
    }
    const bytes = await Deno.readFile(join(dir, path));
    hash.update(`${path}\0${bytes.byteLength}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}
