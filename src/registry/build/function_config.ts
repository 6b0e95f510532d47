/**
 * What a function's own `deno.json` (or `deno.jsonc`) may change about its build: its `imports`,
 * `scopes` and `compilerOptions`, nothing else. The build never points Deno at that file; it
 * writes a configuration of its own from those three keys, with every local path resolved and
 * required to stay inside the function folder (or the author library), no lock file and no
 * `node_modules` folder. Keys that only concern other tools are ignored; keys that would change
 * what the build loads or from where (`importMap`, `unstable`, `nodeModulesDir`, `vendor`,
 * `workspace`, `links`, `patch`, and any key not known here) are a build error naming them.
 */
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isInside, resolveReal } from "../../manifest/mod.ts";

/** Keys whose content the build uses. */
export const CONFIG_KEYS_USED: readonly string[] = ["imports", "scopes", "compilerOptions"];

/** Keys for other tools (formatter, linter, tasks, publishing): read by no build, ignored. */
export const CONFIG_KEYS_IGNORED: readonly string[] = [
  "$schema",
  "name",
  "version",
  "description",
  "license",
  "exports",
  "tasks",
  "fmt",
  "lint",
  "test",
  "bench",
  "doc",
  "publish",
  "exclude",
  "include",
  "lock",
];

/** Largest `deno.json` a build reads. */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** Specifier schemes an import map may map to as they are (fetched by Deno into the cache). */
const REMOTE = /^(?:npm|jsr|node|https?|data):/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Parses JSON with comments and trailing commas (`deno.jsonc`). */
export function parseJsonc(text: string): Json {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
      out += " ";
    } else if (c === ",") {
      const next = text.slice(i + 1).match(/^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*([}\]])?/);
      if (!next?.[1]) out += c;
    } else out += c;
  }
  return JSON.parse(out);
}

/** Where a build may read local modules from. */
interface Roots {
  sourceDir: string;
  microDir: string;
}

function realOrSelf(path: string): string {
  try {
    return resolveReal(path);
  } catch {
    return path;
  }
}

function inRoots(path: string, roots: Roots): boolean {
  const real = realOrSelf(path);
  return [roots.sourceDir, roots.microDir].some((root) =>
    isInside(root, path) && isInside(realOrSelf(root), real)
  );
}

/** A local target or key as an absolute file URL (keeping a trailing `/`), or undefined. */
function localUrl(value: string, base: string): string | undefined {
  let path: string;
  if (value.startsWith("file:")) {
    try {
      path = fileURLToPath(value);
    } catch {
      return undefined;
    }
  } else if (value.startsWith("./") || value.startsWith("../") || isAbsolute(value)) {
    path = resolve(base, value);
  } else return undefined;
  const url = pathToFileURL(path).href;
  return value.endsWith("/") && !url.endsWith("/") ? `${url}/` : url;
}

/** Rewrites one import map (`imports`, or one scope) with absolute, checked targets. */
function checkedMap(
  map: Json | undefined,
  where: string,
  roots: Roots,
  problems: string[],
): Record<string, string> {
  if (map === undefined) return {};
  if (map === null || typeof map !== "object" || Array.isArray(map)) {
    problems.push(`${where} must be an object of specifier → target`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, target] of Object.entries(map)) {
    if (typeof target !== "string") {
      problems.push(`${where}.${JSON.stringify(key)} must be a string`);
      continue;
    }
    const url = REMOTE.test(target) ? target : localUrl(target, roots.sourceDir);
    if (url === undefined) {
      problems.push(
        `${where}.${JSON.stringify(key)}: ${JSON.stringify(target)} is neither a relative path ` +
          "nor an npm:, jsr:, node: or https: specifier",
      );
      continue;
    }
    if (url.startsWith("file:") && !inRoots(fileURLToPath(url), roots)) {
      problems.push(
        `${where}.${JSON.stringify(key)}: ${JSON.stringify(target)} points outside the ` +
          "function folder; a build reads only the function folder and the author library",
      );
      continue;
    }
    out[localUrl(key, roots.sourceDir) ?? key] = url;
  }
  return out;
}

/** The configuration a build uses, made from a function's `deno.json`. */
export interface BuildConfig {
  imports: Record<string, string>;
  scopes?: Record<string, Record<string, string>>;
  compilerOptions?: Record<string, Json>;
  nodeModulesDir: "none";
  lock: false;
}

/**
 * Reads the function's `deno.json` text into the build's configuration; `micro` entries (the
 * author library) are added where the function maps nothing of its own.
 * @throws {Error} naming every refused key and every target outside the folder.
 */
export function buildConfigFrom(
  text: string,
  file: string,
  roots: Roots,
  micro: Record<string, string>,
): BuildConfig {
  const fail = (problems: string[]) => new Error(`Cannot use ${file}: ${problems.join("; ")}`);
  let json: Json;
  try {
    json = parseJsonc(text);
  } catch (e) {
    throw fail([`not valid JSON: ${(e as Error).message}`]);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw fail(["it must hold an object"]);
  }
  const problems: string[] = [];
  for (const key of Object.keys(json)) {
    if (CONFIG_KEYS_USED.includes(key) || CONFIG_KEYS_IGNORED.includes(key)) continue;
    problems.push(
      `key ${JSON.stringify(key)} is refused: a function's ${file} may set only ` +
        `${CONFIG_KEYS_USED.join(", ")} (and keys for other tools, which are ignored)`,
    );
  }
  const imports = checkedMap(json.imports, "imports", roots, problems);
  const scopes: Record<string, Record<string, string>> = {};
  if (json.scopes !== undefined) {
    if (json.scopes === null || typeof json.scopes !== "object" || Array.isArray(json.scopes)) {
      problems.push("scopes must be an object of scope → import map");
    } else {
      for (const [scope, map] of Object.entries(json.scopes)) {
        const name = localUrl(scope, roots.sourceDir) ?? scope;
        scopes[name] = checkedMap(map, `scopes.${JSON.stringify(scope)}`, roots, problems);
      }
    }
  }
  const options = json.compilerOptions;
  if (
    options !== undefined &&
    (options === null || typeof options !== "object" || Array.isArray(options))
  ) {
    problems.push("compilerOptions must be an object");
  }
  if (problems.length) throw fail(problems);
  for (const [key, target] of Object.entries(micro)) imports[key] ??= target;
  return {
    imports,
    ...(json.scopes === undefined ? {} : { scopes }),
    ...(options === undefined ? {} : { compilerOptions: options as Record<string, Json> }),
    nodeModulesDir: "none",
    lock: false,
  };
}

/**
 * Writes the build's configuration for the function's `deno.json` at `configPath` into `file`
 * and returns `file`.
 * @throws {Error} as {@link buildConfigFrom}, or when the file is over {@link MAX_CONFIG_BYTES}.
 */
export async function writeBuildConfig(
  configPath: string,
  file: string,
  roots: Roots,
): Promise<string> {
  const name = configPath.slice(configPath.lastIndexOf("/") + 1);
  const { size } = await Deno.stat(configPath);
  if (size > MAX_CONFIG_BYTES) {
    throw new Error(`Cannot use ${name}: ${size} bytes; it may be at most ${MAX_CONFIG_BYTES}`);
  }
  const micro = {
    "denofn/micro": pathToFileURL(join(roots.microDir, "mod.ts")).href,
    "denofn/micro/testing": pathToFileURL(join(roots.microDir, "testing.ts")).href,
  };
  const config = buildConfigFrom(await Deno.readTextFile(configPath), name, roots, micro);
  await Deno.writeTextFile(file, JSON.stringify(config, null, 2));
  return file;
}
