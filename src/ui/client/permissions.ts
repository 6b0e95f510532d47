/**
 * Permissions of a manifest as the editor handles them: one list per kind, and the diff between
 * two sets (granted/revoked per kind, the same rule as the deploy answer's `permissions`).
 */

/** Permission kinds of `registry.json`, in the order the editor shows them. */
export const KINDS = ["net", "read", "write", "env", "run", "ffi", "sys"] as const;
export type Kind = typeof KINDS[number];

/** Lists per kind (missing kinds: nothing granted). */
export type PermissionLists = Partial<Record<Kind, string[]>>;

/** What a change grants and revokes, per kind (kinds without change left out). */
export interface Diff {
  changed: boolean;
  kinds: Partial<Record<Kind, { granted: string[]; revoked: string[] }>>;
}

/** The permission lists of a parsed `registry.json` (anything else is ignored). */
export function listsOf(manifest: unknown): PermissionLists {
  const raw = (manifest as { permissions?: Record<string, unknown> } | null)?.permissions ?? {};
  const out: PermissionLists = {};
  for (const kind of KINDS) {
    const v = raw[kind];
    if (Array.isArray(v)) out[kind] = v.filter((x): x is string => typeof x === "string");
  }
  return out;
}

/** Lines of a textarea as a list (blank lines and surrounding spaces dropped). */
export function linesToList(text: string): string[] {
  return [...new Set(text.split("\n").map((l) => l.trim()).filter(Boolean))];
}

/** Compares `before` with `after`. */
export function diffLists(before: PermissionLists, after: PermissionLists): Diff {
  const kinds: Diff["kinds"] = {};
  for (const kind of KINDS) {
    const old = new Set(before[kind] ?? []);
    const now = new Set(after[kind] ?? []);
    const granted = [...now].filter((x) => !old.has(x)).sort();
    const revoked = [...old].filter((x) => !now.has(x)).sort();
    if (granted.length || revoked.length) kinds[kind] = { granted, revoked };
  }
  return { changed: Object.keys(kinds).length > 0, kinds };
}

/**
 * `manifest` with the kinds' lists replaced by `lists` (empty kinds left out); other keys of
 * `permissions` (such as `store`) stay as they were.
 */
export function withPermissions(
  manifest: unknown,
  lists: PermissionLists,
): Record<string, unknown> {
  const base = manifest && typeof manifest === "object" && !Array.isArray(manifest)
    ? { ...(manifest as Record<string, unknown>) }
    : {};
  const old = base.permissions;
  const permissions: Record<string, unknown> = old && typeof old === "object" && !Array.isArray(old)
    ? { ...(old as Record<string, unknown>) }
    : {};
  for (const kind of KINDS) {
    if (lists[kind]?.length) permissions[kind] = lists[kind];
    else delete permissions[kind];
  }
  if (Object.keys(permissions).length) base.permissions = permissions;
  else delete base.permissions;
  return base;
}
