/**
 * The manifest's path grants checked on disk. Deno resolves symlinks in an allow-list path when
 * it starts (a grant of `data` where `data -> /` grants `/`), so each `read`, `write` and `ffi`
 * path must still lie inside the function folder once every symlink is resolved. The registry
 * checks this when it builds, the runtime again when it spawns.
 */
import { basename, dirname, join, resolve } from "node:path";
import type { Manifest } from "./schema.ts";

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

const PATH_KINDS = ["read", "write", "ffi"] as const;

/**
 * Problems of the manifest's path grants on disk, one line each naming the key and the value:
 * a grant that resolves outside `sourceDir`, and a `write` grant that resolves to a folder
 * holding `registry.json`. Messages never show where a link leads.
 */
export function confineGrants(manifest: Manifest, sourceDir: string): string[] {
  const problems: string[] = [];
  let root: string;
  try {
    root = resolveReal(sourceDir);
  } catch (e) {
    return [`function folder ${(e as Error).message}`];
  }
  for (const kind of PATH_KINDS) {
    manifest.permissions[kind].forEach((value, i) => {
      const where = `permissions.${kind}[${i}]: ${JSON.stringify(value)}`;
      let real: string;
      try {
        real = resolveReal(join(sourceDir, value));
      } catch (e) {
        problems.push(`${where} ${(e as Error).message}`);
        return;
      }
      if (!isInside(root, real)) {
        problems.push(`${where} resolves outside the function folder (through a symlink)`);
      } else if (kind === "write" && isInside(real, join(root, "registry.json"))) {
        problems.push(`${where} resolves to a folder that holds registry.json`);
      }
    });
  }
  return problems;
}
