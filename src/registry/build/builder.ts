/**
 * A builder turns one function folder into something runnable: a Deno bundle, or a Docker image
 * built from a runtime template. The registry picks the builder by the manifest's `runtime`.
 */
import type { Manifest } from "../../manifest/mod.ts";

/** What a builder is given. */
export interface BuildContext {
  name: string;
  /** Absolute path of `registry_in/<name>/`. */
  sourceDir: string;
  /** Absolute path of the `registry/` output folder. */
  outDir: string;
  /** Content hash of the source folder. */
  hash: string;
  manifest: Manifest;
  /** Receives build output line by line (shown in the function's log with progress). */
  log: (line: string) => void;
  signal: AbortSignal;
}

/** What a successful build produced (merged into the build record). */
export interface BuildOutput {
  /** Bundle file name inside `outDir` (Deno runtime). */
  bundle?: string;
  bundleBytes?: number;
  /** Names the bundle exports. */
  exports?: string[];
  /** Image tag (container runtimes). */
  image?: string;
}

/** Builds functions of one or more runtimes. Throws an Error whose message says what failed. */
export interface Builder {
  build(ctx: BuildContext): Promise<BuildOutput>;
}
