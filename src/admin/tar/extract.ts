/**
 * Safe extraction of untrusted archives into a fresh folder: no absolute paths, no `..`, no
 * links that lead out, no devices, bounded file count and size. Symlinks are created last and
 * never followed while writing, so no entry can be written through one.
 */
import { dirname, join } from "node:path";
import { TarError } from "./header.ts";
import { readTar, type TarEntry } from "./read.ts";
import { linkStaysInside, safeRelativePath } from "./safe_path.ts";

/** Limits of an extraction. */
export interface ExtractLimits {
  /** Entries (files, folders, links). Default 2000. */
  maxFiles?: number;
  /** Unpacked bytes of all files together. Default 50 MiB. */
  maxBytes?: number;
  /** Leading path components to drop (like `tar --strip-components`). Default 0. */
  strip?: number;
}

/** What an extraction wrote. */
export interface ExtractResult {
  files: number;
  bytes: number;
}

/** The entries of a gzipped tar stream, with the decompressed size capped. */
export function untarGz(
  stream: ReadableStream<Uint8Array>,
  limits: ExtractLimits = {},
): AsyncGenerator<TarEntry> {
  const maxBytes = limits.maxBytes ?? 50 * 1024 * 1024;
  const cap = maxBytes + (limits.maxFiles ?? 2000) * 2048 + 64 * 1024;
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.length;
      if (seen > cap) controller.error(new TarError(`archive unpacks to more than ${cap} bytes`));
      else controller.enqueue(chunk);
    },
  });
  const plain = stream
    .pipeThrough(
      new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>,
    )
    .pipeThrough(counter);
  return readTar(plain, { maxEntryBytes: maxBytes });
}

/**
 * Writes `entries` under `dest` (an existing empty folder) and returns what it wrote.
 * @throws {TarError} on the first entry that breaks a rule; the caller discards `dest`.
 */
export async function extractEntries(
  entries: AsyncIterable<TarEntry>,
  dest: string,
  limits: ExtractLimits = {},
): Promise<ExtractResult> {
  const maxFiles = limits.maxFiles ?? 2000;
  const maxBytes = limits.maxBytes ?? 50 * 1024 * 1024;
  const links: { rel: string; target: string }[] = [];
  const written = new Set<string>();
  let files = 0;
  let bytes = 0;
  try {
    for await (const entry of entries) {
      const rel = safeRelativePath(entry.name, limits.strip ?? 0);
      if (rel === null) continue;
      if (++files > maxFiles) throw new TarError(`archive holds more than ${maxFiles} entries`);
      const path = join(dest, rel);
      if (entry.type === "dir") {
        await Deno.mkdir(path, { recursive: true, mode: 0o755 });
      } else if (entry.type === "file") {
        bytes += entry.data.length;
        if (bytes > maxBytes) throw new TarError(`archive unpacks to more than ${maxBytes} bytes`);
        await Deno.mkdir(dirname(path), { recursive: true, mode: 0o755 });
        await Deno.writeFile(path, entry.data, { mode: entry.mode & 0o111 ? 0o755 : 0o644 });
        written.add(rel);
      } else if (entry.type === "symlink") {
        if (!linkStaysInside(rel, entry.linkname)) {
          throw new TarError(`Refusing symlink "${rel}" -> "${entry.linkname}": it leads outside`);
        }
        links.push({ rel, target: entry.linkname });
      } else if (entry.type === "hardlink") {
        const target = safeRelativePath(entry.linkname, limits.strip ?? 0);
        if (target === null || !written.has(target)) {
          throw new TarError(
            `Refusing hard link "${rel}" -> "${entry.linkname}": not a file inside`,
          );
        }
        await Deno.mkdir(dirname(path), { recursive: true, mode: 0o755 });
        await Deno.copyFile(join(dest, target), path);
      } else {
        throw new TarError(`Refusing "${rel}": only files, folders and links are allowed`);
      }
    }
    for (const { rel, target } of links) {
      await assertNoLinkOnTheWay(dest, rel);
      await Deno.mkdir(dirname(join(dest, rel)), { recursive: true, mode: 0o755 });
      await Deno.symlink(target, join(dest, rel));
    }
  } catch (e) {
    if (e instanceof TarError) throw e;
    if (e instanceof TypeError) throw new TarError(`not a gzipped tar archive: ${e.message}`);
    if (e instanceof Deno.errors.AlreadyExists || e instanceof Deno.errors.NotADirectory) {
      throw new TarError(`Cannot unpack: two entries collide (${(e as Error).message})`);
    }
    throw e;
  }
  if (files === 0) throw new TarError("archive is empty");
  return { files, bytes };
}

/** Refuses a path whose parent folders include a symlink (it could lead anywhere). */
async function assertNoLinkOnTheWay(root: string, rel: string): Promise<void> {
  const parts = rel.split("/").slice(0, -1);
  let at = root;
  for (const part of parts) {
    at = join(at, part);
    try {
      if ((await Deno.lstat(at)).isSymlink) {
        throw new TarError(`Refusing "${rel}": it passes through a symlink`);
      }
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
  }
}
