/** Reads the export names of a bundle with esbuild (started lazily, stopped on demand). */

type Esbuild = typeof import("esbuild");
let loaded: Promise<Esbuild> | undefined;

/** The names a bundled ES module exports, e.g. `["default"]`. */
export async function bundleExports(file: string): Promise<string[]> {
  loaded ??= import("esbuild");
  const esbuild = await loaded;
  const result = await esbuild.build({
    entryPoints: [file],
    bundle: false,
    write: false,
    metafile: true,
    format: "esm",
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs).flatMap((o) => o.exports);
}

/** Stops esbuild's service process if it was started (it restarts on the next use). */
export async function stopExportCheck(): Promise<void> {
  if (!loaded) return;
  const esbuild = await loaded;
  await esbuild.stop();
}
