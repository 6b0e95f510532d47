/** Packs a function folder into a `.tar.gz` for deployment. */
import { join, relative } from "node:path";
import { gzip, type TarInput, writeTar } from "./write.ts";

/** Names skipped when packing. */
export const PACK_EXCLUDES: readonly string[] = [".git", "node_modules", ".DS_Store", ".denofn"];

/** What {@link packDir} produced. */
export interface Packed {
  bytes: Uint8Array;
  files: number;
  /** Unpacked size of the files. */
  size: number;
}

/** Packs every file, folder and symlink under `dir` (paths relative to it), sorted. */
export async function packDir(dir: string, excludes = PACK_EXCLUDES): Promise<Packed> {
  const entries: TarInput[] = [];
  let size = 0;
  async function walk(at: string): Promise<void> {
    const items = [];
    for await (const e of Deno.readDir(at)) if (!excludes.includes(e.name)) items.push(e);
    items.sort((a, b) => a.name < b.name ? -1 : 1);
    for (const item of items) {
      const path = join(at, item.name);
      const name = relative(dir, path).replaceAll("\\", "/");
      if (item.isSymlink) {
        entries.push({ name, type: "symlink", linkname: await Deno.readLink(path) });
      } else if (item.isDirectory) {
        entries.push({ name: `${name}/`, type: "dir" });
        await walk(path);
      } else if (item.isFile) {
        const info = await Deno.stat(path);
        const data = await Deno.readFile(path);
        size += data.length;
        const mtime = (info.mtime?.getTime() ?? 0) / 1000;
        entries.push({ name, data, mode: (info.mode ?? 0o644) & 0o777, mtime });
      }
    }
  }
  await walk(dir);
  const files = entries.filter((e) => e.type !== "dir").length;
  return { bytes: await gzip(writeTar(entries)), files, size };
}
