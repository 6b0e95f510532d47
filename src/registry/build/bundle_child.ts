/**
 * The bundler of the `deno` runtime, run as `deno run --unstable-bundle` with read access to the
 * function folder, the author library and the dependency cache only, and write access to its one
 * output file (see `confined.ts`). `Deno.bundle` reads every module through Deno's permission
 * checks, so a text import of `/etc/passwd`, a JSON file beside the folder or a file an npm
 * package names fails the build instead of landing in the bundle.
 *
 * Usage: `deno run <flags> bundle_child.ts <entry-path> <out-file>`. Prints each error as
 * `error: <text>` (as `deno bundle` does) and exits 1 when bundling failed.
 */
const [entry, outputPath] = Deno.args;

const OUTSIDE = ", run again with the --allow-read flag";
const WHY =
  " (a build reads only the function folder, the author library and the dependency cache)";

function describe(m: Deno.bundle.Message): string {
  const text = m.text.replace(OUTSIDE, WHY);
  const at = m.location;
  return at && !text.includes("\n    at ")
    ? `${text}\n    at ${at.file}:${at.line}:${at.column}`
    : text;
}

const result = await Deno.bundle({
  entrypoints: [entry],
  outputPath,
  platform: "deno",
  format: "esm",
  // An inline source map lets stack traces name index.ts:12, not the bundle.
  sourcemap: "inline",
  write: true,
});
for (const warning of result.warnings) console.error(`warning: ${describe(warning)}`);
if (!result.success) {
  for (const error of result.errors) console.error(`error: ${describe(error)}`);
  Deno.exit(1);
}
