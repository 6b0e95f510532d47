/**
 * Which names a secret may have: the rules of the manifest's `env` (a variable name, no loader,
 * runtime or platform variable), since a secret becomes an environment variable of the function,
 * and of `permissions.env` (the function is granted exactly its secrets' names).
 */
import {
  envNameProblems,
  MAX_ENV_VALUE,
  refusedEnvReason,
  refusedGrantReason,
} from "../manifest/mod.ts";

/** Longest secret value (the longest manifest `env` value). */
export const MAX_SECRET_BYTES = MAX_ENV_VALUE;

/** Why `name` cannot name a secret, or undefined when it can. */
export function secretNameProblem(name: string): string | undefined {
  const problems = envNameProblems(name);
  if (problems.length) return `${JSON.stringify(name.slice(0, 80))} ${problems.join("; ")}`;
  const refused = refusedEnvReason(name) ?? refusedGrantReason(name);
  return refused && `${JSON.stringify(name)} ${refused}`;
}

/** Why `value` cannot be a secret's value, or undefined when it can. */
export function secretValueProblem(value: string): string | undefined {
  if (new TextEncoder().encode(value).byteLength > MAX_SECRET_BYTES) {
    return `a secret value may be at most ${MAX_SECRET_BYTES} bytes`;
  }
  if (value.includes("\0")) return "a secret value must not contain NUL (it becomes a variable)";
  return undefined;
}
