import { isAbsolute, normalize } from "node:path";

/**
 * Whether a manifest path is relative and stays inside its function folder once normalized
 * (`data/../x` is fine, `../x`, `/etc` and `C:\x` are not).
 */
export function insideFolder(path: string): boolean {
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path) || path.includes("\0")) return false;
  const norm = normalize(path.replaceAll("\\", "/"));
  return norm !== ".." && !norm.startsWith("../");
}

/** A relative manifest path in normal form: `/` separated, no `./`, no trailing `/` (`.` = the folder). */
export function normalizeRelative(path: string): string {
  const norm = normalize(path.replaceAll("\\", "/")).replace(/\/+$/, "");
  return norm === "" ? "." : norm;
}

/** Whether the relative path `grant` names `path` or a folder above it (both normalized). */
export function covers(grant: string, path: string): boolean {
  return grant === "." || path === grant || path.startsWith(`${grant}/`);
}
