/**
 * What the template builder adds to a build context besides the template and the function's
 * files: `.denofn/function.json` (the launcher's settings: entry, shape, handler, mode) and
 * `.denofn/deps/` (checked dependency lists, and the operator's wheels for pip).
 */
import { join } from "node:path";
import { type Manifest, parseHandlerRef } from "../../manifest/mod.ts";
import type { Template } from "./template.ts";

/** The launcher's settings, written to `.denofn/function.json`. */
export interface FunctionSettings {
  name: string;
  /** Entry file, relative to `/app`. */
  entry: string;
  mode: Manifest["mode"];
  shape: Manifest["shape"];
  /** Export (or function) name of the manifest's `handler`. */
  handler?: string;
  lambdaEvent: Manifest["lambda"]["event"];
  timeoutMs: number;
  memoryMb: number;
}

async function isFile(path: string): Promise<boolean> {
  return await Deno.lstat(path).then((s) => s.isFile, () => false);
}

/**
 * The entry file of a function built from `t`: the manifest's `entry`, else the file its
 * `handler` names (`app.lambdaHandler` → `app.mjs`, `app.js`, ...), else the first of the
 * template's candidates present.
 * @throws {Error} saying what was looked for.
 */
export async function templateEntry(t: Template, dir: string, m: Manifest): Promise<string> {
  const name = (what: string) => `the ${t.name} template`.concat(what);
  if (m.entry !== undefined) {
    if (!t.customEntry && !t.entry.includes(m.entry)) {
      throw new Error(
        `entry "${m.entry}" is not one ${name("")} runs (${t.entry.join(", ")})`,
      );
    }
    if (await isFile(join(dir, m.entry))) return m.entry;
    throw new Error(`entry "${m.entry}" (from registry.json) does not exist`);
  }
  const file = m.handler === undefined ? undefined : parseHandlerRef(m.handler).file;
  if (file !== undefined && t.customEntry) {
    const tried = [file, ...t.handlerExtensions.map((e) => file + e)];
    for (const f of tried) if (await isFile(join(dir, f))) return f;
    throw new Error(`handler file "${file}" does not exist (tried ${tried.join(", ")})`);
  }
  for (const f of t.entry) if (await isFile(join(dir, f))) return f;
  throw new Error(`${name(" needs")} ${t.entry.join(" or ")} in the function folder`);
}

/** The settings of a function's launcher. */
export function functionSettings(name: string, entry: string, m: Manifest): FunctionSettings {
  return {
    name,
    entry,
    mode: m.mode,
    shape: m.shape,
    handler: m.handler === undefined ? undefined : parseHandlerRef(m.handler).name,
    lambdaEvent: m.lambda.event,
    timeoutMs: m.timeoutMs,
    memoryMb: m.memoryMb,
  };
}
