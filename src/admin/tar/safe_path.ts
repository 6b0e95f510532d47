import { TarError } from "./header.ts";

/** Longest relative path accepted in an archive. */
export const MAX_PATH_LENGTH = 1024;

/**
 * The normalized relative path of an archive entry, with `strip` leading folders removed; null
 * when nothing is left (the root folder itself).
 * @throws {TarError} for absolute paths, `..`, NUL bytes, backslashes and over-long names.
 */
export function safeRelativePath(name: string, strip = 0): string | null {
  if (name.includes("\0")) throw new TarError(`Refusing "${printable(name)}": NUL byte in path`);
  if (name.includes("\\")) throw new TarError(`Refusing "${name}": backslash in path`);
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) {
    throw new TarError(`Refusing "${name}": absolute path`);
  }
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw new TarError(`Refusing "${name}": path escapes with ".."`);
  const rest = parts.slice(strip);
  if (rest.length === 0) return null;
  const rel = rest.join("/");
  if (rel.length > MAX_PATH_LENGTH || rest.some((p) => p.length > 255)) {
    throw new TarError(`Refusing "${name.slice(0, 80)}...": path too long`);
  }
  return rel;
}

/**
 * Whether a symlink at `rel` pointing to `target` stays inside the folder (relative target,
 * never climbing above the root).
 */
export function linkStaysInside(rel: string, target: string): boolean {
  if (!target || target.startsWith("/") || target.includes("\0") || target.includes("\\")) {
    return false;
  }
  const stack = rel.split("/").slice(0, -1);
  for (const part of target.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (stack.length === 0) return false;
      stack.pop();
    } else {
      stack.push(part);
    }
  }
  return stack.length > 0;
}

function printable(s: string): string {
  return s.replaceAll("\0", "\\0");
}
