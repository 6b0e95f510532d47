/**
 * The built-in builder of the `deno` runtime: `deno bundle` (Deno's esbuild-based bundler, which
 * resolves relative, `npm:` and import-mapped imports) into a staged file in `outDir`.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildContext, Builder, BuildOutput } from "./builder.ts";
import { exportNames, registersHandler } from "./export_check.ts";
import { compatImports } from "./compat_map.ts";
import { parseHandlerRef } from "../../manifest/mod.ts";
import { bundlerError, isChatter, isNoise, stripAnsi } from "./bundler_output.ts";
import { findEntry } from "./entry.ts";
import { readLines } from "../../util/lines.ts";
import { buildCacheDir, spawnConfinedBundle } from "./confined.ts";
import { writeBuildConfig } from "./function_config.ts";

/** Folder inside `outDir` where bundles wait until they are tested and moved into place. */
export const STAGING_DIR = ".staging";

/** Path, relative to `outDir`, of the staged bundle of one build. */
export function stagedBundle(name: string, hash: string): string {
  return `${STAGING_DIR}/${name}.${hash.slice(0, 16)}.js`;
}

/** Options of {@link createDenoBuilder}. */
export interface DenoBuilderOptions {
  /** Folder of the author library that `denofn/micro` maps to (default: this checkout's). */
  microDir?: string;
  /** The `deno` binary (default: `Deno.execPath()`). */
  denoPath?: string;
  /** A bundle that takes longer fails (default 120 000 ms). */
  timeoutMs?: number;
  /** The builds' own Deno cache (default: see `buildCacheDir`). */
  cacheDir?: string;
}

const DEFAULT_MICRO_DIR = fileURLToPath(new URL("../../../micro/", import.meta.url));
const CONFIG_FILES = ["deno.json", "deno.jsonc"];

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/**
 * Writes the import map of one build beside its staged bundle: `denofn/micro`, and what lets
 * functions of other platforms bundle unchanged (see `compat_map.ts`).
 */
async function importMapFor(
  file: string,
  sourceDir: string,
  microDir: string,
  log: (line: string) => void,
): Promise<string> {
  const imports = {
    ...await compatImports(sourceDir, microDir, log),
    "denofn/micro": join(microDir, "mod.ts"),
    "denofn/micro/testing": join(microDir, "testing.ts"),
  };
  await Deno.writeTextFile(file, JSON.stringify({ imports }, null, 2));
  return file;
}

/**
 * Creates the Deno builder. Bundling runs confined (`confined.ts`); a function folder with its
 * own `deno.json` contributes its imports, scopes and compilerOptions (`function_config.ts`).
 * An http-mode bundle must export something or register a handler (`Deno.serve`, ...); the runner
 * checks the handler's shape when it loads it. A stdin-mode bundle with a default export is a
 * handler called per process; without one it is a plain script.
 */
export function createDenoBuilder(options: DenoBuilderOptions = {}): Builder {
  const microDir = options.microDir ?? DEFAULT_MICRO_DIR;
  const deno = options.denoPath ?? Deno.execPath();
  const timeoutMs = options.timeoutMs ?? 120_000;

  return {
    async build(ctx: BuildContext): Promise<BuildOutput> {
      const handlerFile = ctx.manifest.handler === undefined
        ? undefined
        : parseHandlerRef(ctx.manifest.handler).file;
      const entry = await findEntry(ctx.sourceDir, ctx.manifest.entry, handlerFile);
      const bundle = stagedBundle(ctx.name, ctx.hash);
      const outFile = join(ctx.outDir, bundle);
      await Deno.mkdir(join(ctx.outDir, STAGING_DIR), { recursive: true });

      const mapFile = `${outFile}.import_map.json`;
      const configFile = `${outFile}.deno.json`;
      let config: string[] | undefined;
      for (const file of CONFIG_FILES) {
        const path = join(ctx.sourceDir, file);
        if (await exists(path)) {
          // Only its imports, scopes and compilerOptions count (see function_config.ts).
          const roots = { sourceDir: ctx.sourceDir, microDir };
          config = [`--config=${await writeBuildConfig(path, configFile, roots)}`];
          break;
        }
      }
      config ??= [
        "--no-config",
        `--import-map=${await importMapFor(mapFile, ctx.sourceDir, microDir, ctx.log)}`,
      ];
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
      // Confined: reads only the folder, micro/ and the cache; an environment of its own.
      const child = await spawnConfinedBundle({
        deno,
        sourceDir: ctx.sourceDir,
        microDir,
        cacheDir: options.cacheDir ?? buildCacheDir(ctx.outDir),
        config,
        entry: join(ctx.sourceDir, entry),
        outFile,
      }, { cwd: ctx.sourceDir, signal });
      const lines: string[] = [];
      const collect = (line: string) => {
        lines.push(line);
        const clean = stripAnsi(line);
        if (!isNoise(clean) && !isChatter(clean)) ctx.log(clean);
      };
      const [status] = await Promise.all([
        child.status,
        readLines(child.stdout, collect),
        readLines(child.stderr, collect),
      ]).finally(() =>
        Promise.all([mapFile, configFile].map((f) => Deno.remove(f).catch(() => {})))
      );
      if (signal.aborted) {
        await Deno.remove(outFile).catch(() => {});
        throw new Error(
          ctx.signal.aborted ? "build aborted" : `bundling took over ${timeoutMs} ms`,
        );
      }
      if (!status.success || !(await exists(outFile))) {
        await Deno.remove(outFile).catch(() => {});
        let message = bundlerError(lines, status.code).replaceAll(`file://${ctx.sourceDir}/`, "");
        if (config[0].startsWith("--config") && message.includes('"denofn/micro')) {
          message += `\n(this function has its own deno.json, so it must map "denofn/micro" ` +
            `itself, e.g. "denofn/micro": "${join(microDir, "mod.ts")}")`;
        }
        throw new Error(message);
      }
      const text = await Deno.readTextFile(outFile);
      const exports = exportNames(text);
      if (ctx.manifest.mode === "http" && !exports.length && !registersHandler(text)) {
        await Deno.remove(outFile).catch(() => {});
        throw new Error(
          `${entry} has no handler: it exports nothing and calls no Deno.serve; export default ` +
            'a handler: createHandler((req, ctx) => ...) from "denofn/micro", a function ' +
            "(req, ctx) => ..., or an object with fetch(req, ctx); or call Deno.serve(handler) " +
            '(or set "mode": "stdin" for a plain script)',
        );
      }
      return { bundle, bundleBytes: new TextEncoder().encode(text).length, exports };
    },
  };
}
