/**
 * The build record the registry writes to `registry/<name>.json` beside the bundle
 * `registry/<name>.js`. It is the only thing the gateway knows about a function, so
 * registry and gateway can run as separate services sharing the `registry/` folder.
 */
import { z } from "zod";
import { manifestSchema } from "./mod.ts";

/** Schema of `registry/<name>.json`. */
export const functionRecordSchema = z.object({
  /** Function name (the folder name under `registry_in/`). */
  name: z.string(),
  /** `ready`: bundle (or image) built and tested; `failed`: see `error`. */
  status: z.enum(["ready", "failed"]),
  /** Content hash of the source folder (sha-256 hex of paths + contents). */
  hash: z.string(),
  /** Runtime: `deno` or a template name under `templates/`. */
  runtime: z.string(),
  /** ISO time the build finished. */
  builtAt: z.string(),
  /** How long the build took, in ms. */
  buildMs: z.number(),
  /** Absolute path of the function's source folder (its working directory at run time). */
  sourceDir: z.string(),
  /** File name of the bundle inside `registry/`, for Deno functions. */
  bundle: z.string().optional(),
  /** Bundle size in bytes. */
  bundleBytes: z.number().optional(),
  /** Names the Deno bundle exports (a stdin-mode bundle with a default export is a handler). */
  exports: z.array(z.string()).optional(),
  /** Docker image tag, for container runtimes. */
  image: z.string().optional(),
  /** The normalized manifest; absent only when the manifest itself was invalid. */
  manifest: manifestSchema().optional(),
  /** Why the build failed (manifest error, bundler error, failed manifest test). */
  error: z.string().optional(),
  /**
   * The latest build when it failed while an earlier good build keeps serving (the rest of the
   * record is that good build). Absent once a build passes again.
   */
  failedBuild: z.object({ hash: z.string(), builtAt: z.string(), error: z.string() }).optional(),
});

/** A build record as read from `registry/<name>.json`. */
export type FunctionRecord = z.output<typeof functionRecordSchema>;
