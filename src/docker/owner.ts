/**
 * Who owns a platform's Docker objects. Every container, network and image the platform makes
 * carries `denofn.owner=<owner>`, and every clean-up filters by it, so platforms that share one
 * engine (a dev platform beside a compose stack, two dev platforms with different data folders)
 * never touch each other's objects. The owner derives from the real path of the data folder
 * (`DENOFN_DATA`) unless set explicitly (`DENOFN_DOCKER_OWNER`); the network from the owner.
 */
import { createHash } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";

/** What an explicit owner must look like (it is a label value and part of a network name). */
export const OWNER_PATTERN: RegExp = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** An explicit owner is not one Docker can carry. */
export class DockerOwnerError extends Error {
  constructor(owner: string) {
    super(`Cannot use docker owner "${owner}": it must match ${OWNER_PATTERN.source}`);
    this.name = "DockerOwnerError";
  }
}

/**
 * The owner id of a platform: `explicit` when given, else `d-` and the first 12 hex digits of the
 * sha-256 of `realDataDir` (pass a real, absolute path; see {@link realDataDir}).
 *
 * @example
 * ```ts
 * ownerFor("/srv/denofn/data"); // "d-" + 12 hex digits, the same on every start
 * ownerFor("/srv/denofn/data", "staging"); // "staging"
 * ```
 * @throws {DockerOwnerError} when `explicit` does not match {@link OWNER_PATTERN}.
 */
export function ownerFor(realDataDir: string, explicit?: string): string {
  if (explicit !== undefined) {
    if (!OWNER_PATTERN.test(explicit)) throw new DockerOwnerError(explicit);
    return explicit;
  }
  return `d-${createHash("sha256").update(realDataDir).digest("hex").slice(0, 12)}`;
}

/** The network an owner's containers join: `explicit` when given, else `denofn-<owner>`. */
export function networkFor(owner: string, explicit?: string): string {
  return explicit ?? `denofn-${owner}`;
}

/**
 * The real absolute path of `dir`, also before the folder exists: the deepest existing ancestor
 * is resolved (symlinks followed) and the missing rest appended, so the owner is the same before
 * and after the platform creates its data folder.
 */
export async function realDataDir(dir: string): Promise<string> {
  const missing: string[] = [];
  let at = resolve(dir);
  while (true) {
    try {
      return join(await Deno.realPath(at), ...missing);
    } catch {
      const up = dirname(at);
      if (up === at) return resolve(dir);
      missing.unshift(basename(at));
      at = up;
    }
  }
}

/** The owner and network of a platform. */
export interface DockerIdentity {
  owner: string;
  network: string;
}

/** Resolves owner and network from the data folder, unless set explicitly. */
export async function dockerIdentity(
  options: { dataDir: string; owner?: string; network?: string },
): Promise<DockerIdentity> {
  const owner = options.owner !== undefined
    ? ownerFor("", options.owner)
    : ownerFor(await realDataDir(options.dataDir));
  return { owner, network: networkFor(owner, options.network) };
}
