/**
 * Installs a container function's `package.json` dependencies into its build context, on the
 * platform's side: `deno install` from the npm registry into a fresh folder holding a generated
 * `package.json` with only the checked `dependencies` (no scripts, overrides, lock file or
 * `.npmrc` of the function). Deno runs no install scripts, and its cache keeps packages between
 * builds. The image then needs no network and no npm.
 */
import { join } from "node:path";
import { readNpmDependencies } from "../../registry/deps/mod.ts";
import { readLines } from "../../util/lines.ts";

/**
 * Installs the dependencies of `sourceDir/package.json` into `contextDir/node_modules`
 * (replacing a `node_modules` the function brought). Nothing happens without dependencies.
 * @throws {Error} naming a refused dependency, or with the installer's output.
 */
export async function installNpmDependencies(
  sourceDir: string,
  contextDir: string,
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const deps = await readNpmDependencies(sourceDir);
  if (deps?.standIns.length) {
    log(`package.json: ${deps.standIns.join(", ")} supplied by the runtime (stand-in)`);
  }
  const names = Object.keys(deps?.dependencies ?? {});
  if (!names.length) return;
  const work = await Deno.makeTempDir({ prefix: "denofn-npm-" });
  try {
    const pkg = { name: "denofn-function", private: true, dependencies: deps!.dependencies };
    await Deno.writeTextFile(join(work, "package.json"), JSON.stringify(pkg, null, 2));
    log(`installing ${names.join(", ")} from npm (install scripts are not run)`);
    const t0 = performance.now();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["install", "--node-modules-dir=auto", "--no-lock"],
      cwd: work,
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal,
    }).spawn();
    const lines: string[] = [];
    const keep = (line: string) => {
      lines.push(line);
      if (line.trim()) log(line);
    };
    const [status] = await Promise.all([
      child.status,
      readLines(child.stdout, keep),
      readLines(child.stderr, keep),
    ]);
    if (!status.success) {
      throw new Error(`Cannot install dependencies:\n${lines.slice(-12).join("\n")}`);
    }
    await Deno.remove(join(contextDir, "node_modules"), { recursive: true }).catch(() => {});
    await Deno.rename(join(work, "node_modules"), join(contextDir, "node_modules"));
    log(`installed ${names.length} package(s) in ${Math.round(performance.now() - t0)} ms`);
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}
