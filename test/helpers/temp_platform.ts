/**
 * Test helper: the real platform, started through the composition root (`src/main/`) in this
 * process, on port 0, over temporary folders, with function folders copied from
 * `test/fixtures/functions/`.
 */
import { join } from "node:path";
import { parseConfig } from "../../src/config/mod.ts";
import type { FunctionLogLine, FunctionLogSink } from "../../src/observe/types.ts";
import type { RegistryControl } from "../../src/registry/mod.ts";
import type { Supervisor } from "../../src/runtime/mod.ts";
import { type Platform, startPlatform } from "../../src/main/mod.ts";

const FIXTURES = new URL("../fixtures/functions/", import.meta.url).pathname;
const EXAMPLES = new URL("../../registry_in/", import.meta.url).pathname;

/** A platform for one test file. */
export interface TempPlatform {
  url: string;
  inDir: string;
  outDir: string;
  registry: RegistryControl;
  supervisor: Supervisor;
  platform: Platform;
  /** Every function log line seen so far. */
  logs: FunctionLogLine[];
  /** Writes a file into a function folder (creating it) and waits for its record to change. */
  write(fn: string, file: string, text: string): Promise<void>;
  close(): Promise<void>;
}

/** Copies a fixture folder to `dest`. */
export async function copyDir(src: string, dest: string): Promise<void> {
  await Deno.mkdir(dest, { recursive: true });
  for await (const e of Deno.readDir(src)) {
    if (e.isDirectory) await copyDir(join(src, e.name), join(dest, e.name));
    else await Deno.copyFile(join(src, e.name), join(dest, e.name));
  }
}

/**
 * Starts the platform in this process over `root`'s `registry_in/`, `registry/` and `data/`, on
 * port 0 with Docker off (unless `env` says otherwise), quietly; it resolves once listening.
 */
export function startPlatformIn(
  root: string,
  env: Record<string, string> = {},
  echo: FunctionLogSink = { write: () => {} },
): Promise<Platform> {
  return startPlatform(
    parseConfig({
      PORT: "0",
      DENOFN_HOSTNAME: "127.0.0.1",
      DENOFN_REGISTRY_IN: join(root, "registry_in"),
      DENOFN_REGISTRY: join(root, "registry"),
      DENOFN_DATA: join(root, "data"),
      DENOFN_DOCKER: "off",
      ...env,
    }),
    { echo, say: () => {} },
  );
}

/**
 * Starts a platform serving the named fixture functions (from `fixturesDir`, default
 * `test/fixtures/functions/`), and shipped examples (renamed with `prefix`, so their images and
 * containers never clash with another test's).
 */
export async function startTempPlatform(
  fixtures: string[],
  env: Record<string, string> = {},
  options: { examples?: string[]; prefix?: string; fixturesDir?: string } = {},
): Promise<TempPlatform> {
  const root = await Deno.makeTempDir({ prefix: "denofn-test-" });
  // As root, functions run as their own users, who must be able to enter the folders they read.
  await Deno.chmod(root, 0o755);
  const inDir = join(root, "registry_in");
  const outDir = join(root, "registry");
  const from = options.fixturesDir ?? FIXTURES;
  for (const name of fixtures) await copyDir(join(from, name), join(inDir, name));
  for (const name of options.examples ?? []) {
    await copyDir(join(EXAMPLES, name), join(inDir, `${options.prefix ?? ""}${name}`));
  }
  const logs: FunctionLogLine[] = [];
  const platform = await startPlatformIn(root, env, { write: (l) => logs.push(l) });
  await platform.ready;
  return {
    url: platform.url,
    inDir,
    outDir,
    registry: platform.registry,
    supervisor: platform.supervisor!,
    platform,
    logs,
    async write(fn, file, text) {
      const before = await Deno.readTextFile(join(outDir, `${fn}.json`)).catch(() => "");
      await Deno.mkdir(join(inDir, fn), { recursive: true });
      await Deno.writeTextFile(join(inDir, fn, file), text);
      for (let i = 0; i < 200; i++) {
        const now = await Deno.readTextFile(join(outDir, `${fn}.json`)).catch(() => "");
        if (now && now !== before) {
          await new Promise((r) => setTimeout(r, 80)); // let the catalog pick it up
          return;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`Cannot see a new build of ${fn} after writing ${file}`);
    },
    async close() {
      await platform.close();
      await Deno.remove(root, { recursive: true }).catch(() => {});
    },
  };
}

/** Whether a process id is alive. */
export function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
