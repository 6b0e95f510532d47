/**
 * A function's `package.json` is an input its author controls: only its `dependencies` are
 * used, and only registry versions pass (`^4.6.0`, `~1.2`, `latest`, `npm:other@^2`). A `file:`,
 * `link:`, `workspace:`, git or URL dependency, or a path, fails the build naming it: it could
 * reach outside the folder or fetch from anywhere. Scripts, overrides and the lock file are
 * never used, so nothing runs at install.
 */
import { join } from "node:path";

/** Largest `package.json` read, in bytes. */
export const MAX_PACKAGE_JSON_BYTES = 256 * 1024;
/** Most dependencies a function may declare. */
export const MAX_DEPENDENCIES = 200;

/**
 * Libraries that only register a handler with their platform: the runtimes supply stand-ins
 * (see `micro/compat/` and `templates/node/standins/`), so they are not installed.
 */
export const STAND_IN_PACKAGES: readonly string[] = [
  "@google-cloud/functions-framework",
  "@azure/functions",
];

const NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/i;
const RANGE = /^[A-Za-z0-9.+~^<>=|*\s-]*$/;

/** The registry dependencies of a function, name → version range. */
export interface NpmDependencies {
  dependencies: Record<string, string>;
  /** Stand-in libraries that were listed and are supplied instead. */
  standIns: string[];
}

/** Problems of one dependency, naming it. */
export function dependencyProblems(name: string, spec: unknown): string[] {
  const where = `package.json dependencies.${name}`;
  if (name.length > 214 || !NAME.test(name)) return [`${where}: not a valid npm package name`];
  if (typeof spec !== "string") return [`${where}: the version must be a string`];
  const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)(?:@(.*))?$/.exec(spec);
  const range = alias ? alias[2] ?? "" : spec;
  if ((alias && !NAME.test(alias[1])) || range.length > 256 || !RANGE.test(range)) {
    return [
      `${where}: ${JSON.stringify(spec.slice(0, 80))} is not a registry version ` +
      "(file:, link:, workspace:, git and URL dependencies and paths are refused)",
    ];
  }
  return [];
}

/**
 * Reads `<sourceDir>/package.json` (undefined when there is none).
 * @throws {Error} naming every refused dependency, or a file that is not JSON.
 */
export async function readNpmDependencies(sourceDir: string): Promise<NpmDependencies | undefined> {
  const path = join(sourceDir, "package.json");
  let text: string;
  try {
    const info = await Deno.lstat(path);
    if (!info.isFile) throw new Error("package.json is not a regular file");
    if (info.size > MAX_PACKAGE_JSON_BYTES) {
      throw new Error(`package.json is ${info.size} bytes; at most ${MAX_PACKAGE_JSON_BYTES}`);
    }
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw e;
  }
  let pkg: { dependencies?: unknown };
  try {
    pkg = JSON.parse(text);
  } catch (e) {
    throw new Error(`package.json is not valid JSON: ${(e as Error).message}`);
  }
  const deps = pkg?.dependencies ?? {};
  if (typeof deps !== "object" || deps === null || Array.isArray(deps)) {
    throw new Error("package.json dependencies must be an object of name → version");
  }
  const entries = Object.entries(deps as Record<string, unknown>);
  if (entries.length > MAX_DEPENDENCIES) {
    throw new Error(
      `package.json lists ${entries.length} dependencies; at most ${MAX_DEPENDENCIES}`,
    );
  }
  const problems = entries.flatMap(([name, spec]) => dependencyProblems(name, spec));
  if (problems.length) throw new Error(`Cannot install dependencies: ${problems.join("; ")}`);
  const out: NpmDependencies = { dependencies: {}, standIns: [] };
  for (const [name, spec] of entries as [string, string][]) {
    if (STAND_IN_PACKAGES.includes(name)) out.standIns.push(name);
    else out.dependencies[name] = spec.trim();
  }
  return out;
}

/** `npm:` specifiers of the dependencies, as import map entries (`name` and `name/`). */
export function npmImportMap(deps: Record<string, string>): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [name, spec] of Object.entries(deps)) {
    const alias = /^npm:((?:@[^/@]+\/)?[^/@]+)(?:@(.*))?$/.exec(spec);
    const target = alias ? alias[1] : name;
    const range = (alias ? alias[2] ?? "" : spec).replace(/\s+/g, " ").trim();
    const versioned = range && range !== "*" && range !== "latest" ? `${target}@${range}` : target;
    map[name] = `npm:${versioned}`;
    map[`${name}/`] = `npm:/${versioned}/`;
  }
  return map;
}
