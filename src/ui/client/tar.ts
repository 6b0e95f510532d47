/**
 * Tar archives in the browser, enough to change one file of a function's source and deploy it
 * back: read ustar (with its prefix field, GNU long names and pax paths), write ustar with GNU
 * long names with the platform's own (pure) writer, gzip both ways with the platform's
 * compression streams.
 */
import { BLOCK } from "../../admin/tar/header.ts";

/** One archive entry. */
export interface TarItem {
  name: string;
  type: "file" | "dir" | "symlink" | "hardlink";
  mode: number;
  mtime: number;
  linkname: string;
  data: Uint8Array;
}

const decoder = new TextDecoder();
const TYPES: Record<string, TarItem["type"]> = {
  "0": "file",
  "\0": "file",
  "7": "file",
  "5": "dir",
  "2": "symlink",
  "1": "hardlink",
};

function text(block: Uint8Array, at: number, len: number): string {
  const raw = block.subarray(at, at + len);
  const end = raw.indexOf(0);
  return decoder.decode(end < 0 ? raw : raw.subarray(0, end));
}

function octal(block: Uint8Array, at: number, len: number): number {
  const s = text(block, at, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function pax(data: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const len = Number(decoder.decode(data.subarray(at, space)));
    if (!len) break;
    const record = decoder.decode(data.subarray(space + 1, at + len - 1));
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}

/** The entries of an uncompressed tar archive. @throws {Error} on a damaged archive. */
export function readTar(archive: Uint8Array): TarItem[] {
  const items: TarItem[] = [];
  let at = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let attrs: Record<string, string> = {};
  while (at + BLOCK <= archive.length) {
    const block = archive.subarray(at, at + BLOCK);
    if (block.every((b) => b === 0)) break;
    const flag = String.fromCharCode(block[156]);
    const size = octal(block, 124, 12);
    const data = archive.subarray(at + BLOCK, at + BLOCK + size);
    if (data.length < size) throw new Error("Cannot read the archive: it ends inside an entry");
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === "L") longName = text(data, 0, data.length);
    else if (flag === "K") longLink = text(data, 0, data.length);
    else if (flag === "x") attrs = pax(data);
    else if (flag === "g") continue;
    else {
      const prefix = text(block, 257, 6) === "ustar" ? text(block, 345, 155) : "";
      const base = text(block, 0, 100);
      const type = TYPES[flag];
      if (type) {
        items.push({
          name: attrs.path ?? longName ?? (prefix ? `${prefix}/${base}` : base),
          type,
          mode: octal(block, 100, 8),
          mtime: octal(block, 136, 12),
          linkname: attrs.linkpath ?? longLink ?? text(block, 157, 100),
          data: type === "file" ? data.slice() : new Uint8Array(0),
        });
      }
      longName = longLink = undefined;
      attrs = {};
    }
  }
  return items;
}

/** Encodes entries as an uncompressed tar archive (the platform's own writer: it is pure). */
export { writeTar } from "../../admin/tar/write.ts";

async function through(
  bytes: Uint8Array,
  stream: TransformStream<Uint8Array, Uint8Array>,
): Promise<Uint8Array<ArrayBuffer>> {
  const piped = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** Gzips bytes. */
export function gzip(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return through(bytes, new CompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>);
}

/** Gunzips bytes. */
export function gunzip(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return through(bytes, new DecompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>);
}

/** The one folder every entry sits under (`pkg/...`), when there is one: deploy with `strip=1`. */
export function commonTopFolder(items: TarItem[]): string | undefined {
  const names = items.map((i) => i.name.replace(/^\.\//, "")).filter((n) => n && n !== ".");
  const tops = new Set(names.map((n) => n.split("/")[0]));
  if (tops.size !== 1) return undefined;
  const [top] = tops;
  return names.some((n) => n.includes("/")) && !names.includes(top) ||
      items.some((i) => i.type === "dir" && i.name.replace(/^\.\//, "").replace(/\/$/, "") === top)
    ? top
    : undefined;
}
