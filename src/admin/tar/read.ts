/**
 * A streaming tar reader (POSIX ustar with GNU long names and pax `path`/`linkpath`/`size`).
 * Entries' data is read into memory, so callers must cap the archive size.
 */
import { BLOCK, decodeHeader, isZeroBlock, parsePax, TarError, type TarHeader } from "./header.ts";

/** One entry of an archive, with long names and pax attributes applied. */
export interface TarEntry extends TarHeader {
  /** File contents (empty for anything but files). */
  data: Uint8Array;
}

/** Options of {@link readTar}. */
export interface ReadTarOptions {
  /** Refuse an entry (or long name / pax record) larger than this. Default 64 MiB. */
  maxEntryBytes?: number;
}

/** Reads exact byte counts from a stream. */
class ByteReader {
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buf = new Uint8Array(0);
  constructor(stream: ReadableStream<Uint8Array>) {
    this.#reader = stream.getReader();
  }
  /** Exactly `n` bytes, or null at a clean end of stream. */
  async read(n: number): Promise<Uint8Array | null> {
    while (this.#buf.length < n) {
      const { done, value } = await this.#reader.read();
      if (done) {
        if (this.#buf.length === 0) return null;
        throw new TarError("archive ends in the middle of an entry");
      }
      const next = new Uint8Array(this.#buf.length + value.length);
      next.set(this.#buf);
      next.set(value, this.#buf.length);
      this.#buf = next;
    }
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.subarray(n);
    return out;
  }
  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}

/** Yields the entries of an uncompressed tar stream. */
export async function* readTar(
  stream: ReadableStream<Uint8Array>,
  options: ReadTarOptions = {},
): AsyncGenerator<TarEntry> {
  const maxEntry = options.maxEntryBytes ?? 64 * 1024 * 1024;
  const reader = new ByteReader(stream);
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  try {
    while (true) {
      const block = await reader.read(BLOCK);
      if (block === null || isZeroBlock(block)) return;
      const header = decodeHeader(block);
      const size = header.type === "file" || header.type.startsWith("gnu") ||
          header.type.startsWith("pax")
        ? Number(pax.size ?? header.size)
        : 0;
      if (!Number.isSafeInteger(size) || size < 0) throw new TarError("bad entry size");
      if (size > maxEntry) {
        throw new TarError(`entry "${header.name}" is larger than ${maxEntry} bytes`);
      }
      const padded = Math.ceil(size / BLOCK) * BLOCK;
      const raw = padded ? await reader.read(padded) : new Uint8Array(0);
      if (raw === null) throw new TarError("archive ends in the middle of an entry");
      const data = raw.subarray(0, size);
      if (header.type === "gnu-longname") {
        longName = new TextDecoder().decode(data).replace(/\0+$/, "");
      } else if (header.type === "gnu-longlink") {
        longLink = new TextDecoder().decode(data).replace(/\0+$/, "");
      } else if (header.type === "pax") {
        pax = parsePax(data);
      } else if (header.type !== "pax-global") {
        yield {
          ...header,
          name: pax.path ?? longName ?? header.name,
          linkname: pax.linkpath ?? longLink ?? header.linkname,
          size,
          data,
        };
        longName = longLink = undefined;
        pax = {};
      }
    }
  } finally {
    await reader.cancel();
  }
}

export { TarError };
