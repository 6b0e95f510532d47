/** Packs a function folder into a `.tar.gz` for deployment. */
import { join, relative } from "node:path";
import { gzip, type TarInput, writeTar } from "./write.ts";

/** Names skipped when packing (unless {@link PackOptions.skip} decides). */
export const PACK_EXCLUDES: readonly string[] = [".git", "node_modules", ".DS_Store", ".denofn"];

/** What {@link packDir} produced. */
export interface Packed {
  bytes: Uint8Array;
  files: number;
  /** Unpacked size of the files. */
  size: number;
  /** Paths left out (a skipped folder is listed once, with a trailing `/`). */
  skipped: string[];
}

/** Options of {@link packDir}. */
export interface PackOptions {
  /**
   * Whether to leave a path out: relative to the folder, `/`-separated, folders with a trailing
   * `/`. Default: a name in {@link PACK_EXCLUDES}.
   */
  skip?: (path: string) => boolean;
  /** Files to pack instead of (or beside) what is on disk, by relative path. */
  replace?: Record<string, Uint8Array>;
}

const byName = (path: string) => PACK_EXCLUDES.includes(path.replace(/\/$/, "").split("/").pop()!);

/** Packs every file, folder and symlink under `dir` (paths relative to it), sorted. */
export async function packDir(dir: string, options: PackOptions = {}): Promise<Packed> {
  const skip = options.skip ?? byName;
  const replace = new Map(Object.entries(options.replace ?? {}));
  const entries: TarInput[] = [];
  const skipped: string[] = [];
  let size = 0;
  async function walk(at: string): Promise<void> {
    const items = [];
    for await (const e of Deno.readDir(at)) items.push(e);
    items.sort((a, b) => a.name < b.name ? -1 : 1);
    for (const item of items) {
      const path = join(at, item.name);
      const name = relative(dir, path).replaceAll("\\", "/");
      if (skip(item.isDirectory ? `${name}/` : name)) {
        skipped.push(item.isDirectory ? `${name}/` : name);
        continue;
      }
      if (item.isSymlink) {
        entries.push({ name, type: "symlink", linkname: await Deno.readLink(path) });
      } else if (item.isDirectory) {
        entries.push({ name: `${name}/`, type: "dir" });
        await walk(path);
      } else if (item.isFile) {
        const info = await Deno.stat(path);
        const data = replace.get(name) ?? await Deno.readFile(path);
        replace.delete(name);
        size += data.length;
        const mtime = (info.mtime?.getTime() ?? 0) / 1000;
        entries.push({ name, data, mode: (info.mode ?? 0o644) & 0o777, mtime });
      }
    }
  }
  await walk(dir);
  for (const [name, data] of replace) {
    size += data.length;
    entries.push({ name, data, mode: 0o644, mtime: Date.now() / 1000 });
  }
  const files = entries.filter((e) => e.type !== "dir").length;
  return { bytes: await gzip(writeTar(entries)), files, size, skipped };
}
