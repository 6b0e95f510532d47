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

/** Largest `registry.json` accepted, in bytes (256 KiB). */
export const MAX_MANIFEST_BYTES = 256 * 1024;

/** The error for a manifest of `bytes` bytes, over {@link MAX_MANIFEST_BYTES}. */
export function manifestTooLarge(bytes: number): ManifestError {
  return new ManifestError([
    `registry.json is ${bytes} bytes; a manifest may be at most ${MAX_MANIFEST_BYTES} bytes ` +
    "(256 KiB)",
  ]);
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** ` (got "x")` for a short primitive value, so every message names the value. */
function got(value: unknown): string {
  if (!["string", "number", "boolean"].includes(typeof value)) return "";
  const text = JSON.stringify(value);
  return ` (got ${text.length > 80 ? `${text.slice(0, 77)}..."` : text})`;
}

function describeIssue(
  issue: z.core.$ZodIssue,
  allowed: (path: PropertyKey[]) => string[],
  raw: unknown,
) {
  const where = issue.path.map((p, i) =>
    typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`
  ).join("");
  if (issue.code === "unrecognized_keys") {
    const at = where ? `${where}.` : "";
    const keys = issue.keys.map((k) => `"${at}${k}"`).join(", ");
    return `unknown key ${keys} (allowed: ${allowed(issue.path).join(", ")})`;
  }
  const value = issue.code === "custom" ? "" : got(valueAt(raw, issue.path));
  return `${where || "(root)"}: ${issue.message}${value}`;
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
    result.error.issues.map((i) => describeIssue(i, (p) => keysAt(schema, p), raw)),
  );
}

/**
 * Parses the text of a `registry.json`.
 * @throws {ManifestError} on a text over {@link MAX_MANIFEST_BYTES}, malformed JSON or an invalid
 * manifest.
 */
export function parseManifestText(text: string, defaults?: ManifestDefaults): Manifest {
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes > MAX_MANIFEST_BYTES) throw manifestTooLarge(bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ManifestError([`not valid JSON: ${(e as Error).message}`]);
  }
  return parseManifest(raw, defaults);
}
