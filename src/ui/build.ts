/**
 * `deno task ui:build`: bundles the dashboard's client (`client/main.tsx`, Preact and uPlot from
 * the import map) with `deno bundle` into `static/dist/`, which is committed, so nobody who runs
 * the platform builds anything. The bundle's first line names the hash of the sources it was
 * built from; `bundle_test.ts` fails when the sources changed without a rebuild.
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
/** The client's sources. */
export const CLIENT_DIR = join(HERE, "client");
/** Where the bundle goes. */
export const DIST_DIR = join(HERE, "static", "dist");
const DENO_JSON = join(HERE, "..", "..", "deno.json");
/** The import-map entries the bundle depends on. */
const BUNDLED = ["preact", "preact/", "uplot"];

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) out.push(...await files(path));
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith("_test.ts")) out.push(path);
  }
  return out.sort();
}

/** Relative imports of code (not `import type` / `export type`) in a module's text. */
const CODE_IMPORT = /^(?:import|export) (?!type\b)[^;]*?from "(\.{1,2}\/[^"]+)";/gms;

/** The platform modules outside the client that its code imports, directly or not (bundled too). */
async function platformModules(sources: string[]): Promise<string[]> {
  const seen = new Set<string>();
  const walk = async (path: string) => {
    for (const [, spec] of (await Deno.readTextFile(path)).matchAll(CODE_IMPORT)) {
      const target = join(dirname(path), spec);
      if (target.startsWith(CLIENT_DIR + "/") || seen.has(target)) continue;
      seen.add(target);
      await walk(target);
    }
  };
  for (const path of sources) await walk(path);
  return [...seen].sort();
}

/**
 * SHA-256 (hex) of the client sources, the platform modules their code imports and the versions
 * of what they bundle.
 */
export async function sourcesHash(): Promise<string> {
  const imports = JSON.parse(await Deno.readTextFile(DENO_JSON)).imports as Record<string, string>;
  let text = BUNDLED.map((k) => `${k}=${imports[k]}\n`).join("");
  const sources = await files(CLIENT_DIR);
  for (const path of [...sources, ...await platformModules(sources)]) {
    text += `--- ${relative(CLIENT_DIR, path)}\n${await Deno.readTextFile(path)}`;
  }
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The first line of a bundle built from sources of `hash`. */
export const stamp = (hash: string) => `/* denofn ui bundle: sources sha256 ${hash} */`;

/** Builds the bundle; returns the sizes written. */
export async function buildBundle(): Promise<Record<string, number>> {
  const hash = await sourcesHash();
  await Deno.remove(DIST_DIR, { recursive: true }).catch(() => {});
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform=browser",
      "--minify",
      `--outdir=${DIST_DIR}`,
      join(CLIENT_DIR, "main.tsx"),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`Cannot bundle the UI client:\n${stderr}`);
  const sizes: Record<string, number> = {};
  for (const name of ["main.js", "main.css"]) {
    const path = join(DIST_DIR, name);
    const text = `${stamp(hash)}\n${await Deno.readTextFile(path)}`;
    await Deno.writeTextFile(path, text);
    sizes[name] = text.length;
  }
  return sizes;
}

if (import.meta.main) {
  const sizes = await buildBundle();
  for (const [name, size] of Object.entries(sizes)) {
    console.log(`${relative(Deno.cwd(), join(DIST_DIR, name))}: ${(size / 1024).toFixed(1)} KiB`);
  }
}
