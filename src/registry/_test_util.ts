/** Shared helpers of the registry tests. */
import { join } from "node:path";
import { startRegistry } from "./registry.ts";
import type { Registry } from "./registry.ts";
import type { RegistryOptions } from "./options.ts";
import type { FunctionRecord } from "../manifest/record.ts";

/** A temp `inDir`/`outDir` pair, a registry over them, and its log lines. */
export interface Fixture {
  inDir: string;
  outDir: string;
  lines: string[];
  registry: Registry;
  /** Reads `outDir/<name>.json`, or undefined when absent. */
  record(name: string): Promise<FunctionRecord | undefined>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Writes files (relative path → content) into `inDir/<name>/`. */
export async function writeFunction(
  inDir: string,
  name: string,
  files: Record<string, string>,
): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const path = join(inDir, name, rel);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
}

/** Creates temp dirs, lets `seed` fill `inDir`, starts a registry and waits until it is ready. */
export async function startFixture(
  seed: (inDir: string) => Promise<void> = async () => {},
  options:
    | Partial<RegistryOptions>
    | ((dirs: { inDir: string; outDir: string }) => Partial<RegistryOptions>) = {},
): Promise<Fixture> {
  const root = await Deno.makeTempDir({ prefix: "denofn_registry_" });
  const inDir = join(root, "in");
  const outDir = join(root, "out");
  await Deno.mkdir(inDir);
  await seed(inDir);
  const lines: string[] = [];
  const registry = await startRegistry({
    inDir,
    outDir,
    log: (line) => lines.push(line),
    debounceMs: 30,
    ...(typeof options === "function" ? options({ inDir, outDir }) : options),
  });
  await registry.ready;
  return {
    inDir,
    outDir,
    lines,
    registry,
    async record(name) {
      const text = await Deno.readTextFile(join(outDir, `${name}.json`)).catch(() => undefined);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async [Symbol.asyncDispose]() {
      await registry.close();
      await Deno.remove(root, { recursive: true });
    },
  };
}

/** Polls `check` every 20 ms until it returns a value other than undefined/false. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** A minimal valid http function. */
export const HELLO = {
  "index.ts": 'export default () => "hello";\n',
};
