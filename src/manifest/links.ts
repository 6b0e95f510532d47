/**
 * Symlinks that lead out of a function folder. Deno checks a path against its allow-list as
 * written, without resolving links, so a link inside a granted folder (`data/x -> /`) hands out
 * whatever it names. The registry refuses such links when it builds; the runtime walks the
 * granted folders again when it spawns, since a link can be added after a build and the file
 * watcher never reports a link that points outside what it watches.
 */
import { dirname, join, relative, resolve } from "node:path";
import { isInside, resolveReal } from "./real_path.ts";

/** Most entries the spawn-time walk of one function's granted folders visits. */
export const MAX_GRANT_WALK = 10_000;

/**
 * Whether the symlink `link` (absolute, inside `dir` whose realpath is `root`), written as
 * `target`, leads outside the folder: by its words, or once resolved. A loop or a chain through
 * another dangling link counts as leading out.
 */
export function linkLeadsOut(dir: string, root: string, link: string, target: string): boolean {
  const lexical = resolve(dirname(link), target);
  if (!isInside(dir, lexical) && !isInside(root, lexical)) return true;
  try {
    return !isInside(root, resolveReal(link));
  } catch { /* dangling or a loop: judge where it would lead */ }
  try {
    return !isInside(root, resolveReal(lexical));
  } catch {
    return true;
  }
}

/** What {@link linksOutUnder} found. */
export interface LinkWalk {
  /** Links leading out, relative to `dir`. */
  links: string[];
  /** Whether the walk stopped at its budget before seeing everything. */
  truncated: boolean;
}

/**
 * Walks `start` (a real path inside `root`, the realpath of `dir`), never entering a symlink,
 * and lists the links that lead out of the folder (relative to `root`), visiting at most
 * `budget.left` entries (shared across calls).
 */
export function linksOutUnder(
  dir: string,
  root: string,
  start: string,
  budget: { left: number },
): LinkWalk {
  const walk: LinkWalk = { links: [], truncated: false };
  const pending = [start];
  while (pending.length) {
    const folder = pending.pop()!;
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(folder)];
    } catch {
      continue; // not a folder (a granted file), or gone
    }
    for (const entry of entries) {
      if (--budget.left < 0) {
        walk.truncated = true;
        return walk;
      }
      const path = join(folder, entry.name);
      if (entry.isSymlink) {
        if (linkLeadsOut(dir, root, path, Deno.readLinkSync(path))) {
          walk.links.push(relative(root, path));
        }
      } else if (entry.isDirectory) pending.push(path);
    }
  }
  return walk;
}
