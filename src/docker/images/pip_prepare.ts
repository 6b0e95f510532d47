/**
 * Prepares a container function's `requirements.txt` for the python template's install step
 * (`denofn_deps.py`, run inside the image build): the checked requirement lines, where pip may
 * look (the operator's index, or none), and the operator's folder of wheels. The function's own
 * file never reaches pip, so its options (`--index-url`, `-e`, URLs) cannot.
 */
import { join } from "node:path";
import { checkRequirements, MAX_REQUIREMENTS_BYTES } from "../../registry/deps/mod.ts";

/** Where pip finds packages (set by the operator: `DENOFN_PIP_INDEX_URL`, `_FIND_LINKS`). */
export interface PipSources {
  /** Index URL, or `none` for no index (only `findLinks`). Default PyPI. */
  indexUrl?: string;
  /** A folder of wheels on the platform's machine, copied into the build. */
  findLinks?: string;
}

/** The default index. */
export const PYPI = "https://pypi.org/simple";

async function readRequirements(sourceDir: string): Promise<string | undefined> {
  const path = join(sourceDir, "requirements.txt");
  const info = await Deno.lstat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isFile) throw new Error("requirements.txt is not a regular file");
  if (info.size > MAX_REQUIREMENTS_BYTES) {
    throw new Error(`requirements.txt is ${info.size} bytes; at most ${MAX_REQUIREMENTS_BYTES}`);
  }
  return await Deno.readTextFile(path);
}

/**
 * Writes `depsDir/requirements.txt` (checked lines), `depsDir/pip.json` and `depsDir/wheels/`.
 * @throws {Error} naming each refused line.
 */
export async function preparePip(
  sourceDir: string,
  depsDir: string,
  sources: PipSources,
  log: (line: string) => void,
): Promise<void> {
  await Deno.mkdir(join(depsDir, "wheels"), { recursive: true });
  const text = await readRequirements(sourceDir);
  const req = text === undefined ? { lines: [], standIns: [] } : checkRequirements(text);
  if (req.standIns.length) {
    log(`requirements.txt: ${req.standIns.join(", ")} supplied by the runtime (stand-in)`);
  }
  await Deno.writeTextFile(join(depsDir, "requirements.txt"), req.lines.join("\n") + "\n");
  const index = sources.indexUrl === "none" ? null : sources.indexUrl ?? PYPI;
  await Deno.writeTextFile(join(depsDir, "pip.json"), JSON.stringify({ index }));
  if (!req.lines.length) return;
  if (sources.findLinks) {
    for await (const e of Deno.readDir(sources.findLinks)) {
      if (e.isFile && e.name.endsWith(".whl")) {
        await Deno.copyFile(join(sources.findLinks, e.name), join(depsDir, "wheels", e.name));
      }
    }
  }
  log(
    `requirements.txt: ${req.lines.length} requirement(s) from ${index ?? "no index"}` +
      (sources.findLinks ? ` and the wheels of ${sources.findLinks}` : "") +
      " (wheels only: no package code runs at install)",
  );
}
