/** Options of {@link startRegistry}, checked up front. */
import { z } from "zod";
import type { ManifestDefaults } from "../manifest/mod.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import type { Builder } from "./build/builder.ts";
import type { Verify } from "./build/build_function.ts";
import type { CatalogEvent } from "./catalog/catalog.ts";

/** How to run a registry. */
export interface RegistryOptions {
  /** Function sources, one folder each (created if missing). */
  inDir: string;
  /** Build output: `<name>.js` + `<name>.json` (created if missing). */
  outDir: string;
  /** Docker runtime templates, to say whether a runtime without builder has a template. */
  templatesDir?: string;
  /** Platform defaults filled into each manifest. */
  defaults?: ManifestDefaults;
  /** Builders by runtime name; `deno` is built in (pass one to replace it). */
  builders?: Record<string, Builder>;
  /** Runs a manifest's `test` on the staged build; returns an error message or undefined. */
  verify?: Verify;
  /**
   * Receives every change of a record, synchronously, as soon as its files are written and before
   * `rebuild()` resolves: the one feed the router follows in a single-process platform.
   */
  onChange?: (event: CatalogEvent) => void;
  /** Receives one line per event (`[registry] hello: built in 212 ms (3.1 kB)`); default stdout. */
  log?: (line: string) => void;
  /** Receives builder output (bundler lines); default: `log` with a `[registry] <name> |` prefix. */
  buildLog?: (name: string, line: string) => void;
  /** Called after each build with its record (e.g. to put the outcome in the function's log). */
  onBuilt?: (record: FunctionRecord) => void;
  /** Quiet time after a change before a function is rebuilt (default 60 ms). */
  debounceMs?: number;
  /**
   * The builds' own Deno cache (npm packages and the bundler), apart from the platform's
   * (default: `~/.cache/denofn/build`, see `buildCacheDir`).
   */
  buildCacheDir?: string;
  /** Builds running at once (default 2). */
  concurrency?: number;
}

const optionsSchema = z.object({
  inDir: z.string().min(1),
  outDir: z.string().min(1),
  templatesDir: z.string().min(1).optional(),
  debounceMs: z.number().int().min(0).max(60_000).optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
});

/**
 * Checks the plain-data options.
 * @throws {TypeError} "Cannot start the registry: <key>: <problem>".
 */
export function checkOptions(options: RegistryOptions): void {
  const result = optionsSchema.safeParse(options);
  if (result.success) return;
  const issue = result.error.issues[0];
  throw new TypeError(`Cannot start the registry: ${issue.path.join(".")}: ${issue.message}`);
}
