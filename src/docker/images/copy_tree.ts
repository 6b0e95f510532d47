import { join } from "node:path";

/** Copies the folder `from` into `to` recursively (files overwrite, modes kept, symlinks followed). */
export async function copyTree(
  from: string,
  to: string,
  skip: (name: string) => boolean = () => false,
) {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (skip(e.name)) continue;
    const src = join(from, e.name);
    const dst = join(to, e.name);
    const info = await Deno.stat(src);
    if (info.isDirectory) await copyTree(src, dst, skip);
    else if (info.isFile) await Deno.copyFile(src, dst);
  }
}

/** sha-256 hex of the files of a folder (relative paths and contents, sorted). */
export async function hashTree(dir: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (rel: string) => {
    const entries: Deno.DirEntry[] = [];
    for await (const e of Deno.readDir(join(dir, rel))) entries.push(e);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory) await walk(path);
      else parts.push(path, await sha256(await Deno.readFile(join(dir, path))));
    }
  };
  await walk("");
  return await sha256(new TextEncoder().encode(parts.join("\0")));
}

/** sha-256 hex of bytes. */
export async function sha256(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
