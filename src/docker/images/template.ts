/**
 * Runtime templates: `templates/<runtime>/` holds a `Dockerfile` (base image as the build
 * argument `BASE_IMAGE`), a small launcher and `template.json`, validated here.
 */
import { z } from "zod";
import { join } from "node:path";

/** Schema of `templates/<runtime>/template.json`. */
export const templateSchema = z.strictObject({
  $schema: z.string().optional(),
  /** One line saying what the template runs. */
  description: z.string().default(""),
  /** The official image used by default (`BASE_IMAGE` build argument), e.g. `python:3.12-slim`. */
  baseImage: z.string().min(1),
  /** The offline base built by `deno task images`, e.g. `denofn/base-python`. */
  localBase: z.string().min(1).optional(),
  /** The function's entry file; the first candidate present in the function folder is used. */
  entry: z.array(z.string().min(1)).min(1),
  /**
   * Extensions tried for the file part of a manifest `handler` (`app.lambdaHandler` → `app.mjs`,
   * `app.js`, ...; `main.py:hello` names the file whole).
   */
  handlerExtensions: z.array(z.string()).default([]),
  /** Whether the launcher runs any entry the manifest names (else only `entry`'s candidates). */
  customEntry: z.boolean().default(false),
  /** Dependency files the build installs: `npm` (`package.json`) or `pip` (`requirements.txt`). */
  dependencies: z.enum(["npm", "pip"]).optional(),
  /** Template files copied into the build context besides the `Dockerfile`. */
  files: z.array(z.string().min(1)).default([]),
  /** Port the launcher listens on inside the container. */
  port: z.number().int().min(1).max(65535),
  /** Path the launcher answers itself with 200 when ready. */
  healthPath: z.string().startsWith("/").default("/__denofn/health"),
});

/** A validated runtime template. */
export type TemplateMeta = z.output<typeof templateSchema>;

/** A template and where it lives. */
export interface Template extends TemplateMeta {
  /** Runtime name (the folder name). */
  name: string;
  /** Absolute path of the template folder. */
  dir: string;
}

/** A template folder that cannot be used; the message says which and why. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

/**
 * Reads and validates `<dir>/template.json` and checks that its `Dockerfile` and `files` exist.
 * @throws {TemplateError} naming the bad key or missing file.
 */
export async function loadTemplate(dir: string, name: string): Promise<Template> {
  let raw: unknown;
  try {
    raw = JSON.parse(await Deno.readTextFile(join(dir, "template.json")));
  } catch (e) {
    throw new TemplateError(`Cannot read template "${name}": ${(e as Error).message}`);
  }
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new TemplateError(`Invalid template.json of "${name}": ${why.join("; ")}`);
  }
  for (const file of ["Dockerfile", ...parsed.data.files]) {
    try {
      await Deno.stat(join(dir, file));
    } catch {
      throw new TemplateError(`Invalid template "${name}": file ${file} is missing`);
    }
  }
  return { ...parsed.data, name, dir };
}

/** Loads every template folder under `templatesDir` (folders without `template.json` are skipped). */
export async function loadTemplates(templatesDir: string): Promise<Map<string, Template>> {
  const out = new Map<string, Template>();
  const names: string[] = [];
  for await (const e of Deno.readDir(templatesDir)) {
    if (e.isDirectory) names.push(e.name);
  }
  for (const name of names.sort()) {
    const dir = join(templatesDir, name);
    try {
      await Deno.stat(join(dir, "template.json"));
    } catch {
      continue;
    }
    out.set(name, await loadTemplate(dir, name));
  }
  return out;
}
