/**
 * Checks of single permission values, per kind. Deno reads `--allow-read=a,b` as two paths, so a
 * value that carried a `,` would grant more than it says: every kind refuses commas, NUL and
 * control characters, and each has its own shape. These checks run when `registry.json` is read
 * and again when flags are built, so flags are made from checked values only.
 */
import { insideFolder } from "./paths.ts";

/** Most entries one permission list may hold (keeps every flag far below the exec limits). */
export const MAX_GRANTS = 64;
/** Longest permission path, in characters. */
export const MAX_GRANT_PATH = 1024;

// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PROGRAM = /^[A-Za-z0-9_.+@/-]+$/;

function common(value: string): string[] {
  const problems: string[] = [];
  if (value.includes(",")) problems.push('must not contain "," (Deno reads it as a second value)');
  if (CONTROL.test(value)) problems.push("must not contain NUL or control characters");
  return problems;
}

/** Problems of a path relative to the function folder (`read`, `write`, `ffi`, `entry`). */
export function pathProblems(value: string): string[] {
  if (value === "") return ["must not be empty (that would name the whole function folder)"];
  const problems = common(value);
  if (value.length > MAX_GRANT_PATH) problems.push(`must be at most ${MAX_GRANT_PATH} characters`);
  if (!insideFolder(value)) {
    problems.push("must be a relative path that stays inside the function folder");
  }
  return problems;
}

function hostnameOk(host: string): boolean {
  if (host.startsWith("[")) {
    try {
      return new URL(`http://${host}/`).hostname.length > 2;
    } catch {
      return false;
    }
  }
  const labels = host.split(".");
  return host.length <= 253 && labels.every((l) => LABEL.test(l));
}

/** Problems of a `net` entry: `"*"`, `host`, `host:port`, or `[ipv6]:port`. */
export function hostProblems(value: string): string[] {
  if (value === "*") return [];
  const problems = common(value);
  const m = HOST_PORT.exec(value);
  const port = m?.[2] === undefined ? 1 : Number(m[2]);
  if (!m || !hostnameOk(m[1]) || port < 1 || port > 65_535) {
    problems.push('must be "host", "host:port" (port 1-65535), "[ipv6]:port" or "*"');
  }
  return problems;
}

/** Problems of an environment variable name (`permissions.env`, keys of `env`). */
export function envNameProblems(value: string): string[] {
  if (!ENV_NAME.test(value)) return ["must be a variable name matching ^[A-Za-z_][A-Za-z0-9_]*$"];
  return value.length > 256 ? ["must be at most 256 characters"] : [];
}

/** Problems of a `run` entry: a program name or path, letters, digits and `_.+@/-` only. */
export function runProblems(value: string): string[] {
  const problems = common(value);
  if (!PROGRAM.test(value) || value.startsWith("-") || value.length > 256) {
    problems.push(
      "must be a program name or path (letters, digits, _ . + @ / -; not starting with -)",
    );
  }
  return problems;
}

/** Every kind of permission list, with the check of its values (`sys` is an enum in the schema). */
export const VALUE_CHECKS: Readonly<Record<string, (value: string) => string[]>> = {
  net: hostProblems,
  read: pathProblems,
  write: pathProblems,
  env: envNameProblems,
  run: runProblems,
  ffi: pathProblems,
  sys: (value) => (ENV_NAME.test(value) ? [] : ["must be one of Deno's --allow-sys names"]),
};
