/**
 * The built-in builder of the `deno` runtime: `deno bundle` (Deno's esbuild-based bundler, which
 * resolves relative, `npm:` and import-mapped imports) into a staged file in `outDir`.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildContext, Builder, BuildOutput } from "./builder.ts";
import { bundleExports } from "./export_check.ts";
import { bundlerError, isChatter, isNoise, stripAnsi } from "./bundler_output.ts";
import { findEntry } from "./entry.ts";
import { writeFileAtomic } from "../catalog/atomic.ts";
import { readLines } from "../../util/lines.ts";

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
}

const DEFAULT_MICRO_DIR = fileURLToPath(new URL("../../../micro/", import.meta.url));
const CONFIG_FILES = ["deno.json", "deno.jsonc"];

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

/** Writes `outDir/.import_map.json` mapping `denofn/micro` to the author library. */
async function importMapFor(outDir: string, microDir: string): Promise<string> {
  const path = join(outDir, ".import_map.json");
  const text = JSON.stringify(
    {
      imports: {
        "denofn/micro": join(microDir, "mod.ts"),
        "denofn/micro/testing": join(microDir, "testing.ts"),
      },
    },
    null,
    2,
  );
  const current = await Deno.readTextFile(path).catch(() => undefined);
  if (current !== text) await writeFileAtomic(path, text);
  return path;
}

/**
 * Creates the Deno builder. A function folder with its own `deno.json` is bundled with
 * `--config` on it; that file must then map `denofn/micro` itself if the function imports it.
 * http-mode bundles must have a default export; stdin-mode bundles are plain scripts.
 */
export function createDenoBuilder(options: DenoBuilderOptions = {}): Builder {
  const microDir = options.microDir ?? DEFAULT_MICRO_DIR;
  const deno = options.denoPath ?? Deno.execPath();
  const timeoutMs = options.timeoutMs ?? 120_000;

  return {
    async build(ctx: BuildContext): Promise<BuildOutput> {
      const entry = await findEntry(ctx.sourceDir, ctx.manifest.entry);
      const bundle = stagedBundle(ctx.name, ctx.hash);
      const outFile = join(ctx.outDir, bundle);
      await Deno.mkdir(join(ctx.outDir, STAGING_DIR), { recursive: true });

      let config = ["--no-config", `--import-map=${await importMapFor(ctx.outDir, microDir)}`];
      for (const file of CONFIG_FILES) {
        const path = join(ctx.sourceDir, file);
        if (await exists(path)) {
          config = [`--config=${path}`];
          break;
        }
      }
      // An inline source map lets stack traces name index.ts:12, not the bundle.
      const args = [
        "bundle",
        "--no-lock",
        "--platform=deno",
        "--format=esm",
        "--sourcemap=inline",
        ...config,
      ];
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
      const child = new Deno.Command(deno, {
        args: [...args, "-o", outFile, join(ctx.sourceDir, entry)],
        cwd: ctx.sourceDir,
        env: { DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", RUST_BACKTRACE: "0" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        signal,
      }).spawn();
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
      ]);
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
      if (ctx.manifest.mode === "http" && !(await bundleExports(outFile)).includes("default")) {
        await Deno.remove(outFile).catch(() => {});
        throw new Error(
          `${entry} has no default export; export default a handler: ` +
            'createHandler((req, ctx) => ...) from "denofn/micro", a function (req, ctx) => ..., ' +
            'or an object with fetch(req, ctx) (or set "mode": "stdin" for a plain script)',
        );
      }
      return { bundle, bundleBytes: (await Deno.stat(outFile)).size };
    },
  };
}
