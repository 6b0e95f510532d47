/**
 * `denofn.yaml`: many functions in one file, each with its folder and manifest overrides, so
 * `denofn deploy` with no argument deploys them all (faas-cli's stack.yml, supabase's
 * config.toml, wrangler.toml).
 *
 * ```yaml
 * functions:
 *   hello:                      # the function's name
 *     path: ./functions/hello   # default ./<name>, relative to this file
 *     manifest:                 # merged over the folder's registry.json
 *       idleTimeoutSec: 30
 * ```
 */
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { isValidFunctionName } from "../manifest/mod.ts";
import { CliError, EXIT } from "./errors.ts";

/** The stack file names looked for in the current folder, in order. */
export const STACK_FILES = ["denofn.yaml", "denofn.yml"];

const stackSchema = z.strictObject({
  version: z.literal(1).optional(),
  functions: z.record(
    z.string(),
    z.strictObject({
      path: z.string().min(1).optional(),
      manifest: z.record(z.string(), z.unknown()).optional(),
    }).nullable(),
  ).refine((f) => Object.keys(f).length > 0, "lists no function"),
});

/** One function of a stack. */
export interface StackFunction {
  name: string;
  /** Absolute folder. */
  dir: string;
  /** Merged over the folder's `registry.json` when packing. */
  manifest?: Record<string, unknown>;
}

/** The stack file in `cwd`, if there is one. */
export async function findStackFile(cwd = "."): Promise<string | undefined> {
  for (const name of STACK_FILES) {
    const path = resolve(cwd, name);
    if (await Deno.stat(path).then((s) => s.isFile, () => false)) return path;
  }
  return undefined;
}

/** Reads and validates a stack file. @throws {CliError} (usage) naming the bad key. */
export async function loadStack(file: string): Promise<StackFunction[]> {
  const text = await Deno.readTextFile(file).catch(() => {
    throw new CliError(EXIT.usage, `Cannot read the stack file ${file}`);
  });
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    throw new CliError(EXIT.usage, `Cannot parse ${file}: ${(e as Error).message}`);
  }
  const result = stackSchema.safeParse(raw);
  const problems =
    result.error?.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`) ??
      [];
  const functions = (raw as { functions?: unknown } | null)?.functions;
  for (const name of functions && typeof functions === "object" ? Object.keys(functions) : []) {
    if (!isValidFunctionName(name)) {
      problems.unshift(`functions.${name}: not a valid function name (a-z, 0-9, _ and -)`);
    }
  }
  if (!result.success || problems.length) {
    throw new CliError(EXIT.usage, `Bad stack file ${file}: ${problems.join("; ")}`);
  }
  const base = dirname(resolve(file));
  return Object.entries(result.data.functions).map(([name, f]) => ({
    name,
    dir: resolve(base, f?.path ?? join(".", name)),
    manifest: f?.manifest,
  }));
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `over` merged into `base`: objects key by key, anything else (arrays too) replaced. */
export function mergeManifest(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    out[k] = isObject(v) && isObject(out[k]) ? mergeManifest(out[k], v) : v;
  }
  return out;
}
