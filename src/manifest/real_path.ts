/** Realpath for paths that may not exist yet, and containment of absolute paths. */
import { basename, dirname, join, resolve } from "node:path";

/** A path cannot be resolved safely (a dangling symlink or a loop). */
export class UnresolvablePath extends Error {
  constructor(why: string) {
    super(why);
    this.name = "UnresolvablePath";
  }
}

function isLink(path: string): boolean {
  try {
    return Deno.lstatSync(path).isSymlink;
  } catch {
    return false;
  }
}

/**
 * `realpath` that also takes paths whose tail does not exist yet: the longest existing prefix is
 * resolved and the rest appended. A dangling symlink on the way is refused, since whatever it
 * names could appear later.
 * @throws {UnresolvablePath} on a dangling symlink or a symlink loop.
 */
export function resolveReal(path: string): string {
  const rest: string[] = [];
  let head = resolve(path);
  for (;;) {
    try {
      return join(Deno.realPathSync(head), ...rest);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        throw new UnresolvablePath(`cannot be resolved (${(e as Error).name}, a symlink loop?)`);
      }
    }
    if (isLink(head)) throw new UnresolvablePath("goes through a dangling symlink");
    const parent = dirname(head);
    if (parent === head) return join(head, ...rest);
    rest.unshift(basename(head));
    head = parent;
  }
}

/** Whether the absolute path `path` is `root` or lies below it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`);
}
