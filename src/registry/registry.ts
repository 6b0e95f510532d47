/**
 * The registry: builds every function folder of `inDir` into `outDir`, then watches `inDir` and
 * rebuilds a function when its content hash changes, or unregisters it when its folder goes.
 */
import { join, relative, resolve } from "node:path";
import { BadRequest, FunctionNotFound } from "../errors/mod.ts";
import { isValidFunctionName } from "../manifest/mod.ts";
import { buildFunction } from "./build/build_function.ts";
import { BuildQueue } from "./build/build_queue.ts";
import { createDenoBuilder, STAGING_DIR } from "./build/deno_builder.ts";
import { formatBytes } from "./build/format.ts";
import { contentHash, isIgnoredPath } from "./source/hash.ts";
import { dataDirsFrom, inDataDir } from "./source/data_dirs.ts";
import { createLimiter } from "./build/limit.ts";
import { checkOptions, type RegistryOptions } from "./options.ts";
import { readAllRecords, removeFunctionFiles } from "./catalog/out_files.ts";
import { cleanOutDir } from "./catalog/clean.ts";
import type { FunctionRecord } from "../manifest/record.ts";
import { invalidNameWarning, isDir, scanFunctionDirs } from "./source/scan.ts";
import { watchDir } from "../util/watch_dir.ts";

/** A running registry. */
export interface Registry {
  /** Settles when the first scan and its builds are done. */
  readonly ready: Promise<void>;
  /** Builds `name` now (even if unchanged) and resolves with its new record. */
  rebuild(name: string): Promise<FunctionRecord>;
  /** The current record of every function, sorted by name. */
  list(): FunctionRecord[];
  /** Stops watching and waits for builds in progress. */
  close(): Promise<void>;
}

/** One line on the outcome of a build, e.g. `built in 212 ms (3.1 kB)` or `build failed: ...`. */
export function describeBuild(record: FunctionRecord): string {
  if (record.failedBuild) return `build failed: ${record.error}`;
  if (record.status === "failed") return `build failed: ${record.error}`;
  const size = record.bundleBytes !== undefined ? formatBytes(record.bundleBytes) : record.image;
  return `built in ${record.buildMs} ms (${size})`;
}

/** Starts a registry; see {@link RegistryOptions}. */
export async function startRegistry(options: RegistryOptions): Promise<Registry> {
  checkOptions(options);
  const inDir = resolve(options.inDir);
  const outDir = resolve(options.outDir);
  const log = options.log ?? ((line: string) => console.log(line));
  const buildLog = options.buildLog ?? ((name, line) => log(`[registry] ${name} | ${line}`));
  await Deno.mkdir(inDir, { recursive: true });
  await Deno.mkdir(join(outDir, STAGING_DIR), { recursive: true });
  await cleanOutDir(outDir);

  const records = new Map<string, FunctionRecord>();
  for (const [name, { record }] of await readAllRecords(outDir, log)) records.set(name, record);
  const lastHash = new Map<string, string>();
  /** A function's data folders: the write grants of its last (validated) build. */
  const dataDirsOf = (name: string) =>
    dataDirsFrom(records.get(name)?.manifest?.permissions.write ?? []);
  const limit = createLimiter(options.concurrency ?? 2);
  const stop = new AbortController();
  const setup = {
    inDir,
    outDir,
    templatesDir: options.templatesDir && resolve(options.templatesDir),
    defaults: options.defaults,
    builders: { deno: createDenoBuilder({ cacheDir: options.buildCacheDir }), ...options.builders },
    verify: options.verify,
    buildLog,
    signal: stop.signal,
  };

  const emit = options.onChange ?? (() => {});

  async function unregister(name: string): Promise<undefined> {
    const known = records.delete(name);
    lastHash.delete(name);
    await removeFunctionFiles(outDir, name);
    if (known) {
      log(`[registry] removed ${name}`);
      emit({ type: "remove", name });
    }
    return undefined;
  }

  const run = (name: string, force: boolean) =>
    limit(async (): Promise<FunctionRecord | undefined> => {
      try {
        const sourceDir = join(inDir, name);
        if (!(await isDir(sourceDir))) return await unregister(name);
        const data = dataDirsOf(name);
        const hash = await contentHash(sourceDir, (path) => inDataDir(data, path));
        const current = records.get(name);
        // Unchanged, or back to the content that serves (a rolled-back deploy): nothing to build.
        const serving = current?.status === "ready" && current.hash === hash;
        if (!force && current && (lastHash.get(name) === hash || serving)) {
          lastHash.set(name, hash);
          return current;
        }
        const record = await buildFunction(setup, name, hash, records.get(name));
        lastHash.set(name, hash);
        records.set(name, record);
        emit({ type: "upsert", record });
        log(`[registry] ${name}: ${describeBuild(record)}`);
        options.onBuilt?.(record);
        return record;
      } catch (e) {
        if (!(await isDir(join(inDir, name)))) return await unregister(name);
        log(`[registry] ${name}: cannot build: ${(e as Error).message}`);
        return records.get(name);
      }
    });
  const queue = new BuildQueue(run, options.debounceMs ?? 60);

  const warned = new Set<string>();
  const touchAll = async () => {
    const names = await scanFunctionDirs(inDir, log).catch(() => []);
    for (const name of new Set([...names, ...records.keys()])) queue.touch(name);
  };
  const watcher = watchDir(inDir, (paths, rescan) => {
    if (rescan) return void touchAll();
    for (const path of paths) {
      const rel = relative(inDir, path);
      if (!rel || rel.startsWith("..") || isIgnoredPath(rel)) continue;
      const name = rel.split(/[\\/]/)[0];
      const inside = rel.slice(name.length + 1);
      if (inside && inDataDir(dataDirsOf(name), inside)) continue;
      if (isValidFunctionName(name)) queue.touch(name);
      else if (!warned.has(name)) {
        warned.add(name);
        log(`[registry] ${invalidNameWarning(inDir, name)}`);
      }
    }
  }, log);

  const ready = (async () => {
    const names = await scanFunctionDirs(inDir, (line) => log(`[registry] ${line}`));
    for (const name of names) warned.delete(name);
    for (const name of records.keys()) if (!names.includes(name)) await unregister(name);
    await Promise.all(names.map((name) => queue.request(name, true)));
  })();
  ready.catch((e) => log(`[registry] initial scan failed: ${(e as Error).message}`));

  return {
    ready,
    async rebuild(name) {
      if (!isValidFunctionName(name)) {
        throw new BadRequest(`"${name}" is not a valid function name`);
      }
      const record = await queue.request(name, true);
      if (!record) throw new FunctionNotFound(name);
      return record;
    },
    list: () => [...records.values()].sort((a, b) => a.name.localeCompare(b.name)),
    async close() {
      await watcher.close();
      await ready.catch(() => {});
      await queue.close();
      stop.abort();
    },
  };
}
