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
