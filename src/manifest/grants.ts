/**
 * The manifest's path grants checked on disk. Deno resolves symlinks in an allow-list path when
 * it starts (a grant of `data` where `data -> /` grants `/`), so each `read`, `write` and `ffi`
 * path must still lie inside the function folder once every symlink is resolved. The registry
 * checks this when it builds, the runtime again when it spawns.
 */
import { join, resolve } from "node:path";
import type { Manifest } from "./schema.ts";
import { linksOutUnder, MAX_GRANT_WALK } from "./links.ts";
import { isInside, resolveReal } from "./real_path.ts";

const PATH_KINDS = ["read", "write", "ffi"] as const;

/** Options of {@link confineGrants}. */
export interface ConfineOptions {
  /**
   * Also walk each granted folder for symlinks that lead out (at most `MAX_GRANT_WALK` entries
   * in all; a bigger grant is refused). The runtime sets it at spawn; the build checks the
   * whole folder on its own.
   */
  walk?: boolean;
}

/**
 * Problems of the manifest's path grants on disk, one line each naming the key and the value:
 * a grant that resolves outside `sourceDir`, a `write` grant that resolves to a folder holding
 * `registry.json`, and (with `walk`) a granted folder holding a symlink that leads out.
 * Messages never show where a link leads.
 */
export function confineGrants(
  manifest: Manifest,
  sourceDir: string,
  options: ConfineOptions = {},
): string[] {
  const problems: string[] = [];
  const budget = { left: MAX_GRANT_WALK };
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
      } else if (options.walk) {
        const walk = linksOutUnder(resolve(sourceDir), root, real, budget);
        for (const link of walk.links) {
          problems.push(`${where} holds symlink ${JSON.stringify(link)} that leads outside`);
        }
        if (walk.truncated) {
          problems.push(`${where} holds over ${MAX_GRANT_WALK} entries; grant a narrower folder`);
        }
      }
    });
  }
  return problems;
}
