/**
 * The import map entries that let functions written for other platforms bundle unchanged:
 * their `package.json` dependencies as `npm:` specifiers, stand-ins for the libraries that only
 * register a handler (`@google-cloud/functions-framework`, `@azure/functions`), the old std
 * `http/server.ts` by whatever version URL the function imports it, and type-only modules the
 * platform cannot fetch (Supabase's `edge-runtime.d.ts`).
 */
import { extname, join } from "node:path";
import { npmImportMap, readNpmDependencies } from "../deps/mod.ts";

const STD_SERVER = /https:\/\/deno\.land\/std(?:@[\w.-]+)?\/http\/server\.ts/g;
const SOURCE_EXTS = new Set([".ts", ".tsx", ".js", ".jsx", ".mjs", ".mts"]);
/** Most source bytes scanned for std URLs. */
const MAX_SCAN_BYTES = 4 * 1024 * 1024;

/** Type-only modules that resolve to an empty module. */
export const TYPE_ONLY_MODULES: readonly string[] = [
  "jsr:@supabase/functions-js/edge-runtime.d.ts",
  "npm:@supabase/functions-js/edge-runtime.d.ts",
  "https://esm.sh/@supabase/functions-js/src/edge-runtime.d.ts",
];

/** The std `http/server.ts` URLs the sources of `dir` import (folders `node_modules` and dot-folders skipped). */
export async function stdServerUrls(dir: string): Promise<string[]> {
  const found = new Set<string>();
  let budget = MAX_SCAN_BYTES;
  const walk = async (at: string) => {
    for await (const e of Deno.readDir(at)) {
      if (budget <= 0) return;
      const path = join(at, e.name);
      if (e.isDirectory && !e.name.startsWith(".") && e.name !== "node_modules") await walk(path);
      else if (e.isFile && SOURCE_EXTS.has(extname(e.name))) {
        const text = await Deno.readTextFile(path).catch(() => "");
        budget -= text.length;
        for (const m of text.matchAll(STD_SERVER)) found.add(m[0]);
      }
    }
  };
  await walk(dir);
  return [...found];
}

/**
 * Import map entries for a function folder.
 * @throws {Error} when its `package.json` declares a refused dependency.
 */
export async function compatImports(
  sourceDir: string,
  microDir: string,
  log: (line: string) => void,
): Promise<Record<string, string>> {
  const compat = (file: string) => join(microDir, "compat", file);
  const imports: Record<string, string> = {};
  for (const spec of TYPE_ONLY_MODULES) imports[spec] = compat("empty.ts");
  for (const url of await stdServerUrls(sourceDir)) imports[url] = compat("std_http_server.ts");
  const deps = await readNpmDependencies(sourceDir);
  if (deps) {
    Object.assign(imports, npmImportMap(deps.dependencies));
    const names = Object.keys(deps.dependencies);
    if (names.length) log(`package.json: ${names.join(", ")} from npm (no install scripts run)`);
  }
  imports["@google-cloud/functions-framework"] = compat("functions_framework.ts");
  imports["@azure/functions"] = compat("azure_functions.ts");
  return imports;
}
