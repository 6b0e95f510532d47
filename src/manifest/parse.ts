import { z } from "zod";
import { type Manifest, type ManifestDefaults, manifestSchema } from "./schema.ts";

/** A `registry.json` that cannot be used; the message names every bad key. */
export class ManifestError extends Error {
  /** One line per problem, e.g. `permissions.net[0]: must be "host", "host:port" or "*"`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid registry.json: ${problems.join("; ")}`);
    this.name = "ManifestError";
    this.problems = problems;
  }
}

function describeIssue(issue: z.core.$ZodIssue, allowed: (path: PropertyKey[]) => string[]) {
  const where = issue.path.map((p, i) =>
    typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`
  ).join("");
  if (issue.code === "unrecognized_keys") {
    const at = where ? `${where}.` : "";
    const keys = issue.keys.map((k) => `"${at}${k}"`).join(", ");
    return `unknown key ${keys} (allowed: ${allowed(issue.path).join(", ")})`;
  }
  return `${where || "(root)"}: ${issue.message}`;
}

function keysAt(schema: z.ZodType, path: PropertyKey[]): string[] {
  // deno-lint-ignore no-explicit-any
  let node: any = schema;
  for (const key of path) {
    while (node?.def?.innerType) node = node.def.innerType;
    node = node?.shape?.[key as string];
  }
  while (node?.def?.innerType) node = node.def.innerType;
  return node?.shape ? Object.keys(node.shape).filter((k) => k !== "$schema") : [];
}

/**
 * Validates the parsed JSON of a `registry.json` (`undefined` when the file is absent) and
 * returns the normalized manifest.
 * @throws {ManifestError} naming every bad or unknown key.
 */
export function parseManifest(raw: unknown, defaults?: ManifestDefaults): Manifest {
  const schema = manifestSchema(defaults);
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new ManifestError(
    result.error.issues.map((i) => describeIssue(i, (p) => keysAt(schema, p))),
  );
}

/**
 * Parses the text of a `registry.json`.
 * @throws {ManifestError} on malformed JSON or an invalid manifest.
 */
export function parseManifestText(text: string, defaults?: ManifestDefaults): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ManifestError([`not valid JSON: ${(e as Error).message}`]);
  }
  return parseManifest(raw, defaults);
}
