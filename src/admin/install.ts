/**
 * Installs an uploaded function folder: unpacks into a staging folder beside the target (a
 * dot-name the registry ignores), then swaps it into `registry_in/<name>/` with renames, so the
 * registry never sees a half-written folder. The replaced version stays aside until the caller
 * keeps the install or rolls it back (a failed build): `registry_in/` then holds what it held
 * before, and the rejected upload is kept for inspection as `.rejected-<name>` (one per
 * function, the latest).
 */
import { join } from "node:path";
import { extractEntries, type ExtractLimits, type TarEntry } from "./tar/mod.ts";

/** What an install wrote. */
export interface InstallResult {
  files: number;
  bytes: number;
  /** False when an earlier version was replaced. */
  created: boolean;
  /** Drops the replaced version. */
  keep(): Promise<void>;
  /**
   * Puts the replaced version back (or removes the folder when there was none) and moves the
   * upload to `.rejected-<name>`; returns that folder's path.
   */
  rollBack(): Promise<string>;
}

/** The folder a rolled-back upload of `name` is kept in. */
export function rejectedDir(registryInDir: string, name: string): string {
  return join(registryInDir, `.rejected-${name}`);
}

/** Unpacks `entries` and swaps them into `<registryInDir>/<name>/`. Nothing changes on error. */
export async function installFunction(
  registryInDir: string,
  name: string,
  entries: AsyncIterable<TarEntry>,
  limits: ExtractLimits = {},
): Promise<InstallResult> {
  const tag = crypto.randomUUID().slice(0, 8);
  const staging = join(registryInDir, `.staging-${name}-${tag}`);
  const target = join(registryInDir, name);
  const old = join(registryInDir, `.old-${name}-${tag}`);
  await Deno.mkdir(staging, { recursive: true, mode: 0o755 });
  try {
    const { files, bytes } = await extractEntries(entries, staging, limits);
    let created = true;
    try {
      await Deno.rename(target, old);
      created = false;
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
    try {
      await Deno.rename(staging, target);
    } catch (e) {
      if (!created) await Deno.rename(old, target);
      throw e;
    }
    const dropOld = () => created ? Promise.resolve() : Deno.remove(old, { recursive: true });
    return {
      files,
      bytes,
      created,
      keep: dropOld,
      async rollBack() {
        const rejected = rejectedDir(registryInDir, name);
        await Deno.remove(rejected, { recursive: true }).catch(() => {});
        await Deno.rename(target, rejected);
        if (!created) await Deno.rename(old, target);
        return rejected;
      },
    };
  } finally {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
  }
}

/** Turns multipart form files into archive entries: each part's field name is its path. */
export async function* formEntries(form: FormData): AsyncGenerator<TarEntry> {
  for (const [field, value] of form.entries()) {
    if (typeof value === "string") continue;
    const data = new Uint8Array(await value.arrayBuffer());
    yield {
      name: field,
      type: "file",
      flag: "0",
      mode: 0o644,
      size: data.length,
      mtime: 0,
      linkname: "",
      data,
    };
  }
}
