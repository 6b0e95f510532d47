/** What a deploy changes in a function's permissions: no anchor shows this, reviewers want it. */
import type { Manifest, Permissions } from "../manifest/mod.ts";

/** Permission kinds of the manifest. */
export const PERMISSION_KINDS = [
  "net",
  "read",
  "write",
  "env",
  "run",
  "ffi",
  "sys",
  "store",
] as const;

/** Granted and revoked entries of one permission kind. */
export interface PermissionChange {
  granted: string[];
  revoked: string[];
}

/** Changes per kind (kinds without change are left out), and whether anything changed. */
export interface PermissionDiff {
  changed: boolean;
  /** True when the new version is a first deploy (everything it has is "granted"). */
  firstDeploy: boolean;
  kinds: Partial<Record<keyof Permissions, PermissionChange>>;
}

/** Compares the permissions of the running version (`before`) with the new one (`after`). */
export function diffPermissions(
  before: Manifest | undefined,
  after: Manifest | undefined,
): PermissionDiff {
  const kinds: PermissionDiff["kinds"] = {};
  for (const kind of PERMISSION_KINDS) {
    const old = new Set<string>(before?.permissions[kind] ?? []);
    const now = new Set<string>(after?.permissions[kind] ?? []);
    const granted = [...now].filter((x) => !old.has(x)).sort();
    const revoked = [...old].filter((x) => !now.has(x)).sort();
    if (granted.length || revoked.length) kinds[kind] = { granted, revoked };
  }
  return { changed: Object.keys(kinds).length > 0, firstDeploy: before === undefined, kinds };
}
