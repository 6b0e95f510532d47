/** A tar writer: ustar headers, GNU long names for paths past 100 bytes. */
import { BLOCK, checksum } from "./header.ts";

/** One entry to write. Names are written as given (the caller decides what is sane). */
export interface TarInput {
  name: string;
  type?: "file" | "dir" | "symlink" | "hardlink";
  data?: Uint8Array;
  mode?: number;
  linkname?: string;
  mtime?: number;
}

const encoder = new TextEncoder();
const FLAG = { file: "0", dir: "5", symlink: "2", hardlink: "1" } as const;

function put(block: Uint8Array, at: number, len: number, value: string): void {
  const bytes = encoder.encode(value);
  block.set(bytes.subarray(0, len), at);
}

function octal(block: Uint8Array, at: number, len: number, value: number): void {
  put(block, at, len, value.toString(8).padStart(len - 1, "0") + "\0");
}

function header(
  name: string,
  flag: string,
  size: number,
  e: Pick<TarInput, "mode" | "mtime">,
  link: string,
): Uint8Array {
  const block = new Uint8Array(BLOCK);
  put(block, 0, 100, name);
  octal(block, 100, 8, e.mode ?? (flag === "5" ? 0o755 : 0o644));
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, Math.floor(e.mtime ?? 0));
  block[156] = flag.charCodeAt(0);
  put(block, 157, 100, link);
  put(block, 257, 8, "ustar\x0000");
  put(block, 265, 32, "root");
  put(block, 297, 32, "root");
  put(block, 148, 8, checksum(block).toString(8).padStart(6, "0") + "\0 ");
  return block;
}

function padded(data: Uint8Array): Uint8Array[] {
  const rest = data.length % BLOCK;
  return rest ? [data, new Uint8Array(BLOCK - rest)] : [data];
}

/** Encodes entries as an uncompressed tar archive. */
export function writeTar(entries: TarInput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const type = e.type ?? "file";
    const data = type === "file" ? e.data ?? new Uint8Array(0) : new Uint8Array(0);
    const link = e.linkname ?? "";
    if (encoder.encode(link).length > 100) {
      const bytes = encoder.encode(link + "\0");
      parts.push(header("././@LongLink", "K", bytes.length, {}, ""), ...padded(bytes));
    }
    if (encoder.encode(e.name).length > 100) {
      const bytes = encoder.encode(e.name + "\0");
      parts.push(header("././@LongLink", "L", bytes.length, {}, ""), ...padded(bytes));
    }
    parts.push(header(e.name, FLAG[type], data.length, e, link), ...padded(data));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Gzips bytes with the platform's CompressionStream. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
