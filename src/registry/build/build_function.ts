/**
 * Builds one function folder into a record: folder check → manifest → grants on disk → builder →
 * optional test → files moved into place. Never throws for a bad function; a failure becomes a
 * failed record. The folder is checked before anything in it is read, so a symlink out (even a
 * `registry.json` that is one) is refused before it can be followed.
 */
import { join } from "node:path";
import {
  type Manifest,
  type ManifestDefaults,
  ManifestError,
  manifestTooLarge,
  MAX_MANIFEST_BYTES,
  parseManifestText,
} from "../../manifest/mod.ts";
import { type FolderFacts, inspectFolder } from "../source/inspect.ts";
import { folderProblems, grantProblems } from "../source/confine.ts";
import { findEntry } from "./entry.ts";
import type { Builder } from "./builder.ts";
import type { FunctionRecord } from "../../manifest/record.ts";
import { bundleFileName, writeRecord } from "../catalog/out_files.ts";
import { removeIfExists } from "../catalog/atomic.ts";

/**
 * Runs the manifest test on a fresh instance of a staged build; returns an error message, or
 * undefined when the test passed. The record's `bundle` is relative to `outDir` (a staged file
 * under `.staging/`); its `status` is `ready` and `manifest.test` is set.
 */
export type Verify = (record: FunctionRecord) => Promise<string | undefined>;

/** What {@link buildFunction} needs. */
export interface BuildSetup {
  inDir: string;
  outDir: string;
  templatesDir?: string;
  defaults?: ManifestDefaults;
  builders: Record<string, Builder>;
  verify?: Verify;
  buildLog: (name: string, line: string) => void;
  signal: AbortSignal;
}

async function readManifest(sourceDir: string, defaults?: ManifestDefaults): Promise<Manifest> {
  const path = join(sourceDir, "registry.json");
  let text: string | undefined;
  try {
    const { size } = await Deno.stat(path);
    if (size > MAX_MANIFEST_BYTES) throw manifestTooLarge(size);
    text = await Deno.readTextFile(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return text === undefined ? parseManifestText("{}", defaults) : parseManifestText(text, defaults);
}

/** Whether `record` is a good build whose bundle (or image) is still there to serve. */
async function servable(outDir: string, record?: FunctionRecord): Promise<boolean> {
  if (record?.status !== "ready") return false;
  if (!record.bundle) return record.image !== undefined || staticOnly(record.manifest);
  return await Deno.stat(join(outDir, record.bundle)).then((s) => s.isFile, () => false);
}

async function missingRuntime(runtime: string, templatesDir?: string): Promise<string> {
  const hasTemplate = templatesDir !== undefined &&
    await Deno.stat(join(templatesDir, runtime)).then((s) => s.isDirectory, () => false);
  return hasTemplate
    ? `runtime ${runtime}: templates/${runtime} exists but this registry has no builder for it`
    : `runtime ${runtime}: no template templates/${runtime}`;
}

/** Builds `name` whose folder hashes to `hash`; `previous` is its last record, if any. */
export async function buildFunction(
  setup: BuildSetup,
  name: string,
  hash: string,
  previous?: FunctionRecord,
): Promise<FunctionRecord> {
  const started = performance.now();
  const sourceDir = join(setup.inDir, name);
  const base = { name, hash, sourceDir, runtime: "deno" };
  const finish = (fields: Partial<FunctionRecord>): FunctionRecord => ({
    ...base,
    status: "ready",
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
    ...fields,
  });
  const fail = async (error: string, manifest?: Manifest) => {
    const failed = finish({
      status: "failed",
      error,
      manifest,
      runtime: manifest?.runtime ?? "deno",
    });
    // The last good build keeps serving (also across restarts): only a function that never
    // built is recorded as failed.
    const record: FunctionRecord = await servable(setup.outDir, previous)
      ? {
        ...previous!,
        error: `build ${hash.slice(0, 8)} failed: ${error}; still serving ${
          previous!.hash.slice(0, 8)
        }`,
        failedBuild: { hash, builtAt: failed.builtAt, error },
      }
      : failed;
    await writeRecord(setup.outDir, record);
    if (record === failed) await removeIfExists(join(setup.outDir, bundleFileName(name)));
    return record;
  };

  let facts: FolderFacts;
  try {
    facts = await inspectFolder(sourceDir);
  } catch (e) {
    return await fail(`Cannot read the function folder: ${(e as Error).message}`);
  }
  const unsafe = folderProblems(facts);
  if (unsafe.length) return await fail(`Cannot build from this folder: ${unsafe.join("; ")}`);

  let manifest: Manifest;
  try {
    manifest = await readManifest(sourceDir, setup.defaults);
  } catch (e) {
    return await fail((e as Error).message);
  }
  const entry = manifest.entry ?? await findEntry(sourceDir).catch(() => undefined);
  const denied = grantProblems(manifest, sourceDir, facts, entry);
  if (denied.length) return await fail(new ManifestError(denied).message, manifest);
  const builder = setup.builders[manifest.runtime];
  if (!builder) {
    return await fail(await missingRuntime(manifest.runtime, setup.templatesDir), manifest);
  }

  let output;
  try {
    if (staticOnly(manifest, entry)) {
      setup.buildLog(name, `static only: serving ${manifest.static}/`);
    }
    output = staticOnly(manifest, entry) ? {} : await builder.build({
      name,
      sourceDir,
      outDir: setup.outDir,
      hash,
      manifest,
      log: (line) => setup.buildLog(name, line),
      signal: setup.signal,
    });
  } catch (e) {
    return await fail((e as Error).message, manifest);
  }
  const staged = finish({ ...output, manifest, runtime: manifest.runtime });
  const dropStaged = () =>
    output.bundle ? removeIfExists(join(setup.outDir, output.bundle)) : Promise.resolve();

  if (manifest.test && setup.verify && !staticOnly(manifest, entry)) {
    let problem: string | undefined;
    try {
      problem = await setup.verify(staged);
    } catch (e) {
      problem = `verify threw: ${(e as Error).message}`;
    }
    if (problem !== undefined) {
      await dropStaged();
      return await fail(`its test failed: ${problem}`, manifest);
    }
  }

  const record = finish({ ...output, manifest, runtime: manifest.runtime });
  if (output.bundle) {
    record.bundle = bundleFileName(name);
    await Deno.rename(join(setup.outDir, output.bundle), join(setup.outDir, record.bundle));
  } else {
    await removeIfExists(join(setup.outDir, bundleFileName(name)));
  }
  await writeRecord(setup.outDir, record);
  return record;
}

/**
 * Whether a function is a static site with no code (`static` set, a Deno function, no entry
 * file): nothing to bundle or test; the gateway serves its files.
 */
function staticOnly(manifest?: Manifest, entry?: string): boolean {
  return manifest?.static !== undefined && manifest.runtime === "deno" && entry === undefined &&
    manifest.entry === undefined;
}
