/**
 * The export names of a bundle, read from its text: `deno bundle` (esbuild) ends an ES module
 * with one `export { a, b as default };` statement, before the inline source map. No parser and
 * no extra process: this replaced npm esbuild, a resident service process that cost ~25 ms on the
 * first build and ~3 ms on each (this read takes ~0.2 ms). The runner checks the handler's shape
 * itself when it loads the bundle.
 */

const TAIL = /export\s*\{([^{}]*)\}\s*;?\s*$/;

/** The names a bundle exports, e.g. `["default"]` (`[]` for a plain script). */
export function exportNames(bundleText: string): string[] {
  const map = bundleText.lastIndexOf("\n//# sourceMappingURL=");
  const code = map < 0 ? bundleText : bundleText.slice(0, map);
  const m = TAIL.exec(code.slice(-64 * 1024));
  if (!m) return [];
  return m[1].split(",").map((part) => part.trim()).filter(Boolean).map((part) => {
    const as = /\bas\s+(.+)$/.exec(part);
    return (as ? as[1] : part).replace(/^["']|["']$/g, "");
  });
}

/** The export names of the bundle file `file`. */
export async function bundleExports(file: string): Promise<string[]> {
  return exportNames(await Deno.readTextFile(file));
}

/**
 * Whether a bundle without exports registers a handler some other way: `Deno.serve`, std's
 * `serve`, `addEventListener("fetch")`, or a library's `http(name, fn)`.
 */
export function registersHandler(bundleText: string): boolean {
  return /\bserve\s*\(|addEventListener\s*\(\s*["'`]fetch|\.http\s*\(|\bhttp\s*\(\s*["'`]/.test(
    bundleText,
  );
}
